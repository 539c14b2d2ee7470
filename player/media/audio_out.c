#include "media/audio_out.h"

#include <SDL.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

#define DEVICE_FRAMES  1024               /* per callback: 21 ms at 48 kHz */
#define FADE_IN_FRAMES (AUDIO_RATE / 100) /* 10 ms */
#define TAIL_FRAMES    (AUDIO_RATE / 200) /* 5 ms */
#define VOLUME_FRAMES  (AUDIO_RATE / 50)  /* 20 ms */

struct audio_out {
    SDL_AudioDeviceID dev;
    int64_t latency_us; /* from handing frames to SDL until they sound */
    /* -- fields below: protected by the device lock (SDL_LockAudioDevice) */
    struct audio_ring *ring;    /* set by the main thread */
    struct audio_ring *playing; /* what the callback last read */
    float volume;               /* target */
    float gain;                 /* volume reached */
    float fade;                 /* 0..1: the fade in of the track playing */
    int16_t last[AUDIO_CHANNELS];
    pthread_mutex_t clock_lock;
    /* -- fields below: protected by clock_lock */
    bool sounding;   /* the last callback had frames of a track */
    int64_t end_us;  /* video time just after the last frame handed to SDL */
    int64_t at_us;   /* when (time_now_us()) */
    int64_t span_us; /* how long the frames handed then last */
};

void audio_apply_gain(int16_t *frames, int n, float *gain, float target, float step)
{
    float g = *gain;
    for (int i = 0; i < n; i++) {
        if (g < target)
            g = g + step < target ? g + step : target;
        else if (g > target)
            g = g - step > target ? g - step : target;
        for (int c = 0; c < AUDIO_CHANNELS; c++) {
            float v = frames[i * AUDIO_CHANNELS + c] * g;
            frames[i * AUDIO_CHANNELS + c] = (int16_t)lrintf(v);
        }
    }
    *gain = g;
}

/* Adds the last sample of a track that stopped, faded to zero over the
 * first frames of out (at most n): the speaker cone comes to rest instead
 * of jumping. */
static void add_tail(const int16_t last[AUDIO_CHANNELS], int16_t *out, int n)
{
    int k = n < TAIL_FRAMES ? n : TAIL_FRAMES;
    for (int i = 0; i < k; i++) {
        for (int c = 0; c < AUDIO_CHANNELS; c++) {
            int v = out[i * AUDIO_CHANNELS + c] + last[c] * (TAIL_FRAMES - i - 1) / TAIL_FRAMES;
            out[i * AUDIO_CHANNELS + c] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        }
    }
}

static void callback(void *userdata, Uint8 *stream, int len)
{
    struct audio_out *o = userdata;
    int16_t *out = (int16_t *)stream;
    int n = len / (int)(AUDIO_CHANNELS * sizeof(int16_t));
    int got = 0;
    int64_t t = INT64_MIN;
    int16_t cut[AUDIO_CHANNELS] = {0}; /* the last sample of a track taken away */
    if (o->ring != o->playing) {
        memcpy(cut, o->last, sizeof(cut));
        memset(o->last, 0, sizeof(o->last));
        o->playing = o->ring;
        o->fade = 0;
    }
    if (o->playing)
        got = audio_ring_read(o->playing, out, n, &t);
    if (got > 0) {
        /* The fade in, then the volume. */
        if (o->fade < 1) {
            float fade = o->fade;
            audio_apply_gain(out, got, &fade, 1.0f, 1.0f / FADE_IN_FRAMES);
            o->fade = fade;
        }
        audio_apply_gain(out, got, &o->gain, o->volume, 1.0f / VOLUME_FRAMES);
    } else {
        o->gain = o->volume;
    }
    memset(out + (size_t)got * AUDIO_CHANNELS, 0, (size_t)(n - got) * AUDIO_CHANNELS * 2);
    if (got < n && got > 0) /* ran dry or ended: its own last sample fades out */
        memcpy(o->last, out + (size_t)(got - 1) * AUDIO_CHANNELS, sizeof(o->last));
    if (got < n) {
        add_tail(o->last, out + (size_t)got * AUDIO_CHANNELS, n - got);
        o->fade = 0; /* should it come back (it ran dry), it fades in again */
    }
    add_tail(cut, out, n);
    memcpy(o->last, out + (size_t)(n - 1) * AUDIO_CHANNELS, sizeof(o->last));

    pthread_mutex_lock(&o->clock_lock);
    o->sounding = got == n;
    if (got > 0) {
        o->end_us = t + (int64_t)got * 1000000 / AUDIO_RATE;
        o->at_us = time_now_us();
        o->span_us = (int64_t)n * 1000000 / AUDIO_RATE;
    }
    pthread_mutex_unlock(&o->clock_lock);
}

struct audio_out *audio_out_open(char *err, size_t err_size)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        snprintf(err, err_size, "no sound (SDL: %s)", SDL_GetError());
        return NULL;
    }
    struct audio_out *o = xcalloc(1, sizeof(*o));
    pthread_mutex_init(&o->clock_lock, NULL);
    SDL_AudioSpec want =
                      {
                          .freq = AUDIO_RATE,
                          .format = AUDIO_S16SYS,
                          .channels = AUDIO_CHANNELS,
                          .samples = DEVICE_FRAMES,
                          .callback = callback,
                          .userdata = o,
                      },
                  have;
    o->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!o->dev) {
        snprintf(err, err_size, "no sound device (SDL: %s)", SDL_GetError());
        pthread_mutex_destroy(&o->clock_lock);
        free(o);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    /* SDL's disk driver writes each buffer as it is handed over; a device
     * plays one buffer while the next waits. */
    const char *driver = SDL_GetCurrentAudioDriver();
    int buffers = driver && strcmp(driver, "disk") == 0 ? 1 : 2;
    o->latency_us = (int64_t)buffers * have.samples * 1000000 / AUDIO_RATE;
    log_info("sound: %s, %d Hz, %d frames a buffer", driver ? driver : "?", have.freq,
             have.samples);
    SDL_PauseAudioDevice(o->dev, 0);
    return o;
}

void audio_out_set(struct audio_out *o, struct audio_ring *ring)
{
    SDL_LockAudioDevice(o->dev);
    o->ring = ring;
    o->playing = ring == o->playing ? o->playing : NULL;
    SDL_UnlockAudioDevice(o->dev);
    pthread_mutex_lock(&o->clock_lock);
    o->sounding = false;
    pthread_mutex_unlock(&o->clock_lock);
}

void audio_out_set_volume(struct audio_out *o, double volume)
{
    SDL_LockAudioDevice(o->dev);
    o->volume = (float)volume;
    SDL_UnlockAudioDevice(o->dev);
}

bool audio_out_position(struct audio_out *o, int64_t now_us, int64_t *pos_us)
{
    pthread_mutex_lock(&o->clock_lock);
    bool ok = o->sounding;
    if (ok) {
        int64_t since = now_us - o->at_us;
        if (since > o->span_us) /* the next callback is late: do not run ahead of it */
            since = o->span_us;
        if (since < 0)
            since = 0;
        *pos_us = o->end_us - o->latency_us + since;
    }
    pthread_mutex_unlock(&o->clock_lock);
    return ok;
}

void audio_out_close(struct audio_out *o)
{
    if (!o)
        return;
    SDL_CloseAudioDevice(o->dev);
    pthread_mutex_destroy(&o->clock_lock);
    free(o);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}
