/* central_db: the central PostgreSQL database of a fleet's plays.
 *
 * Everything lives in the schema "signage" of the database the URL names:
 * its migrations (versioned in signage.schema_migrations, like the ledger's
 * user_version), plays partitioned by month of their start (UTC) with the
 * report's covering index, play_keys (what a play is, as a small number),
 * and screens (one row per screen, updated by every push). Nothing here
 * reads or writes outside that schema, and a schema "signage" that is not
 * ours (tables but no signage.schema_migrations) is refused and left alone.
 *
 * Every call runs on the thread that owns the connection. Calls that take a
 * wake_fd return early (with err "stopped") when that descriptor becomes
 * readable, so a thread waiting on the network can be told to stop at once;
 * pass -1 to wait for as long as it takes. */
#ifndef SIGNAGE_CENTRAL_DB_H
#define SIGNAGE_CENTRAL_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger_db.h"

#define CENTRAL_SCHEMA_VERSION 1 /* migrations this program knows */

/* True when s names a PostgreSQL database ("postgresql://..." or
 * "postgres://...") rather than a ledger file. Pure. */
bool central_db_is_url(const char *s);

/* url with its password (if any) replaced by "***", for messages; caller
 * frees. Pure. */
char *central_db_url_redacted(const char *url);

/* Connects to url (a libpq URI; application_name, a 10 s connect_timeout
 * and TCP keepalives that give up on a vanished server within about a
 * minute are defaults it may override). Returns the connection (PQfinish),
 * or NULL with libpq's reason as one line in err. Resolving the host name
 * is the one wait wake_fd cannot cut short (libpq does it blocking). */
PGconn *central_db_connect(const char *url, int wake_fd, char *err, size_t errlen);

/* Runs one statement with text parameters (NULL = SQL NULL), or without
 * parameters (n_params 0) any number of statements. Returns the (last)
 * result (PQclear) when all succeeded, or NULL with the server's reason as
 * one line in err. */
PGresult *central_db_exec(PGconn *c, int wake_fd, const char *sql, int n_params,
                          const char *const *params, char *err, size_t errlen);

/* The schema is ours and at CENTRAL_SCHEMA_VERSION: 0. Otherwise -1 with
 * what to do in err (no schema yet: run `signage central init`; a schema of
 * another program; an older or a newer version). Reads only. */
int central_db_check(PGconn *c, int wake_fd, char *err, size_t errlen);

/* Creates the schema or migrates it to CENTRAL_SCHEMA_VERSION, in one
 * transaction (concurrent runs wait for each other). *from gets the version
 * found. Returns 0, or -1 with the reason in err and nothing changed. */
int central_db_migrate(PGconn *c, int *from, char *err, size_t errlen);

/* What a screen says of itself with each push. Strings may be NULL. */
struct central_screen {
    const char *screen_id;
    const char *player_version;
    const char *content_version;
    const char *on_screen;  /* the item and language showing */
    const char *last_error; /* the last problem it met, or NULL */
    int64_t backlog;        /* closed plays it still holds unsent, -1 = unknown */
};

/* Pushes rows (closed plays) and the screen's row in one transaction.
 * A play the database holds already is replaced only by a more closed copy
 * (LEDGER_CLOSED_RANK_SQL), so pushing the same rows again changes nothing.
 * Monthly partitions the rows need are made first, in transactions of
 * their own. Returns 0 once the server committed, or -1 with the reason
 * in err (nothing of the transaction kept). */
int central_db_push(PGconn *c, int wake_fd, struct ledger_row *const *rows, int n,
                    const struct central_screen *screen, char *err, size_t errlen);

/* The first instant (UTC ms) of the UTC month that t_ms is in. Pure. */
int64_t central_db_month_start(int64_t t_ms);

#endif
