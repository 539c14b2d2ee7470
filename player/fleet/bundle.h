/* bundle: the content bundle's format - its manifest, signed with Ed25519,
 * and the keys that sign it (libsodium: Ed25519). Pure: text in, text or
 * structs out, plus hashing a file (libcrypto: SHA-256). No network, no threads; any thread.
 *
 * A bundle is a folder served by any static web server:
 *
 *     manifest           what is in it, signed (below)
 *     files/<sha256>     every file, named by the SHA-256 of its bytes
 *
 * The manifest is lines of text, each ending in "\n":
 *
 *     signage-bundle 1
 *     version 1764627300            a number that grows with every bundle made
 *     created 2026-12-01T22:15:00Z
 *     file <sha256 hex> <size> <path>      one per file, sorted by path
 *     signature <base64 Ed25519 signature>
 *
 * The signature covers every byte before the "signature " line, exactly as
 * stored. Paths are relative, '/'-separated, without "." or ".." parts,
 * empty parts, a leading '.', control characters or a backslash. */
#ifndef SIGNAGE_BUNDLE_H
#define SIGNAGE_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUNDLE_FORMAT         1
#define BUNDLE_HASH_HEX       65         /* SHA-256 as hex, with its NUL */
#define BUNDLE_PUBLIC_KEY_LEN 32         /* Ed25519 public key bytes */
#define BUNDLE_SECRET_KEY_LEN 64         /* Ed25519 secret key bytes (seed and public key) */
#define BUNDLE_MANIFEST_MAX   (16 << 20) /* a longer manifest is refused unread */
#define BUNDLE_ERR_SIZE       512

struct bundle_file {
    char *path;                   /* relative to the bundle's top */
    int64_t size;                 /* bytes */
    char sha256[BUNDLE_HASH_HEX]; /* lower-case hex */
};

struct bundle_manifest {
    int64_t version;     /* grows with every bundle made from a folder */
    int64_t created_utc; /* Unix seconds */
    struct bundle_file *files;
    int n_files;
};

/* Makes libsodium ready. Returns 0, or -1 when it cannot be (no entropy).
 * Safe to call again and from any thread. */
int bundle_crypto_init(void);

/* The manifest's text without its signature line; caller frees. Sorts m's
 * files by path first. */
char *bundle_manifest_text(struct bundle_manifest *m);

/* text with its "signature ..." line appended, signed with secret_key;
 * caller frees. */
char *bundle_sign(const char *text, const unsigned char secret_key[BUNDLE_SECRET_KEY_LEN]);

/* Checks that data (n bytes, as fetched) ends in a signature line that
 * public_key made over the bytes before it, and only then parses those
 * into out. Returns 0, or -1 with one line in err (out left empty):
 * "not signed by the configured public_key", "line 4: ...". */
int bundle_verify(const char *data, size_t n, const unsigned char public_key[BUNDLE_PUBLIC_KEY_LEN],
                  struct bundle_manifest *out, char *err, size_t errlen);

/* The "version N" of a manifest's text without checking its signature (for
 * `bundle make`, which counts on from the last one it wrote). Returns
 * -1 when there is none. */
int64_t bundle_text_version(const char *data, size_t n);

/* Reads a manifest file whole into a buffer (NUL-terminated, caller frees)
 * and its length into *len. Returns NULL when it cannot be read or is
 * longer than BUNDLE_MANIFEST_MAX (errno is then EFBIG). */
char *bundle_read(const char *path, size_t *len);

/* bundle_manifest_free(NULL) is a no-op; m may then be reused. */
void bundle_manifest_free(struct bundle_manifest *m);

/* The entry for path, or NULL. */
const struct bundle_file *bundle_find(const struct bundle_manifest *m, const char *path);

/* True when path is one a manifest may hold (see above). */
bool bundle_path_ok(const char *path);

/* Hashes the file at path (streamed, SHA-256) into hex and its size into *size.
 * Returns 0, or -1 with "path: reason" in err. */
int bundle_hash_file(const char *path, char hex[BUNDLE_HASH_HEX], int64_t *size, char *err,
                     size_t errlen);

/* Base64 of n bytes (the form keys take in files and configs); caller frees. */
char *bundle_base64(const unsigned char *bytes, size_t n);

/* Decodes exactly n bytes of base64 text (spaces and newlines around it
 * ignored). Returns 0, or -1 when text is not that. */
int bundle_unbase64(const char *text, unsigned char *bytes, size_t n);

#endif
