/* record: one play as the ledger knows it - its status, its figures and its
 * id. The ledger thread (playlog) queues these and ledger_db writes them;
 * the play loop fills them in. Pure: no I/O but the random id. */
#ifndef SIGNAGE_RECORD_H
#define SIGNAGE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "config/playlist.h"

#define PLAYLOG_ID_SIZE           37  /* a UUID as text, with its NUL */
#define PLAYLOG_COMPLETE_SLACK_MS 500 /* a play this short of its schedule is complete */

enum play_status { PLAY_PLAYING, PLAY_COMPLETE, PLAY_PARTIAL, PLAY_ERROR, PLAY_INTERRUPTED };

/* One play, as the render loop knows it. Strings are borrowed: the ledger
 * copies what it keeps. */
struct play_record {
    char play_id[PLAYLOG_ID_SIZE]; /* set by playlog_begin(), or by playlog_end() when empty */
    const char *campaign;
    const char *item;
    const char *language;
    const char *media;        /* file played, NULL for slides */
    const char *media_sha256; /* its SHA-256 in hex where known (notice texts), or NULL */
    enum play_kind kind;
    int64_t started_utc_ms;
    int64_t ended_utc_ms; /* 0 while playing */
    int64_t scheduled_ms; /* how long it should have been on screen, 0 = unknown */
    int64_t shown_ms;     /* how long it was */
    enum play_status status;
    int frames_shown, frames_dropped;
    double impressions; /* < 0 = none (no audience configured) */
    const char *error;  /* why it failed (status error), or NULL */
};

/* The status of a play that left the screen: error when it failed (error
 * set), complete when shown_ms is at most PLAYLOG_COMPLETE_SLACK_MS short
 * of scheduled_ms (or the schedule is unknown, 0), partial otherwise. Pure. */
enum play_status playlog_status(const char *error, int64_t scheduled_ms, int64_t shown_ms);

/* "playing", "complete", "partial", "error" or "interrupted". */
const char *playlog_status_name(enum play_status st);

/* Writes a random (version 4) UUID as 36 characters and a NUL into out.
 * Returns 0, or -1 when the system has no randomness to give. */
int playlog_new_id(char out[PLAYLOG_ID_SIZE]);

#endif
