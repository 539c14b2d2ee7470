/* screens: `signage screens`, what the central database knows of each
 * screen (fleet/central_db.h: the row every push updates) and which ones
 * have not been seen lately: gone dark, off the network, or stopped. */
#ifndef SIGNAGE_SCREENS_H
#define SIGNAGE_SCREENS_H

#include <stdint.h>
#include <stdio.h>

enum screens_format { SCREENS_TABLE, SCREENS_CSV };

/* Lists the screens of the central database at url, by id, to fp: last
 * seen (by the server's clock), how long ago, "stale" when longer ago than
 * stale_s, backlog, versions, what is on screen, the last error. Sets
 * *n_stale. Returns 0, or -1 with one line in err (the password hidden). */
int screens_list(const char *url, int64_t stale_s, enum screens_format format, FILE *fp,
                 int *n_stale, char *err, size_t errlen);

/* Parses a duration: "90" or "90s", "15m", "2h", "1d" (a positive whole
 * number and a unit). Returns 0, or -1. Pure. */
int screens_duration_parse(const char *s, int64_t *seconds);

/* "45 s", "15 min", "3 h 20 min", "2 d 4 h" into buf. Pure. */
void screens_duration_format(int64_t seconds, char *buf, size_t n);

#endif
