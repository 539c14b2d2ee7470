/* sound: the loop's side of sound - the output device, the volume of the
 * hour (audio.quiet), which play's sound is heard, and the audio clock the
 * picture follows, with the figures of how closely it does. Never calls
 * back into the loop. Main thread. */
#ifndef SIGNAGE_LOOP_SOUND_H
#define SIGNAGE_LOOP_SOUND_H

#include <stdbool.h>
#include <stdint.h>

#include "base/tz.h"
#include "config/settings.h"
#include "loop/slot.h"
#include "media/audio_out.h"

#define SOUND_OFFSET_BUCKETS 1001

struct sound {
    struct audio_out *out; /* NULL: no sound (off, --untimed, or no device) */
    const struct settings *s;
    double volume;         /* in force; -1 until the first tick */
    int64_t next_check_us; /* when the quiet hours are looked at again */
    bool playing;          /* the play on screen has sound */
    /* figures for --stats */
    int64_t offset_max_us; /* largest |picture - sound| at a present */
    int64_t offset_sum_us, offsets;
    int64_t offset_ms_count[SOUND_OFFSET_BUCKETS]; /* presents by whole ms of offset (last: more) */
    int64_t decoded_us; /* sound decoded for the plays that went on screen */
};

/* Opens the device when s->audio_enabled, unless untimed (the virtual clock
 * has no speaker). A device that does not open is logged: the screen plays
 * silent. */
void sound_init(struct sound *snd, const struct settings *s, bool untimed);

/* Sets the volume of the local time (in tz) at most once a second. Returns
 * true when whether sound is heard changed (captions may follow it). */
bool sound_tick(struct sound *snd, const struct tz *tz, int64_t now_us);

/* sl (NULL = none) goes on screen: its sound is heard from now on instead of
 * the last play's. Call before the last play's slot is cleared. */
void sound_play(struct sound *snd, struct slot *sl);

/* True while the play on screen is heard at a volume above 0. */
bool sound_audible(const struct sound *snd);

/* Where the speaker is on the video's clock at now_us, when sound plays. */
bool sound_position(struct sound *snd, int64_t now_us, int64_t *pos_us);

/* A picture of pts_us was just presented: counts its offset from the sound. */
void sound_note_present(struct sound *snd, int64_t pts_us, int64_t now_us);

/* The offset in ms that share (0..1) of the presents counted stayed within. */
double sound_offset_quantile_ms(const struct sound *snd, double share);

/* sl is leaving the screen: counts the sound it decoded. */
void sound_note_ended(struct sound *snd, struct slot *sl);

/* Stops the device. Idempotent. */
void sound_close(struct sound *snd);

#endif
