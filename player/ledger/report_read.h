/* report_read: reading ledgers for report. Internal to report.c.
 *
 * The plays of one ledger are read in parallel time ranges, each thread on
 * its own read-only handle (WAL readers: a player writing the ledger is
 * never blocked). Ledgers that share no screen cannot share a play and are
 * read so, one after the other; ledgers that do (copies of one screen's
 * ledger) are merged by play UUID in a scratch database first. Plays are
 * summed per (local period, play key); strings are looked at once per such
 * pair, not once per play. */
#ifndef SIGNAGE_REPORT_READ_H
#define SIGNAGE_REPORT_READ_H

#include "ledger/report.h"

/* The ledgers' report_source_fn: reads o's ledgers and calls each() for
 * every sum (with every field's value; day and hour "" when o groups by
 * neither and draws no chart), on the calling thread.
 * Returns 0, or -1 with one line in err naming the ledger and the reason
 * (each() may have been called for part of the sums). */
int report_read(const struct report_opts *o, report_read_fn each, void *ctx, char *err,
                size_t errlen);

#endif
