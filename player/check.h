/* check: `signage check` - validate playlists and probe every media file. */
#ifndef SIGNAGE_CHECK_H
#define SIGNAGE_CHECK_H

#include "settings.h"
#include "util.h"

/* Loads each playlist and opens every media file it names, decoding its
 * first picture. Adds one line per problem to d. Returns 0 when all is well,
 * -1 otherwise. */
int check_playlists(const char *const *paths, int n, const struct settings *s, struct diag *d);

#endif
