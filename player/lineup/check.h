/* check: `signage check` - validate playlists and probe every media file. */
#ifndef SIGNAGE_CHECK_H
#define SIGNAGE_CHECK_H

#include "config/playlist.h"
#include "config/settings.h"
#include "base/util.h"

struct check_opts {
    int width, height; /* the panel's pixels (before rotation), for the notice's size;
                          0 = do not measure it */
};

/* Loads each playlist and opens every media file it names, decoding its
 * first picture; reads the notice texts it and the config name. Adds one
 * line per problem to d. When a notice shows, adds to notes its measured
 * size on the configured screen, and a "warning: ..." line when that is
 * under the statute's 8.5 x 11 in or 16 pt (warnings do not fail the
 * check). Main thread (SDL_ttf) when co->width and co->height are set; any
 * thread when they are 0 (no fonts are opened). Returns 0 when d got no
 * line, else -1. */
int check_playlists(const char *const *paths, int n, const struct settings *s,
                    const struct check_opts *co, struct diag *d, struct diag *notes);

/* Parses the caption files of pl's videos, adding one line per problem
 * ("p.cfg:4: item "ad": captions.es: ad.es.srt:12: overlaps ...") to d;
 * a file named for several languages is read once. Any thread. */
void check_captions(const struct playlist *pl, struct diag *d);

#endif
