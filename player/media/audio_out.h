/* audio_out: the SDL audio device the sound of the video on screen plays
 * through, and the clock the picture follows (the audio is the master, as
 * in ffplay and mpv).
 *
 * SDL's audio thread takes the sound from the ring of the track playing
 * (audio.h), at the volume set; a track starts with a 10 ms fade in, and a
 * track that ends or is taken away mid-sound fades its last sample out over
 * 5 ms, so that switching items never clicks. Silence is played while no
 * track is set. The device is opened in exactly AUDIO_RATE Hz, stereo S16
 * (SDL converts if the hardware wants otherwise). Every function but the
 * callback runs on the main thread. */
#ifndef SIGNAGE_AUDIO_OUT_H
#define SIGNAGE_AUDIO_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "media/audio.h"

struct audio_out;

/* Opens the default device (SDL_INIT_AUDIO is initialised here) and starts
 * it playing silence. Returns NULL with the reason in err. */
struct audio_out *audio_out_open(char *err, size_t err_size);

/* Plays ring (NULL = none) from now on, in place of the one playing; the
 * old ring is no longer touched once this returns. */
void audio_out_set(struct audio_out *o, struct audio_ring *ring);

/* The volume, 0..1, reached over about 20 ms. */
void audio_out_set_volume(struct audio_out *o, double volume);

/* Where the sound at the speaker is on the video's clock at time now_us
 * (time_now_us()), into *pos_us. Returns false when no sound is playing
 * (no ring, nothing in it yet, ran dry, or ended): the picture then keeps
 * its own time. */
bool audio_out_position(struct audio_out *o, int64_t now_us, int64_t *pos_us);

/* Stops the device. audio_out_close(NULL) is a no-op. */
void audio_out_close(struct audio_out *o);

/* Pure, for the callback and tests: multiplies n interleaved frames by a
 * gain that moves linearly from *gain towards target by step per frame,
 * leaving the gain reached in *gain. */
void audio_apply_gain(int16_t *frames, int n, float *gain, float target, float step);

#endif
