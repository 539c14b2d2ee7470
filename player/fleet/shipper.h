/* shipper: sends a screen's closed plays from its ledger to the central
 * PostgreSQL database, on a thread of its own.
 *
 * The thread alone owns the PostgreSQL connection and its own SQLite handle
 * on the ledger (ledger_outbox). Every `every_ms` it sends what the ledger
 * holds unsent, in batches, each in one transaction with the screen's row
 * (fleet/central_db.c), and only after the server committed records the
 * acknowledgement in the ledger. A kill at any instant therefore loses
 * nothing (unacknowledged plays are sent again) and duplicates nothing (the
 * server keeps one row per play UUID, replaced only by a more closed copy).
 *
 * Server down, wrong password, a database without our schema or with
 * another program's: one error line, then retries with backoff (1 s,
 * 2 s, ... up to a minute) and one line when it works again. The render
 * loop only starts, notes and stops: nothing it calls waits on the
 * network. */
#ifndef SIGNAGE_SHIPPER_H
#define SIGNAGE_SHIPPER_H

#include <stdint.h>

#include "config/settings.h"

struct shipper_config {
    const char *url;            /* postgresql://... */
    const char *ledger;         /* the screen's ledger file */
    const char *screen_id;      /* names the screen's row */
    const char *player_version; /* for the screen's row, or NULL */
    int every_ms;               /* between pushes while all is well */
    int batch;                  /* plays per transaction, 0 = 1000 */
};

/* What the thread has done, for tests and the log. */
struct shipper_stats {
    int64_t pushes;  /* transactions committed (with or without plays) */
    int64_t sent;    /* plays committed by the server and acknowledged */
    int64_t backlog; /* closed plays unsent after the last push, -1 = unknown */
    int failures;    /* attempts failed in a row (0 = all well) */
};

struct shipper;

/* Copies cfg and starts the thread; it connects in the background. Returns
 * NULL only when the thread cannot be started. Main thread. */
struct shipper *shipper_start(const struct shipper_config *cfg);

/* The shipper the config s asks for (central.url, central.every) for the
 * ledger file, or NULL when it names no central database (or a URL that is
 * not postgresql://, logged once naming the config). Main thread. */
struct shipper *shipper_start_configured(const struct settings *s, const char *ledger,
                                         const char *player_version);

/* Stops the thread at once, abandoning a connection or push under way (the
 * server rolls it back; it is sent again next time), and frees everything.
 * Never waits on the network. shipper_stop(NULL) is a no-op. Main thread. */
void shipper_stop(struct shipper *sh);

/* Notes what is on screen and the last problem met, and the content
 * version when known (each may be NULL), for the next push. Copies them;
 * takes a lock held only for copying. Any thread. */
void shipper_note(struct shipper *sh, const char *on_screen, const char *last_error,
                  const char *content_version);

/* Asks for a push now rather than at the next tick. Any thread. */
void shipper_poke(struct shipper *sh);

/* A snapshot of the figures. Any thread. */
struct shipper_stats shipper_stats(struct shipper *sh);

/* How long to wait after the n-th failure in a row (n >= 1): 1 s doubled each
 * time, at most 60 s. Pure. */
int shipper_backoff_ms(int n);

#endif
