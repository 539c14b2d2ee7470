/* bundle_make: `signage bundle keygen` and `signage bundle make` - a signing
 * key, and a folder of playlists and media turned into a signed bundle
 * (bundle.h) that any static web server can serve. Main thread (it runs
 * the playlist check). */
#ifndef SIGNAGE_BUNDLE_MAKE_H
#define SIGNAGE_BUNDLE_MAKE_H

#include <stdint.h>

#include "config/settings.h"
#include "base/util.h"
#include "fleet/bundle.h"

/* Writes a new Ed25519 key pair: keyfile gets the secret key in base64
 * (mode 0600, refused when keyfile exists), keyfile.pub the public key in
 * base64 on one line, the config's content.public_key. Returns 0, or -1
 * with "file: reason" in err. */
int bundle_keygen(const char *keyfile, char *err, size_t errlen);

/* Reads a secret key written by bundle_keygen(). Returns 0, or -1 with
 * "file: reason" in err. */
int bundle_key_read(const char *keyfile, unsigned char secret_key[BUNDLE_SECRET_KEY_LEN], char *err,
                    size_t errlen);

struct bundle_made {
    int64_t version;
    int n_files, n_new;       /* files in the bundle, of which newly stored */
    int64_t bytes, new_bytes; /* their sizes */
};

/* Checks every playlist of src (bundle_cfg.h) as `signage check` does with
 * the config s, then stores every file of src (hidden ones left out) under
 * out/files/<sha256> unless it is there already, and writes out/manifest
 * signed with the key in keyfile, its version above the one it replaces.
 * The files go first and the manifest is renamed into place last, so a
 * server never hands out a manifest whose files are missing. Old files in
 * out/files are left for screens still fetching the bundle before.
 * A stored file whose size is not the file's is stored again.
 * Returns 0 and fills made, or -1 with one line per problem in d (out is
 * then left as it was, but for files stored under their hash). */
int bundle_make(const char *src, const char *keyfile, const char *out, const struct settings *s,
                struct bundle_made *made, struct diag *d);

#endif
