#include "fleet/bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

#define SIGNATURE_WORD "signature "
#define HASH_CHUNK     (1 << 20)

int bundle_crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

static int by_path(const void *x, const void *y)
{
    return strcmp(((const struct bundle_file *)x)->path, ((const struct bundle_file *)y)->path);
}

char *bundle_manifest_text(struct bundle_manifest *m)
{
    qsort(m->files, (size_t)m->n_files, sizeof(*m->files), by_path);
    char when[32];
    time_t t = (time_t)m->created_utc;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    size_t cap = 128;
    for (int i = 0; i < m->n_files; i++)
        cap += strlen(m->files[i].path) + BUNDLE_HASH_HEX + 32;
    char *text = xcalloc(1, cap);
    size_t len = (size_t)snprintf(text, cap, "signage-bundle %d\nversion %" PRId64 "\ncreated %s\n",
                                  BUNDLE_FORMAT, m->version, when);
    for (int i = 0; i < m->n_files; i++)
        len += (size_t)snprintf(text + len, cap - len, "file %s %" PRId64 " %s\n",
                                m->files[i].sha256, m->files[i].size, m->files[i].path);
    return text;
}

char *bundle_base64(const unsigned char *bytes, size_t n)
{
    size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *out = xcalloc(1, len);
    sodium_bin2base64(out, len, bytes, n, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

int bundle_unbase64(const char *text, unsigned char *bytes, size_t n)
{
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(bytes, n, text, strlen(text), " \t\r\n", &got, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        got != n)
        return -1;
    for (; *end; end++)
        if (!strchr(" \t\r\n", *end))
            return -1;
    return 0;
}

char *bundle_sign(const char *text, const unsigned char secret_key[BUNDLE_SECRET_KEY_LEN])
{
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)text, strlen(text), secret_key);
    char *b64 = bundle_base64(sig, sizeof(sig));
    char *out = xasprintf("%s" SIGNATURE_WORD "%s\n", text, b64);
    free(b64);
    return out;
}

bool bundle_path_ok(const char *path)
{
    if (!path[0] || path[0] == '/')
        return false;
    for (const char *part = path; *part;) {
        const char *slash = strchr(part, '/');
        size_t len = slash ? (size_t)(slash - part) : strlen(part);
        if (len == 0 || part[0] == '.')
            return false; /* "", ".", "..", hidden files */
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)part[i] < 0x20 || part[i] == 0x7f || part[i] == '\\')
                return false;
        if (!slash)
            break;
        part = slash + 1;
        if (!*part)
            return false; /* a trailing '/' */
    }
    return true;
}

void bundle_manifest_free(struct bundle_manifest *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n_files; i++)
        free(m->files[i].path);
    free(m->files);
    memset(m, 0, sizeof(*m));
}

const struct bundle_file *bundle_find(const struct bundle_manifest *m, const char *path)
{
    for (int i = 0; i < m->n_files; i++)
        if (strcmp(m->files[i].path, path) == 0)
            return &m->files[i];
    return NULL;
}

static bool is_hex_hash(const char *s, size_t len)
{
    if (len != BUNDLE_HASH_HEX - 1)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* A decimal number of at most 18 digits. */
static bool parse_count(const char *s, int64_t *out)
{
    size_t len = strlen(s);
    if (len == 0 || len > 18 || strspn(s, "0123456789") != len)
        return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

static int parse_line(char *line, int lineno, struct bundle_manifest *m, char *err, size_t errlen)
{
    char *sp = strchr(line, ' ');
    if (!sp) {
        snprintf(err, errlen, "line %d: not \"word value\"", lineno);
        return -1;
    }
    *sp = '\0';
    char *v = sp + 1;
    if (lineno == 1) {
        if (strcmp(line, "signage-bundle") != 0) {
            snprintf(err, errlen, "line 1: not a signage bundle manifest");
            return -1;
        }
        if (strcmp(v, "1") != 0) {
            snprintf(err, errlen, "line 1: format %s, this signage reads format %d", v,
                     BUNDLE_FORMAT);
            return -1;
        }
    } else if (strcmp(line, "version") == 0) {
        if (!parse_count(v, &m->version) || m->version <= 0) {
            snprintf(err, errlen, "line %d: version: not a positive number", lineno);
            return -1;
        }
    } else if (strcmp(line, "created") == 0) {
        struct tm tm = {0};
        char z = 0, extra = 0;
        if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z, &extra) != 7 ||
            z != 'Z') {
            snprintf(err, errlen, "line %d: created: not YYYY-MM-DDTHH:MM:SSZ", lineno);
            return -1;
        }
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        m->created_utc = (int64_t)timegm(&tm);
    } else if (strcmp(line, "file") == 0) {
        char *sp2 = strchr(v, ' ');
        char *sp3 = sp2 ? strchr(sp2 + 1, ' ') : NULL;
        if (!sp3 || !is_hex_hash(v, (size_t)(sp2 - v))) {
            snprintf(err, errlen, "line %d: file: not \"file SHA256 SIZE PATH\"", lineno);
            return -1;
        }
        *sp2 = *sp3 = '\0';
        struct bundle_file f = {0};
        memcpy(f.sha256, v, BUNDLE_HASH_HEX);
        if (!parse_count(sp2 + 1, &f.size) || !bundle_path_ok(sp3 + 1)) {
            snprintf(err, errlen, "line %d: file: bad size or path \"%s\"", lineno, sp3 + 1);
            return -1;
        }
        if (bundle_find(m, sp3 + 1)) {
            snprintf(err, errlen, "line %d: file: \"%s\" listed twice", lineno, sp3 + 1);
            return -1;
        }
        f.path = xstrdup(sp3 + 1);
        m->files = xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof(*m->files));
        m->files[m->n_files++] = f;
    } else {
        snprintf(err, errlen, "line %d: unknown word \"%s\"", lineno, line);
        return -1;
    }
    return 0;
}

