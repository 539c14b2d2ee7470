/* speak: pages read aloud with espeak-ng (libespeak-ng) through SDL audio.
 *
 * espeak-ng is used by a thread of its own, the only one that calls it
 * after speak_create(); it synthesises a sentence at a time and queues the
 * samples on an SDL audio device (SDL_QueueAudio), scaled to the volume.
 * The main thread only hands it a text or stops it: it never waits for
 * synthesis. speak_can() says which languages espeak-ng has a voice for, so
 * that a page in a language it cannot speak shows that read aloud is not
 * available. All functions: main thread. */
#ifndef SIGNAGE_SPEAK_H
#define SIGNAGE_SPEAK_H

#include <stdbool.h>

struct speak;

/* Starts espeak-ng and opens the default SDL audio output (the audio
 * subsystem is started here; SDL_Init must have run). volume: 0..100.
 * Returns NULL after logging one line when there is no espeak-ng data or no
 * audio device: read aloud is then unavailable everywhere. */
struct speak *speak_create(int volume);

/* Stops speaking, ends the thread, closes the device. NULL is a no-op. */
void speak_destroy(struct speak *s);

/* Whether espeak-ng has a voice for the BCP 47 tag lang (by its primary
 * language: "es-MX" -> es, Chinese -> Mandarin). s may be NULL (false). */
bool speak_can(const struct speak *s, const char *lang);

/* Reads text aloud in lang, instead of anything being read. Returns 0, or
 * -1 when lang has no voice (nothing is said). */
int speak_say(struct speak *s, const char *lang, const char *text);

/* Stops at once what is being read. NULL is a no-op. */
void speak_stop(struct speak *s);

/* The espeak-ng language speak_can() found for lang, or NULL. For messages and tests. */
const char *speak_voice(const struct speak *s, const char *lang);

#endif
