/* datadir: where an installed signage finds the files it ships (default
 * playlists, demo media, notice texts) and its system-wide config.
 *
 * A path relative to the current folder wins when it exists there, so
 * build/signage run from the source tree uses the tree's files; otherwise the
 * same relative path is looked up under the data folder compiled in at build
 * time (CMAKE_INSTALL_FULL_DATADIR/signage, e.g. /usr/share/signage). */
#ifndef SIGNAGE_DATADIR_H
#define SIGNAGE_DATADIR_H

/* The data folder compiled in, e.g. "/usr/share/signage". */
const char *datadir_share(void);

/* The system-wide config compiled in, e.g. "/etc/signage/player.cfg". */
const char *datadir_system_config(void);

/* rel when it is absolute or exists from the current folder, else the data
 * folder's copy of rel when that exists, else rel. Caller frees. Any thread. */
char *datadir_resolve(const char *rel);

/* The config used when none is given: local_default ("config/player.cfg")
 * when it exists from the current folder, else datadir_system_config() when
 * it exists, else NULL (built-in defaults). Not to be freed. */
const char *datadir_default_config(const char *local_default);

#endif
