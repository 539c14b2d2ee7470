#include "source.h"

#include <pthread.h>
#include <stdlib.h>

#include "log.h"
#include "util.h"

struct source {
    pthread_t thread;
    struct frame_queue queue;
    atomic_bool abort;      /* set by source_close(); polled by the demuxer */
    atomic_llong frame_us;  /* written by the thread before its first push */
    atomic_llong length_us; /* likewise */
    char *path;
    struct media_opts opts;
};

static void *decode_thread(void *arg)
{
    struct source *s = arg;
    char err[256] = "";
    struct media *m = media_open(s->path, &s->opts, err, sizeof(err));
    if (!m) {
        frame_queue_finish(&s->queue, -1, err);
        return NULL;
    }
    atomic_store(&s->frame_us, media_frame_duration_us(m));
    atomic_store(&s->length_us, media_duration_us(m));
    log_debug("%s: %s", s->path, media_describe(m));

    int ret;
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
    frame_queue_finish(&s->queue, ret < 0 ? ret : 0, ret < 0 ? err : NULL);
    return NULL;
}

struct source *source_open(const char *path, const struct media_opts *o, int queue_frames)
{
    struct source *s = xcalloc(1, sizeof(*s));
    s->path = xstrdup(path);
    s->opts = *o;
    s->opts.abort = &s->abort;
    atomic_init(&s->abort, false);
    atomic_init(&s->frame_us, 40000);
    atomic_init(&s->length_us, 0);
    if (frame_queue_init(&s->queue, queue_frames) < 0) {
        free(s->path);
        free(s);
        return NULL;
    }
    if (pthread_create(&s->thread, NULL, decode_thread, s) != 0) {
        log_error("%s: cannot start a decode thread", path);
        frame_queue_destroy(&s->queue);
        free(s->path);
        free(s);
        return NULL;
    }
    return s;
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
    pthread_join(s->thread, NULL);
    frame_queue_destroy(&s->queue);
    free(s->path);
    free(s);
}
