#include "media/source.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/log.h"
#include "base/util.h"

/* How long source_close() waits for a decode thread before leaving it behind. */
#define CLOSE_WAIT_MS 200

struct source {
    pthread_t thread;
    struct frame_queue queue;
    atomic_bool abort;      /* set by source_close(); polled by the demuxer */
    atomic_llong frame_us;  /* written by the thread before its first push */
    atomic_llong length_us; /* likewise */
    char *path;
    struct media_opts opts;
    struct extras *extras; /* sound and captions, or NULL */
    pthread_mutex_t life;
    pthread_cond_t life_cond;
    /* -- fields below: protected by life */
    bool exited;   /* the thread is past its last use of the queue */
    bool orphaned; /* source_close() gave up waiting: the thread frees the source */
};

static void source_free(struct source *s)
{
    extras_free(s->extras);
    frame_queue_destroy(&s->queue);
    pthread_cond_destroy(&s->life_cond);
    pthread_mutex_destroy(&s->life);
    free(s->path);
    free(s);
}

static void *decode_thread(void *arg)
{
    struct source *s = arg;
    char err[256] = "";
    int ret = -1;
    extras_start(s->extras);
    struct media *m = media_open(s->path, &s->opts, err, sizeof(err));
    if (m) {
        atomic_store(&s->frame_us, media_frame_duration_us(m));
        atomic_store(&s->length_us, media_duration_us(m));
        log_debug("%s: %s", s->path, media_describe(m));
        for (;;) {
            AVFrame *f = NULL;
            ret = media_next(m, &f, err, sizeof(err));
            if (ret != 0)
                break;
            if (frame_queue_push(&s->queue, f) < 0) {
                ret = 1; /* aborted: nobody is waiting for the reason */
                break;
            }
        }
        media_close(m);
    }
    frame_queue_finish(&s->queue, ret < 0 ? ret : 0, ret < 0 ? err : NULL);

    pthread_mutex_lock(&s->life);
    s->exited = true;
    bool orphaned = s->orphaned;
    pthread_cond_broadcast(&s->life_cond);
    pthread_mutex_unlock(&s->life);
    if (orphaned)
        source_free(s);
    return NULL;
}

struct source *source_open(const char *path, const struct media_opts *o, int queue_frames)
{
    return source_open_extras(path, o, queue_frames, NULL);
}

struct source *source_open_extras(const char *path, const struct media_opts *o, int queue_frames,
                                  const struct extras_opts *x)
{
    struct source *s = xcalloc(1, sizeof(*s));
    s->path = xstrdup(path);
    s->opts = *o;
    s->opts.abort = &s->abort;
    s->extras = extras_create(x);
    s->opts.side = extras_side(s->extras);
    atomic_init(&s->abort, false);
    atomic_init(&s->frame_us, 40000);
    atomic_init(&s->length_us, 0);
    pthread_mutex_init(&s->life, NULL);
    cond_init_monotonic(&s->life_cond);
    if (frame_queue_init(&s->queue, queue_frames) < 0) {
        extras_free(s->extras);
        pthread_cond_destroy(&s->life_cond);
        pthread_mutex_destroy(&s->life);
        free(s->path);
        free(s);
        return NULL;
    }
    if (pthread_create(&s->thread, NULL, decode_thread, s) != 0) {
        log_error("%s: cannot start a decode thread", path);
        source_free(s);
        return NULL;
    }
    return s;
}

struct extras *source_extras(struct source *s)
{
    return s->extras;
}

struct frame_queue *source_queue(struct source *s)
{
    return &s->queue;
}

int64_t source_frame_duration_us(struct source *s)
{
    return atomic_load(&s->frame_us);
}

int64_t source_duration_us(struct source *s)
{
    return atomic_load(&s->length_us);
}

const char *source_path(const struct source *s)
{
    return s->path;
}

void source_close(struct source *s)
{
    if (!s)
        return;
    atomic_store(&s->abort, true);
    frame_queue_abort(&s->queue);
    extras_abort(s->extras);

    struct timespec until;
    cond_deadline_in(CLOSE_WAIT_MS * 1000LL, &until);
    pthread_mutex_lock(&s->life);
    int rc = 0;
    while (!s->exited && rc == 0)
        rc = pthread_cond_timedwait(&s->life_cond, &s->life, &until);
    if (!s->exited) {
        /* Blocked in a system call that no flag interrupts (a stalled network
         * mount): the play loop must not freeze with it. The thread frees
         * the source when, if ever, it returns: from the unlock on, s is
         * not ours to touch. */
        s->orphaned = true;
        pthread_t thread = s->thread;
        log_warn("%s: decoding does not stop; left behind", s->path);
        pthread_mutex_unlock(&s->life);
        pthread_detach(thread);
        return;
    }
    pthread_mutex_unlock(&s->life);
    pthread_join(s->thread, NULL);
    source_free(s);
}
