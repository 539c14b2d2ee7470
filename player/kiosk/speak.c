/* speak: espeak-ng on its own thread, into an SDL audio queue. */
#include "kiosk/speak.h"

#include <SDL.h>
#include <ctype.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

#define MAX_VOICES 256

struct speak {
    SDL_AudioDeviceID dev;
    int rate;                /* samples per second, espeak-ng's */
    int volume;              /* 0..100 */
    char *langs[MAX_VOICES]; /* the languages espeak-ng has voices for */
    int n_langs;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    char *text;      /* to say next, NULL = nothing new */
    char *voice;     /* its espeak-ng language */
    unsigned serial; /* bumped by every say and stop: a synthesis of an older one stops */
    bool quit;
};

/* A lowercase copy of tag's language as espeak-ng names it: Chinese is
 * Mandarin (cmn), other tags keep their primary subtag. */
static void espeak_lang_of(const char *tag, char *out, size_t size, bool primary)
{
    size_t n = 0;
    for (; tag[n] && n + 1 < size && (!primary || (tag[n] != '-' && tag[n] != '_')); n++)
        out[n] = (char)tolower((unsigned char)(tag[n] == '_' ? '-' : tag[n]));
    out[n] = 0;
    if (strncmp(out, "zh", 2) == 0 && (out[2] == 0 || out[2] == '-'))
        snprintf(out, size, "cmn");
}

const char *speak_voice(const struct speak *s, const char *lang)
{
    if (!s || !lang || !lang[0])
        return NULL;
    char want[32];
    for (int pass = 0; pass < 2; pass++) { /* the whole tag ("en-us"), then its language */
        espeak_lang_of(lang, want, sizeof(want), pass == 1);
        for (int i = 0; i < s->n_langs; i++)
            if (strcmp(s->langs[i], want) == 0)
                return s->langs[i];
    }
    return NULL;
}

bool speak_can(const struct speak *s, const char *lang)
{
    return speak_voice(s, lang) != NULL;
}

static void list_voices(struct speak *s)
{
    const espeak_VOICE **v = espeak_ListVoices(NULL);
    for (int i = 0; v && v[i]; i++) {
        /* languages: a priority byte, a name, a NUL; an empty name ends it. */
        for (const char *l = v[i]->languages; l && *l; l += strlen(l + 1) + 2) {
            const char *name = l + 1;
            bool known = false;
            for (int k = 0; k < s->n_langs && !known; k++)
                known = strcmp(s->langs[k], name) == 0;
            if (!known && s->n_langs < MAX_VOICES)
                s->langs[s->n_langs++] = xstrdup(name);
        }
    }
}

struct synth_ctx {
    struct speak *s;
    unsigned serial;
    int16_t buf[4096];
};

/* Called by espeak_Synth() on the speaking thread with each buffer. Returns
 * 1 to stop when a newer say or a stop came. */
static int on_samples(short *wav, int n, espeak_EVENT *ev)
{
    struct synth_ctx *c = ev ? ev->user_data : NULL;
    if (!c)
        return 0;
    /* Queued under the lock: a say or stop clears the queue under it too, so
     * nothing of an older text is queued after that. */
    pthread_mutex_lock(&c->s->lock);
    bool stale = c->s->serial != c->serial || c->s->quit;
    while (!stale && wav && n > 0) {
        int k = n < (int)(sizeof(c->buf) / sizeof(c->buf[0])) ? n : (int)(sizeof(c->buf) / 2);
        for (int i = 0; i < k; i++)
            c->buf[i] = (int16_t)(wav[i] * c->s->volume / 100);
        SDL_QueueAudio(c->s->dev, c->buf, (Uint32)(k * sizeof(int16_t)));
        wav += k;
        n -= k;
    }
    pthread_mutex_unlock(&c->s->lock);
    return stale ? 1 : 0;
}

static void *speak_thread(void *arg)
{
    struct speak *s = arg;
    struct synth_ctx *c = xcalloc(1, sizeof(*c));
    c->s = s;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->text && !s->quit)
            pthread_cond_wait(&s->wake, &s->lock);
        if (s->quit)
            break;
        char *text = s->text, *voice = s->voice;
        s->text = s->voice = NULL;
        c->serial = s->serial;
        pthread_mutex_unlock(&s->lock);

        espeak_VOICE spec = {.languages = voice};
        if (espeak_SetVoiceByProperties(&spec) != EE_OK)
            log_warn("read aloud: espeak-ng cannot take the voice \"%s\"", voice);
        else
            espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, c);
        free(text);
        free(voice);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    free(c);
    return NULL;
}

struct speak *speak_create(int volume)
{
    struct speak *s = xcalloc(1, sizeof(*s));
    s->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    s->rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    if (s->rate <= 0) {
        log_warn("read aloud is off: espeak-ng cannot start (is espeak-ng-data installed?)");
        free(s);
        return NULL;
    }
    espeak_SetSynthCallback(on_samples);
    list_voices(s);
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        log_warn("read aloud is off: no audio (SDL: %s)", SDL_GetError());
        goto fail;
    }
    SDL_AudioSpec want = {.freq = s->rate, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
    s->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (!s->dev) {
        log_warn("read aloud is off: no audio output (SDL: %s)", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        goto fail;
    }
    SDL_PauseAudioDevice(s->dev, 0);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (pthread_create(&s->thread, NULL, speak_thread, s) != 0) {
        log_warn("read aloud is off: cannot start its thread");
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->wake);
        SDL_CloseAudioDevice(s->dev);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        goto fail;
    }
    log_info("read aloud: espeak-ng at %d Hz, %d languages, volume %d", s->rate, s->n_langs,
             s->volume);
    return s;
fail:
    for (int i = 0; i < s->n_langs; i++)
        free(s->langs[i]);
    espeak_Terminate();
    free(s);
    return NULL;
}

int speak_say(struct speak *s, const char *lang, const char *text)
{
    const char *voice = speak_voice(s, lang);
    if (!voice || !text)
        return -1;
    pthread_mutex_lock(&s->lock);
    free(s->text);
    free(s->voice);
    s->text = xstrdup(text);
    s->voice = xstrdup(voice);
    s->serial++;
    SDL_ClearQueuedAudio(s->dev); /* what was queued of the last text */
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    return 0;
}

void speak_stop(struct speak *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    free(s->text);
    free(s->voice);
    s->text = s->voice = NULL;
    s->serial++;
    SDL_ClearQueuedAudio(s->dev);
    pthread_mutex_unlock(&s->lock);
}

void speak_destroy(struct speak *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->quit = true;
    s->serial++;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    free(s->text);
    free(s->voice);
    SDL_CloseAudioDevice(s->dev);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    espeak_Terminate();
    for (int i = 0; i < s->n_langs; i++)
        free(s->langs[i]);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free(s);
}
