/* store: the bundles on a screen, in content.dir, laid out so that nothing
 * is ever played from a half-written folder:
 *
 *     objects/<sha256>     verified files, each stored once by its hash
 *     staging/<sha256>     downloads in progress (resumed from where they stopped)
 *     bundles/<version>/   one folder per bundle: its files as hard links
 *                          into objects/, and .manifest (signed, as fetched)
 *     current              symlink to bundles/<version>, the bundle to play
 *
 * A file enters objects/ only once its SHA-256 matched; a bundle folder is
 * built as bundles/<version>.tmp and renamed whole; current is switched by
 * renaming a new symlink over it. A power cut at any point leaves the
 * previous bundle in place. Only the fetcher's thread writes here; any
 * thread may read current. */
#ifndef SIGNAGE_STORE_H
#define SIGNAGE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fleet/bundle.h"

#define STORE_MANIFEST ".manifest" /* in a bundle's folder; no bundle path starts with '.' */

/* Makes dir and its folders when missing. Returns 0, or -1 with "dir: reason". */
int store_init(const char *dir, char *err, size_t errlen);

/* The bundle current points to: verifies its .manifest with public_key into m
 * (caller frees with bundle_manifest_free()) and gives its folder in *folder
 * (caller frees). Returns 1 when there is one, 0 when there is none yet
 * (m empty, *folder NULL), -1 with a reason in err when it is unreadable or
 * not signed by public_key. */
int store_current(const char *dir, const unsigned char public_key[BUNDLE_PUBLIC_KEY_LEN],
                  struct bundle_manifest *m, char **folder, char *err, size_t errlen);

/* objects/<hash> and staging/<hash> of f; caller frees. */
char *store_object_path(const char *dir, const struct bundle_file *f);
char *store_staging_path(const char *dir, const struct bundle_file *f);

/* True when f is in objects/ with its size (its hash was checked on the way in). */
bool store_has(const char *dir, const struct bundle_file *f);

/* Hashes f's finished download in staging/: when it matches, moves it into
 * objects/ and returns 0; else deletes it (the next try starts afresh) and
 * returns -1 with "path: size N, expected M" or "path: SHA-256 mismatch". */
int store_accept(const char *dir, const struct bundle_file *f, char *err, size_t errlen);

/* Builds bundles/<m->version>/ from objects/ (every file of m must be
 * there) with the manifest's bytes as .manifest, and gives the folder in
 * *folder (caller frees). Returns 0, or -1 with a reason (nothing left). */
int store_assemble(const char *dir, const struct bundle_manifest *m, const char *manifest,
                   size_t manifest_len, char **folder, char *err, size_t errlen);

/* Removes bundles/<version>/ (one that failed validation). */
void store_discard(const char *dir, int64_t version);

/* Points current at bundles/<version>/, atomically. Returns 0, or -1 with a reason. */
int store_switch(const char *dir, int64_t version, char *err, size_t errlen);

/* Deletes every bundle but current's, the newest one below it (kept for
 * rollback) and keep (the one on screen, 0 = none); then every object no
 * bundle links to and every staging file not in m (may be NULL). */
void store_prune(const char *dir, int64_t keep, const struct bundle_manifest *m);

/* The bundle versions in bundles/, ascending, into v (at most max); returns
 * how many. */
int store_versions(const char *dir, int64_t *v, int max);

#endif
