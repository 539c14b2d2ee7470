/* ledger_db: the SQL of the proof-of-play ledger: its schema and migrations,
 * and the writes the ledger thread makes. Used by playlog (one thread owns
 * the handle) and by report (read-only). */
#ifndef SIGNAGE_LEDGER_DB_H
#define SIGNAGE_LEDGER_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/record.h"

#define PLAYLOG_SCHEMA_VERSION 5 /* PRAGMA user_version of the ledger */

/* What a row of the queue records: a play, or a note beside the plays. */
enum ledger_row_kind {
    LEDGER_PLAY,   /* a play (table plays) */
    LEDGER_SCREEN, /* the panel went dark or lit (screen_events): started_utc_ms, media = how */
    LEDGER_SHOT,   /* a screenshot (screenshots): started_utc_ms = taken, media = path */
};

/* A play (or a note) as the ledger thread holds it: every string owned. A
 * note's play_id is an id of its own, so that the queue never merges it
 * with a play; ref_play_id names the play a screenshot shows. */
struct ledger_row {
    enum ledger_row_kind row_kind;
    char play_id[PLAYLOG_ID_SIZE];
    char ref_play_id[PLAYLOG_ID_SIZE];
    bool screen_on; /* LEDGER_SCREEN: lit (true) or dark */
    char *screen_id, *campaign, *item, *language, *media, *media_sha256, *error;
    enum play_kind kind;
    int64_t started_utc_ms, ended_utc_ms, scheduled_ms, shown_ms;
    enum play_status status;
    int frames_shown, frames_dropped;
    double impressions; /* < 0 = none */
    bool announced;     /* its "play end" line was logged */
};

/* Opens path for writing: creates it (and its folder) if missing, WAL mode,
 * synchronous commits, schema migrated to PLAYLOG_SCHEMA_VERSION. When
 * n_closed is not NULL, rows a crash left playing are closed as interrupted
 * and their number put there (only on a process's first open: later rows
 * left playing are its own).
 * Returns the handle, or NULL with one line in err (no handle to free). */
sqlite3 *ledger_db_open(const char *path, int *n_closed, char *err, size_t errlen);

/* Writes rows in one transaction: a new play is inserted, a known one
 * updated, but a closed row is never reopened. Returns 0, or -1 with the
 * reason in err and nothing written. */
int ledger_db_write(sqlite3 *db, struct ledger_row *const *rows, int n, char *err, size_t errlen);

/* Opens path read-only for reports, without creating it, for one thread.
 * A file that is not a ledger of a schema this program knows fails.
 * Returns the handle or NULL with one line in err. */
sqlite3 *ledger_db_open_read(const char *path, char *err, size_t errlen);

/* ledger_db_close(NULL) is a no-op. */
void ledger_db_close(sqlite3 *db);

#endif
