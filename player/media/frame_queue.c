#include "media/frame_queue.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

int frame_queue_init(struct frame_queue *q, int capacity)
{
    memset(q, 0, sizeof(*q));
    if (capacity < 1 || capacity > FRAME_QUEUE_MAX)
        return -1;
    q->capacity = capacity;
    q->limit = capacity;
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        return -1;
    if (cond_init_monotonic(&q->cond) != 0) {
        pthread_mutex_destroy(&q->lock);
        return -1;
    }
    return 0;
}

void frame_queue_destroy(struct frame_queue *q)
{
    while (q->size > 0) {
        av_frame_free(&q->frames[q->rindex]);
        q->rindex = (q->rindex + 1) % q->capacity;
        q->size--;
    }
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

int frame_queue_push(struct frame_queue *q, AVFrame *f)
{
    pthread_mutex_lock(&q->lock);
    while (q->size >= q->limit && !q->aborted)
        pthread_cond_wait(&q->cond, &q->lock);
    if (q->aborted) {
        pthread_mutex_unlock(&q->lock);
        av_frame_free(&f);
        return -1;
    }
    q->frames[(q->rindex + q->size) % q->capacity] = f;
    q->size++;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

void frame_queue_set_limit(struct frame_queue *q, int limit)
{
    pthread_mutex_lock(&q->lock);
    q->limit = limit < 1 ? 1 : limit > q->capacity ? q->capacity : limit;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void frame_queue_finish(struct frame_queue *q, int error, const char *reason)
{
    pthread_mutex_lock(&q->lock);
    q->finished = true;
    q->error = error;
    if (reason)
        snprintf(q->reason, sizeof(q->reason), "%s", reason);
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void frame_queue_abort(struct frame_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->aborted = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

AVFrame *frame_queue_peek(struct frame_queue *q, int nth)
{
    AVFrame *f = NULL;
    pthread_mutex_lock(&q->lock);
    if (nth >= 0 && nth < q->size)
        f = q->frames[(q->rindex + nth) % q->capacity];
    pthread_mutex_unlock(&q->lock);
    return f;
}

AVFrame *frame_queue_pop(struct frame_queue *q)
{
    AVFrame *f = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->size > 0) {
        f = q->frames[q->rindex];
        q->frames[q->rindex] = NULL;
        q->rindex = (q->rindex + 1) % q->capacity;
        q->size--;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return f;
}

int frame_queue_size(struct frame_queue *q)
{
    pthread_mutex_lock(&q->lock);
    int n = q->size;
    pthread_mutex_unlock(&q->lock);
    return n;
}

bool frame_queue_drained(struct frame_queue *q, int *error, char *reason, size_t reason_size)
{
    pthread_mutex_lock(&q->lock);
    bool done = q->finished && q->size == 0;
    if (error)
        *error = q->error;
    if (reason && reason_size)
        snprintf(reason, reason_size, "%s", q->reason);
    pthread_mutex_unlock(&q->lock);
    return done;
}

int frame_queue_wait(struct frame_queue *q, int timeout_ms)
{
    struct timespec until;
    cond_deadline_in(timeout_ms * 1000LL, &until);
    pthread_mutex_lock(&q->lock);
    int rc = 0;
    while (q->size == 0 && !q->finished && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&q->cond, &q->lock, &until);
    int n = q->size;
    pthread_mutex_unlock(&q->lock);
    return n;
}
