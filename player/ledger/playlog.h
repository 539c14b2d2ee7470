/* playlog: the proof-of-play ledger. One SQLite file per screen, one row per
 * play, written by a thread of its own that alone owns the SQLite handle.
 *
 * The render loop only enqueues (playlog_begin, playlog_end): it never waits
 * on the disk. The thread commits each batch with a synchronous WAL commit, so
 * a play whose "play end" line was logged survives kill -9 and power loss.
 * When the file cannot be written (not a database, read-only, disk full) the
 * thread logs one error line, keeps the records in a bounded backlog in
 * memory and retries; the player keeps playing. Rows a crash left `playing`
 * are closed `interrupted` when the ledger is next opened. */
#ifndef SIGNAGE_PLAYLOG_H
#define SIGNAGE_PLAYLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger/record.h"

#define PLAYLOG_BACKLOG_DEFAULT 20000 /* records kept in memory while the file fails */

struct playlog;

/* Starts the ledger thread on path for screen_id, keeping at most
 * backlog_max records in memory while the file cannot be written.
 * Never fails for a bad file (that is retried and logged by the thread);
 * returns NULL only when the thread cannot be started. Main thread. */
struct playlog *playlog_open(const char *path, const char *screen_id, int backlog_max);

/* Writes what is queued (one last attempt when the file fails, logging how
 * many plays are lost), stops the thread and frees everything.
 * playlog_close(NULL) is a no-op. Main thread. */
void playlog_close(struct playlog *pl);

/* Records that rec went on screen: gives it a fresh play_id and status
 * playing, and queues a copy. Never blocks on I/O. Any one thread; pl may be
 * NULL (no ledger: the id is still given). */
void playlog_begin(struct playlog *pl, struct play_record *rec);

/* Records the end of rec (its final status and figures), or a play that
 * failed before it reached the screen (play_id empty: one is assigned).
 * A begin still queued for the same play is replaced. Never blocks on I/O. */
void playlog_end(struct playlog *pl, struct play_record *rec);

/* Blocks until everything queued before the call is committed or has failed
 * to be. Returns 0 when the queue is empty, -1 when records are held in the
 * backlog. For tests and shutdown. */
int playlog_flush(struct playlog *pl);

/* Records that the panel went dark (on = false) or lit at utc_ms, by how
 * ("DPMS, command"), with why it failed (error, NULL = it worked). Never
 * blocks on I/O. Any one thread; pl may be NULL. */
void playlog_screen(struct playlog *pl, bool on, int64_t utc_ms, const char *how,
                    const char *error);

/* Records the screenshot at path, taken at taken_utc_ms while play_id (""
 * = none) was on screen. Never blocks on I/O. pl may be NULL. */
void playlog_screenshot(struct playlog *pl, const char *play_id, int64_t taken_utc_ms,
                        const char *path);

/* How long the ledger thread has been inside one write, 0 when it is not
 * writing: a write that never returns (a hung disk) is a dead ledger. */
int64_t playlog_stuck_us(struct playlog *pl);

/* Records held in memory because the file cannot be written, 0 while it can. */
int playlog_backlog(struct playlog *pl);

#endif
