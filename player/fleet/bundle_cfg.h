/* bundle_cfg: which playlist of a bundle a screen plays.
 *
 * A bundle's top folder may hold bundle.cfg (libconfig):
 *
 *     playlist = "main.cfg";                       # every screen not named below
 *     screens = { shelter-12 = "chinatown.cfg"; };  # by the config's screen_id
 *     groups = { chinatown = "chinatown.cfg"; };    # by the config's content.group
 *
 * A screen named in `screens` plays that playlist, else one whose group is
 * in `groups`, else `playlist`. A bundle without bundle.cfg must hold
 * exactly one playlist (*.cfg) at its top, which every screen plays.
 * Paths are relative to the bundle's top. Any thread. */
#ifndef SIGNAGE_BUNDLE_CFG_H
#define SIGNAGE_BUNDLE_CFG_H

#include "base/util.h"

#define BUNDLE_CFG_NAME "bundle.cfg"

/* The path (dir joined with the playlist named) of the playlist that
 * screen_id in group (may be "" or NULL) plays from the bundle in dir;
 * caller frees. Returns NULL with "file:line: message" lines in d when
 * bundle.cfg is malformed, names a file that is not there, or there is
 * no bundle.cfg and not exactly one playlist. */
char *bundle_cfg_playlist(const char *dir, const char *screen_id, const char *group,
                          struct diag *d);

/* Every playlist the bundle in dir can play (each one bundle.cfg names, or
 * its one playlist), as paths joined with dir, NULL-ended; caller frees each
 * and the list. Returns NULL with lines in d as above. */
char **bundle_cfg_playlists(const char *dir, struct diag *d);

#endif
