/* av: the sound and the captions of the play on screen, as the loop sees
 * them - its sound heard (sound.h), the play's clock following the sound's,
 * and the caption due at its picture (caption_view.h) shown by
 * captions.show: "always", or "when_muted" while no sound is heard. Never
 * calls back into the loop. Main thread. */
#ifndef SIGNAGE_AV_H
#define SIGNAGE_AV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/tz.h"
#include "config/settings.h"
#include "loop/caption_view.h"
#include "loop/slot.h"
#include "loop/sound.h"

struct av {
    struct sound sound;
    struct caption_view caption; /* the caption on screen */
    const char *show;            /* captions.show */
    bool fresh;                  /* a picture was uploaded since the last present */
};

/* Opens the sound device as sound_init() does and tells env whether slots
 * decode sound and captions. */
void av_init(struct av *av, const struct settings *s, bool untimed, struct slot_env *env);

/* sl goes on screen in place of old (NULL = none): sl's sound is heard,
 * old's counted. Call before old is cleared. */
void av_switch(struct av *av, struct slot *old, struct slot *sl);

/* A new picture of sl is up (or sl just went on screen): the caption due
 * at it. Returns true when what is on screen changed. */
bool av_picture(struct av *av, struct slot *sl, const struct slot_env *env);

/* Every turn: the quiet hours (in tz), the caption when whether sound is
 * heard changed, and sl's clock set to the speaker's while its sound plays
 * (waiting: sl is over, its clock no longer matters). Returns true when
 * what is on screen changed. */
bool av_tick(struct av *av, struct slot *sl, bool waiting, const struct tz *tz,
             const struct slot_env *env, int64_t now_us);

/* The screen was presented with sl on it. */
void av_presented(struct av *av, const struct slot *sl);

/* The figures as JSON members, each followed by ",\n ", into buf. */
void av_stats_json(const struct av *av, char *buf, size_t size);

/* Stops the device and takes the caption down; before the slots are
 * cleared. Idempotent. */
void av_close(struct av *av);

#endif
