/* status: the player's health as one small JSON file, rewritten every few
 * seconds by a thread of its own (written beside and renamed, so a reader
 * never sees half a file), and read back by `signage status`.
 *
 * The play loop only posts what it knows (status_writer_post copies it
 * under a lock); the thread adds the time, the uptime and the free space
 * under the ledger's folder, and writes. A file that cannot be written is
 * logged once, and once more when it can be again; playback goes on. */
#ifndef SIGNAGE_STATUS_H
#define SIGNAGE_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"

#define STATUS_EVERY_MS   5000     /* how often the file is rewritten */
#define STATUS_STALE_MS   30000    /* older than this: the player is not running */
#define STATUS_ERROR_MS   600000   /* an error this recent makes the screen unhealthy */
#define STATUS_LOW_DISK_B 50000000 /* less free space than this under the ledger */

/* What the play loop knows. Strings are copied into the struct. */
struct status_info {
    char screen_id[64];
    char version[24];
    int64_t started_utc_ms;
    char item[96]; /* on screen, "" = nothing yet (or dark) */
    char language[24];
    char kind[16];
    char play_id[40];
    int64_t on_screen_since_utc_ms;
    bool screen_on;       /* the panel is lit (screen hours) */
    int64_t plays_today;  /* plays that ended today, in the screen's time zone */
    char last_error[256]; /* the last error logged, "" = none */
    int64_t last_error_utc_ms;
    int64_t ledger_backlog; /* play records held in memory, not yet in the ledger */
    char watchdog[160];     /* why watchdog pings are held, "" = they are sent */
};

/* Writes info as one JSON object to fp, with the time it is written, the
 * free bytes under the ledger's folder (< 0 = unknown) and whether the
 * player is running (false: its last words at exit). Pure but for fp. */
void status_format(FILE *fp, const struct status_info *info, int64_t written_utc_ms,
                   int64_t free_bytes, bool running);

/* Judges a status file's text at now_utc_ms: adds one line per problem to
 * problems (stale or missing fields, not running, a recent error, a ledger
 * backlog, low disk). Returns true when there is none. Pure. */
bool status_assess(const char *json, int64_t now_utc_ms, struct diag *problems);

struct status_writer;

/* Starts the thread writing path every STATUS_EVERY_MS; free space is read
 * under ledger_dir. Returns NULL only when the thread cannot start. */
struct status_writer *status_writer_start(const char *path, const char *ledger_dir);

/* Hands the thread what to write next. Never blocks on I/O. Main thread. */
void status_writer_post(struct status_writer *w, const struct status_info *info);

/* Writes once more (running: false), stops the thread and frees it.
 * status_writer_stop(NULL) is a no-op. */
void status_writer_stop(struct status_writer *w);

#endif
