/* source: a decode thread delivers a file's pictures through its queue;
 * closing mid-file stops it; a thread stuck in a system call (a FIFO with no
 * writer blocks in open()) does not block source_close(), and frees itself
 * once released. Fixtures: make-fixtures.sh. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/source.h"
#include "testlib.h"
#include "base/util.h"

int main(void)
{
    media_log_init(false);
    const char *dir = getenv("SIGNAGE_FIXTURES");
    if (!dir)
        dir = "fixtures";
    struct media_opts o = {0};

    /* Every picture of a clip, in order, then a clean end. */
    char *path = xasprintf("%s/h264.mp4", dir);
    struct source *s = source_open(path, &o, 3);
    EXPECT(s != NULL);
    int n = 0, err = 1;
    while (!frame_queue_drained(source_queue(s), &err, NULL, 0)) {
        AVFrame *f = frame_queue_pop(source_queue(s));
        if (f) {
            n++;
            av_frame_free(&f);
        } else {
            frame_queue_wait(source_queue(s), 100);
        }
    }
    EXPECT_INT(n, 25);
    EXPECT_INT(err, 0);
    EXPECT(source_duration_us(s) >= 900000);
    EXPECT_INT(source_frame_duration_us(s), 40000);
    source_close(s);

    /* Closed while the thread is blocked on a full queue. */
    s = source_open(path, &o, 2);
    EXPECT(frame_queue_wait(source_queue(s), 2000) > 0);
    source_close(s);
    free(path);

    /* A broken file: the reason arrives through the queue. */
    path = xasprintf("%s/text.png", dir);
    s = source_open(path, &(struct media_opts){.still = true}, 1);
    char reason[256] = "";
    while (!frame_queue_drained(source_queue(s), &err, reason, sizeof(reason)))
        frame_queue_wait(source_queue(s), 100);
    EXPECT(err < 0);
    EXPECT(reason[0] != '\0');
    source_close(s);
    free(path);

    /* A thread stuck in open(): close returns anyway, and the thread cleans up after itself. */
    char fifo[] = "/tmp/signage-test-fifo-XXXXXX";
    EXPECT(mkdtemp(fifo) != NULL);
    char *fifo_path = xasprintf("%s/stuck.mp4", fifo);
    EXPECT_INT(mkfifo(fifo_path, 0600), 0);
    s = source_open(fifo_path, &o, 1);
    usleep(50000);
    int64_t t0 = time_now_us();
    source_close(s);
    int64_t waited = time_now_us() - t0;
    EXPECT(waited < 1000000);
    int fd = open(fifo_path, O_WRONLY); /* releases the thread's open() */
    EXPECT(fd >= 0);
    close(fd);
    usleep(300000); /* let it finish and free the source (ASan/valgrind check the rest) */
    unlink(fifo_path);
    rmdir(fifo);
    free(fifo_path);
    return test_result("test_source");
}
