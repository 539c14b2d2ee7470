/* central_report: `signage report` on the central PostgreSQL database.
 *
 * The same report as on ledger files (ledger/report.h: every --by, --from,
 * --to, --kind, format and time zone), with the sums made by the server:
 * plays are summed per (local day or hour, play key), then per group, with
 * GROUP BY, so only the groups come back, never the plays. Local days and
 * hours are those of tz.c, not the server's time zone data: the figures
 * equal those of report_read() on the same plays. */
#ifndef SIGNAGE_CENTRAL_REPORT_H
#define SIGNAGE_CENTRAL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/tz.h"
#include "ledger/report.h"

/* The report_source_fn of a central database: o->dbs[0] is its URL (one
 * only). Returns 0, or -1 with one line in err naming the database (its
 * password hidden) and the reason. Connects and disconnects itself. */
int central_report_read(const struct report_opts *o, report_read_fn each, void *ctx, char *err,
                        size_t errlen);

/* The SQL expression, over the column started_utc_ms, of the local time in
 * tz of the quarter hour that each play of [from_ms, to_ms) started in, in
 * milliseconds since the local 1970-01-01: what report_read() computes
 * per play, as a CASE over the zone's offsets in that range. Caller frees.
 * Pure. */
char *central_report_local_sql(const struct tz *tz, int64_t from_ms, int64_t to_ms);

#endif
