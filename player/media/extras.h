/* extras: what a source plays besides the picture: its sound (audio.h)
 * and its captions, from the item's caption file (captions.h) or else from
 * a subtitle stream in the file (subtitles.h). It is the source's side
 * reader (demux.h): the decode thread fills it, the main thread asks it for
 * the caption due and hands its sound ring to the output.
 *
 * With sound off the audio stream is discarded by the demuxer and never
 * decoded; with captions off no subtitle stream is either. */
#ifndef SIGNAGE_EXTRAS_H
#define SIGNAGE_EXTRAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/audio.h"
#include "media/demux.h"

struct extras_opts {
    bool sound;                /* decode the audio stream */
    bool captions;             /* load captions_file, or else decode a subtitle stream */
    const char *captions_file; /* the item's caption file for this language, NULL = none */
    const char *lang;          /* the language playing, picks the subtitle stream */
};

struct extras;

/* Copies o. Returns NULL when neither sound nor captions are wanted. Any thread. */
struct extras *extras_create(const struct extras_opts *o);

/* The side reader to pass in media_opts.side. */
const struct media_side *extras_side(struct extras *x);

/* Decode thread, before the file is opened: reads the caption file (a bad
 * one is logged at debug level; `signage check` and the playlist load
 * report it). */
void extras_start(struct extras *x);

/* Any thread: a decode thread waiting for room in the sound ring stops. */
void extras_abort(struct extras *x);

/* The sound ring to play, or NULL when there is no sound (off, the file
 * has none, or it does not decode). Valid until extras_free(). Main thread. */
struct audio_ring *extras_sound(struct extras *x);

/* Copies into buf the caption showing at t_us on the video's clock.
 * Returns true when one shows. Main thread. */
bool extras_caption_at(struct extras *x, int64_t t_us, char *buf, size_t size);

/* Microseconds of sound decoded, for the figures. Any thread. */
int64_t extras_sound_decoded_us(struct extras *x);

/* Frees everything; the decode thread must be done with it. extras_free(NULL)
 * is a no-op. */
void extras_free(struct extras *x);

#endif
