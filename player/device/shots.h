/* shots: screenshots as proof of what the screen showed (setting
 * screenshots = { every; dir; keep; }). The play loop reads the renderer's
 * own picture when one is due (shots_due) and hands the pixels over
 * (shots_take); a thread of its own encodes the PNG, names it with the time
 * and the play id, keeps only the newest `keep` in the folder, and hands
 * back each file written (shots_poll) for the loop to record in the ledger.
 *
 * A full folder: the oldest screenshot is deleted for each new one, and
 * one warning says so the first time. A write that fails (disk full) drops
 * the oldest screenshot and is tried once more; failures are logged once
 * until a screenshot is written again. */
#ifndef SIGNAGE_SHOTS_H
#define SIGNAGE_SHOTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHOTS_PENDING_MAX 2 /* pictures waiting to be encoded; more are dropped */

/* "20261201T221500.123Z_<play_id>.png": sorts by time. Pure. */
void shots_name(char *buf, size_t size, int64_t utc_ms, const char *play_id);

/* Whether name is one of ours (so the folder's other files are never
 * deleted). Pure. */
bool shots_is_ours(const char *name);

/* Deletes the oldest of our screenshots in dir until at most keep remain.
 * Returns how many were deleted, or -1 when dir cannot be read. */
int shots_prune(const char *dir, int keep);

/* A screenshot the thread wrote. */
struct shot_done {
    char play_id[40];
    int64_t taken_utc_ms;
    char path[512];
};

struct shots;

/* Starts the thread for dir (made when missing) keeping keep screenshots,
 * one every every_s seconds from now_us. Returns NULL when the thread
 * cannot start (logged). Main thread. */
struct shots *shots_start(const char *dir, int keep, double every_s, int64_t now_us);

/* Whether a screenshot is due at now_us (monotonic). s may be NULL. */
bool shots_due(const struct shots *s, int64_t now_us);

/* Hands over rgb (w*3 bytes a row; ownership moves, even on failure; NULL
 * when it could not be read: only the next one is scheduled) of the
 * play play_id taken at taken_utc_ms, and schedules the next one. Never
 * blocks on I/O. Main thread. */
void shots_take(struct shots *s, uint8_t *rgb, int w, int h, const char *play_id,
                int64_t taken_utc_ms, int64_t now_us);

/* Takes the next screenshot written, if any: true and *d filled. Main thread. */
bool shots_poll(struct shots *s, struct shot_done *d);

/* Encodes what is pending and stops the thread; what it wrote can still be
 * polled. NULL: no-op. */
void shots_stop(struct shots *s);

/* Frees s after shots_stop(). NULL: no-op. */
void shots_free(struct shots *s);

#endif
