/* report_dark: the hours a screen was dark by its screen hours, per local
 * day and screen, from the screen_events of one or many ledgers (the same
 * event in several copies counts once). A dark stretch runs from an "off"
 * to the next event of that screen (an "on", or the "on"/"off" a restart
 * records); one still open at the end runs until now. Stretches are cut at
 * the report's dates and split at local midnights. Read-only. */
#ifndef SIGNAGE_REPORT_DARK_H
#define SIGNAGE_REPORT_DARK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ledger/report.h"

/* Writes "day, screen, hours dark" for o's ledgers, dates and zone as
 * format (table, csv or json; html is refused) to fp, now_utc_ms closing a
 * stretch still dark. Returns 0, or -1 with one line in err. */
int report_dark_write(const struct report_opts *o, enum report_format format, int64_t now_utc_ms,
                      FILE *fp, char *err, size_t errlen);

#endif
