/* frame_queue: order, blocking when full, finish and abort, across threads. */
#include <pthread.h>
#include <unistd.h>

#include "media/frame_queue.h"
#include "testlib.h"
#include "base/util.h"

#define N_FRAMES 500

static void *producer(void *arg)
{
    struct frame_queue *q = arg;
    for (int i = 0; i < N_FRAMES; i++) {
        AVFrame *f = av_frame_alloc();
        f->pts = i;
        if (frame_queue_push(q, f) < 0)
            return (void *)1;
    }
    frame_queue_finish(q, 0, NULL);
    return NULL;
}

static void *pusher_until_abort(void *arg)
{
    struct frame_queue *q = arg;
    for (;;) {
        AVFrame *f = av_frame_alloc();
        if (frame_queue_push(q, f) < 0)
            return NULL;
    }
}

int main(void)
{
    struct frame_queue q;
    EXPECT_INT(frame_queue_init(&q, 0), -1);
    EXPECT_INT(frame_queue_init(&q, FRAME_QUEUE_MAX + 1), -1);

    /* Frames arrive in order, none lost, the queue never holds more than its capacity. */
    EXPECT_INT(frame_queue_init(&q, 3), 0);
    pthread_t t;
    pthread_create(&t, NULL, producer, &q);
    int next = 0, max_size = 0, err = 1;
    while (!frame_queue_drained(&q, &err, NULL, 0)) {
        int size = frame_queue_size(&q);
        if (size > max_size)
            max_size = size;
        AVFrame *peeked = frame_queue_peek(&q, 0);
        AVFrame *f = frame_queue_pop(&q);
        EXPECT(!peeked || peeked == f); /* the producer may push between the two */
        if (f) {
            EXPECT_INT(f->pts, next);
            next++;
            av_frame_free(&f);
        } else {
            frame_queue_wait(&q, 10);
        }
    }
    pthread_join(t, NULL);
    EXPECT_INT(next, N_FRAMES);
    EXPECT_INT(err, 0);
    EXPECT(max_size <= 3);
    frame_queue_destroy(&q);

    /* A full queue blocks the producer; abort releases it, destroy frees what is left. */
    EXPECT_INT(frame_queue_init(&q, 2), 0);
    pthread_create(&t, NULL, pusher_until_abort, &q);
    while (frame_queue_size(&q) < 2)
        usleep(1000);
    usleep(20000);
    EXPECT_INT(frame_queue_size(&q), 2);
    EXPECT(frame_queue_peek(&q, 1) != NULL);
    EXPECT(frame_queue_peek(&q, 2) == NULL);
    frame_queue_abort(&q);
    pthread_join(t, NULL);
    frame_queue_destroy(&q);

    /* An error travels with its reason; waiting times out on an idle queue. */
    EXPECT_INT(frame_queue_init(&q, 1), 0);
    int64_t t0 = time_now_us();
    EXPECT_INT(frame_queue_wait(&q, 30), 0);
    EXPECT(time_now_us() - t0 >= 25000);
    EXPECT(!frame_queue_drained(&q, NULL, NULL, 0));
    frame_queue_finish(&q, -5, "broken file");
    char reason[64];
    EXPECT(frame_queue_drained(&q, &err, reason, sizeof(reason)));
    EXPECT_INT(err, -5);
    EXPECT_STR(reason, "broken file");
    frame_queue_destroy(&q);
    return test_result("test_frame_queue");
}
