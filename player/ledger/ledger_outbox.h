/* ledger_outbox: a screen's ledger as the outbox of the central database.
 *
 * The ledger stays the only record on the screen; the central shipper
 * (fleet/shipper.c) reads from it the closed plays the central database has
 * not acknowledged at their current status, and after the server commits
 * a batch, records that acknowledgement in the row (plays.central_status,
 * ledger schema 2). A play whose status changes after it was acknowledged
 * is due again. Every function runs on the thread that owns db. */
#ifndef SIGNAGE_LEDGER_OUTBOX_H
#define SIGNAGE_LEDGER_OUTBOX_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger_db.h"

/* Opens an existing ledger for the shipper: read-write, never created or
 * migrated here (the ledger thread does that). A file that is missing or of
 * an older schema than PLAYLOG_SCHEMA_VERSION fails with *not_yet set (the
 * ledger thread has not made or migrated it yet: try again later); one that
 * is not a ledger or of a newer schema fails with *not_yet false. Returns
 * the handle (ledger_db_close) or NULL with one line in err. */
sqlite3 *ledger_outbox_open(const char *path, bool *not_yet, char *err, size_t errlen);

/* Up to max of the oldest plays still to send, in start order, into rows
 * (caller frees each with ledger_row_free and the array with free).
 * Returns how many (0 = nothing to send), or -1 with the reason in err. */
int ledger_outbox_next(sqlite3 *db, int max, struct ledger_row ***rows, char *err, size_t errlen);

/* Records that the central database holds rows at the status each had when
 * read, in one transaction. Returns 0, or -1 with the reason in err (nothing
 * recorded: they are sent again, which the central database ignores). */
int ledger_outbox_ack(sqlite3 *db, struct ledger_row *const *rows, int n, char *err, size_t errlen);

/* How many closed plays are still to send, or -1 when it cannot be read. */
int64_t ledger_outbox_backlog(sqlite3 *db);

#endif
