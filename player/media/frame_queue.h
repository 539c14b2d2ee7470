/* frame_queue: a small bounded ring of decoded frames between one decode
 * thread (the producer) and the main thread (the consumer), as in ffplay.
 * The producer blocks while the ring is full; the consumer never blocks. */
#ifndef SIGNAGE_FRAME_QUEUE_H
#define SIGNAGE_FRAME_QUEUE_H

#include <pthread.h>
#include <stdbool.h>

#include <libavutil/frame.h>

#define FRAME_QUEUE_MAX 16

struct frame_queue {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int capacity;
    /* -- fields below: protected by lock */
    AVFrame *frames[FRAME_QUEUE_MAX];
    int rindex;       /* oldest frame */
    int size;         /* frames waiting */
    int limit;        /* push blocks while size >= limit (<= capacity) */
    bool finished;    /* the producer will push no more */
    bool aborted;     /* the consumer gave up: push fails at once */
    int error;        /* 0, or the producer's negative error when finished */
    char reason[256]; /* why it failed, for the log */
};

/* Prepares q for capacity frames (1..FRAME_QUEUE_MAX). Returns 0 or -1. */
int frame_queue_init(struct frame_queue *q, int capacity);

/* Frees every frame still queued and the lock. */
void frame_queue_destroy(struct frame_queue *q);

/* Consumer: lets the producer queue at most limit frames (1..capacity) from
 * now on; a source readied ahead of time needs only its first picture. */
void frame_queue_set_limit(struct frame_queue *q, int limit);

/* Producer: appends f, taking ownership of it (f is freed on failure).
 * Blocks while the queue is full. Returns 0, or -1 when the queue was aborted. */
int frame_queue_push(struct frame_queue *q, AVFrame *f);

/* Producer: no more frames will come. error is 0 at a normal end, else a
 * negative code with reason saying why (copied). Wakes any waiter. */
void frame_queue_finish(struct frame_queue *q, int error, const char *reason);

/* Consumer: stops the producer; a blocked push returns -1. */
void frame_queue_abort(struct frame_queue *q);

/* Consumer: the nth oldest frame (0 = oldest) without removing it, or NULL.
 * The frame stays owned by the queue until frame_queue_pop(). */
AVFrame *frame_queue_peek(struct frame_queue *q, int nth);

/* Consumer: removes and returns the oldest frame (caller frees), or NULL. */
AVFrame *frame_queue_pop(struct frame_queue *q);

/* Consumer: number of frames waiting. */
int frame_queue_size(struct frame_queue *q);

/* True when the producer finished and every frame was taken. If error is not
 * NULL it receives the producer's error (0 at a normal end). */
bool frame_queue_drained(struct frame_queue *q, int *error, char *reason, size_t reason_size);

/* Any thread: waits up to timeout_ms until a frame is queued or the producer
 * finished. Returns the number of frames queued (0 on timeout or finish). */
int frame_queue_wait(struct frame_queue *q, int timeout_ms);

#endif
