/* source: one media file being decoded on a thread of its own into a small
 * frame queue. The main thread opens a source ahead of time (so that its
 * first picture is ready when it goes on screen), takes frames from the queue
 * and closes it. A source knows nothing of what plays it. */
#ifndef SIGNAGE_SOURCE_H
#define SIGNAGE_SOURCE_H

#include "media/extras.h"
#include "media/frame_queue.h"
#include "media/media.h"

struct source;

/* Starts decoding path on a new thread into a queue of queue_frames frames.
 * o->abort is ignored (the source has its own). Returns NULL only when no
 * thread could be started; open and decode errors arrive through the queue
 * (frame_queue_drained() with an error and a reason). Main thread. */
struct source *source_open(const char *path, const struct media_opts *o, int queue_frames);

/* source_open() that also decodes the file's sound and captions as x says
 * (extras.h; NULL = the picture only). */
struct source *source_open_extras(const char *path, const struct media_opts *o, int queue_frames,
                                  const struct extras_opts *x);

/* The sound and captions, NULL when none were asked for; owned by the
 * source. */
struct extras *source_extras(struct source *s);

/* The queue the decoded frames arrive in; owned by the source. */
struct frame_queue *source_queue(struct source *s);

/* Nominal time one picture stays on screen, in microseconds; valid once the
 * first frame has been queued. */
int64_t source_frame_duration_us(struct source *s);

/* Length of the file in microseconds (0 when unknown); valid once the
 * first frame has been queued. */
int64_t source_duration_us(struct source *s);

/* The path given to source_open(). */
const char *source_path(const struct source *s);

/* Stops the thread, waits for it and frees everything. A thread stuck in a
 * system call is not waited for more than 200 ms: it is left to free the
 * source itself when it returns. source_close(NULL) is a no-op. Main thread. */
void source_close(struct source *s);

#endif