/* Where the last line (the signature) starts, or -1 when data does not end
 * in "\nsignature ...\n". */
static ssize_t signature_line(const char *data, size_t n)
{
    if (n < 2 || data[n - 1] != '\n')
        return -1;
    size_t start = n - 1;
    while (start > 0 && data[start - 1] != '\n')
        start--;
    if (start == 0 || strncmp(data + start, SIGNATURE_WORD, strlen(SIGNATURE_WORD)) != 0)
        return -1;
    return (ssize_t)start;
}

int bundle_verify(const char *data, size_t n, const unsigned char public_key[BUNDLE_PUBLIC_KEY_LEN],
                  struct bundle_manifest *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof(*out));
    if (n > BUNDLE_MANIFEST_MAX || memchr(data, '\0', n)) {
        snprintf(err, errlen, "not a manifest (too long, or binary)");
        return -1;
    }
    ssize_t at = signature_line(data, n);
    if (at < 0) {
        snprintf(err, errlen, "not signed: no \"signature\" line at its end");
        return -1;
    }
    char *sigline = xcalloc(1, n - (size_t)at + 1);
    memcpy(sigline, data + at + strlen(SIGNATURE_WORD), n - (size_t)at - strlen(SIGNATURE_WORD));
    unsigned char sig[crypto_sign_BYTES];
    int bad =
        bundle_unbase64(sigline, sig, sizeof(sig)) != 0 ||
        crypto_sign_verify_detached(sig, (const unsigned char *)data, (size_t)at, public_key) != 0;
    free(sigline);
    if (bad) {
        snprintf(err, errlen, "not signed by the configured public_key");
        return -1;
    }
    char *text = xcalloc(1, (size_t)at + 1);
    memcpy(text, data, (size_t)at);
    int rc = 0, lineno = 0;
    for (char *line = text, *nl; rc == 0 && (nl = strchr(line, '\n')); line = nl + 1) {
        *nl = '\0';
        rc = parse_line(line, ++lineno, out, err, errlen);
    }
    if (rc == 0 && out->version <= 0) {
        snprintf(err, errlen, "no version line");
        rc = -1;
    }
    free(text);
    if (rc != 0)
        bundle_manifest_free(out);
    return rc;
}

char *bundle_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xcalloc(1, BUNDLE_MANIFEST_MAX + 2);
    *len = fread(buf, 1, BUNDLE_MANIFEST_MAX + 1, f);
    fclose(f);
    if (*len > BUNDLE_MANIFEST_MAX) {
        free(buf);
        errno = EFBIG;
        return NULL;
    }
    return buf;
}

int64_t bundle_text_version(const char *data, size_t n)
{
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(data + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - data) - i : n - i;
        char line[64];
        int64_t v;
        if (len < sizeof(line) && len > 8 && strncmp(data + i, "version ", 8) == 0) {
            memcpy(line, data + i + 8, len - 8);
            line[len - 8] = '\0';
            if (parse_count(line, &v))
                return v;
        }
        i += len + 1;
    }
    return -1;
}

/* SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA
 * instructions (x86 SHA-NI, ARMv8 crypto extensions): about four times
 * libsodium's portable code here (tests/bench/bundle-bench.sh). */
int bundle_hash_file(const char *path, char hex[BUNDLE_HASH_HEX], int64_t *size, char *err,
                     size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *buf = xcalloc(1, HASH_CHUNK);
    int64_t total = 0;
    int rc = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 ? 0 : -1;
    if (rc < 0)
        snprintf(err, errlen, "%s: SHA-256 is not available (libcrypto)", path);
    while (rc == 0) {
        ssize_t got = read(fd, buf, HASH_CHUNK);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            rc = -1;
        }
        if (got <= 0)
            break;
        EVP_DigestUpdate(ctx, buf, (size_t)got);
        total += got;
    }
    unsigned char digest[32];
    unsigned int n = 0;
    if (rc == 0 && (EVP_DigestFinal_ex(ctx, digest, &n) != 1 || n != sizeof(digest))) {
        snprintf(err, errlen, "%s: SHA-256 failed (libcrypto)", path);
        rc = -1;
    }
    if (rc == 0) {
        sodium_bin2hex(hex, BUNDLE_HASH_HEX, digest, sizeof(digest));
        *size = total;
    }
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return rc;
}
