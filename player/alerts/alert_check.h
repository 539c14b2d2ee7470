/* alert_check: `signage check` of CAP files, feeds and folders - each
 * document validated (refused ones named with the reason) and each alert
 * judged as this screen would judge it now: where it would show (full
 * screen or a band, in which languages, until when) or why it would not.
 * Reads on the calling thread (a URL is fetched once). */
#ifndef SIGNAGE_ALERT_CHECK_H
#define SIGNAGE_ALERT_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"
#include "config/settings.h"

/* True when arg names CAP to check rather than a playlist: a URL, a
 * folder, or a file ending in .xml, .cap, .atom or .rss. */
bool alert_check_is_cap(const char *arg);

/* Checks the n sources, as one set (an Update or a Cancel in one applies
 * to the others), against the config's alerts rules at now_ms: one line
 * per alert into out, problems (documents refused, alerts left out) into
 * problems. Returns 0, or -1 when there was any problem. */
int alert_check(const char *const *sources, int n, const struct settings *s, int64_t now_ms,
                struct diag *out, struct diag *problems);

#endif
