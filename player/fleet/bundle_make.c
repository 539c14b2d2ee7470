#include "fleet/bundle_make.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fleet/bundle_cfg.h"
#include "config/playlist.h"
#include "lineup/check.h"

#define KEY_TEXT_MAX 256

/* Writes n bytes to path through path.tmp and a rename, fsync'ed. */
static int write_atomic(const char *path, const char *data, size_t n, mode_t mode, char *err,
                        size_t errlen)
{
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    int rc = -1;
    if (fd >= 0) {
        size_t done = 0;
        while (done < n) {
            ssize_t w = write(fd, data + done, n - done);
            if (w <= 0 && errno != EINTR)
                break;
            done += w > 0 ? (size_t)w : 0;
        }
        if (done == n && fsync(fd) == 0 && close(fd) == 0 && rename(tmp, path) == 0)
            rc = 0;
        else if (fd >= 0)
            close(fd);
    }
    if (rc < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

int bundle_keygen(const char *keyfile, char *err, size_t errlen)
{
    unsigned char pk[BUNDLE_PUBLIC_KEY_LEN], sk[BUNDLE_SECRET_KEY_LEN];
    if (bundle_crypto_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return -1;
    }
    if (access(keyfile, F_OK) == 0) {
        snprintf(err, errlen, "%s: already exists (a key is not overwritten)", keyfile);
        return -1;
    }
    crypto_sign_keypair(pk, sk);
    char *sk64 = bundle_base64(sk, sizeof(sk)), *pk64 = bundle_base64(pk, sizeof(pk));
    char *sk_text = xasprintf("%s\n", sk64), *pk_text = xasprintf("%s\n", pk64);
    char *pub = xasprintf("%s.pub", keyfile);
    int rc = write_atomic(keyfile, sk_text, strlen(sk_text), 0600, err, errlen);
    if (rc == 0)
        rc = write_atomic(pub, pk_text, strlen(pk_text), 0644, err, errlen);
    sodium_memzero(sk, sizeof(sk));
    sodium_memzero(sk64, strlen(sk64));
    sodium_memzero(sk_text, strlen(sk_text));
    free(sk64);
    free(pk64);
    free(sk_text);
    free(pk_text);
    free(pub);
    return rc;
}

int bundle_key_read(const char *keyfile, unsigned char secret_key[BUNDLE_SECRET_KEY_LEN], char *err,
                    size_t errlen)
{
    if (bundle_crypto_init() < 0) {
        snprintf(err, errlen, "libsodium cannot start");
        return -1;
    }
    FILE *f = fopen(keyfile, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", keyfile, strerror(errno));
        return -1;
    }
    char text[KEY_TEXT_MAX] = "";
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    int rc = bundle_unbase64(text, secret_key, BUNDLE_SECRET_KEY_LEN);
    sodium_memzero(text, sizeof(text));
    if (rc < 0)
        snprintf(err, errlen, "%s: not a secret key made by `signage bundle keygen`", keyfile);
    return rc;
}

/* Copies src to dst through dst.tmp and a rename. */
static int copy_file(const char *src, const char *dst, struct diag *d)
{
    char *tmp = xasprintf("%s.tmp", dst);
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = in >= 0 && out >= 0 ? 0 : -1;
    char *buf = xcalloc(1, 1 << 20);
    while (rc == 0) {
        ssize_t got = read(in, buf, 1 << 20);
        if (got == 0)
            break;
        if (got < 0 || write(out, buf, (size_t)got) != got)
            rc = -1;
    }
    free(buf);
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, dst) != 0)
        rc = -1;
    if (rc < 0) {
        diag_add(d, "%s: cannot copy to %s: %s", src, dst, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

/* True when a file of that size is stored at path already (a copy cut
 * short by a crash or a full disk is made again). */
static bool stored_whole(const char *path, int64_t size)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == size;
}

/* Adds every file under dir/rel (rel "" = the top) to m, leaving out
 * hidden names and the folder skip (the output inside the source). */
static int walk(const char *dir, const char *rel, const char *skip, struct bundle_manifest *m,
                struct diag *d)
{
    char *here = rel[0] ? path_join(dir, rel) : xstrdup(dir);
    DIR *dh = opendir(here);
    int rc = 0;
    if (!dh) {
        diag_add(d, "%s: cannot read: %s", here, strerror(errno));
        free(here);
        return -1;
    }
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.')
            continue;
        char *r = rel[0] ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
        char *full = path_join(dir, r);
        char real[PATH_MAX];
        struct stat st;
        if (stat(full, &st) != 0) {
            diag_add(d, "%s: %s", full, strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (!(skip && realpath(full, real) && strcmp(real, skip) == 0) &&
                walk(dir, r, skip, m, d) < 0)
                rc = -1;
        } else if (S_ISREG(st.st_mode)) {
            if (!bundle_path_ok(r)) {
                diag_add(d, "%s: a name a bundle cannot hold (control character or '\\')", full);
                rc = -1;
            } else {
                m->files = xrealloc(m->files, (size_t)(m->n_files + 1) * sizeof(*m->files));
                m->files[m->n_files++] = (struct bundle_file){.path = xstrdup(r)};
            }
        }
        free(full);
        free(r);
    }
    closedir(dh);
    free(here);
    return rc;
}

/* Every media file pl names must be inside the bundle (src_real), under a
 * name it can hold, or the screens would not find it. */
static int media_inside(const struct playlist *pl, const char *src_real, struct diag *d)
{
    int rc = 0;
    size_t n = strlen(src_real);
    for (int i = 0; i < pl->n_items; i++)
        for (int k = 0; k < pl->items[i].n_variants; k++) {
            const struct variant *v = &pl->items[i].variants[k];
            char real[PATH_MAX];
            if (!v->media || !realpath(v->media, real))
                continue; /* slides; missing files are check's to report */
            if (strncmp(real, src_real, n) != 0 || real[n] != '/' ||
                !bundle_path_ok(real + n + 1)) {
                diag_add(d, "%s:%d: item \"%s\": %s is not inside the bundle's folder %s", pl->path,
                         v->line, pl->items[i].id, v->media_as_written, src_real);
                rc = -1;
            }
        }
    return rc;
}

/* Runs `signage check` on every playlist src can play. */
static int check_source(const char *src, const struct settings *s, struct diag *d)
{
    char **list = bundle_cfg_playlists(src, d);
    if (!list)
        return -1;
    int n = 0;
    while (list[n])
        n++;
    struct diag notes = {0};
    struct check_opts co = {0};
    int rc = check_playlists((const char *const *)list, n, s, &co, d, &notes);
    diag_free(&notes);
    char src_real[PATH_MAX];
    enum fit_mode fit = FIT_LETTERBOX;
    for (int i = 0; rc == 0 && i < n; i++) {
        struct playlist *pl = playlist_load(list[i], "", fit, d);
        if (!pl || !realpath(src, src_real) || media_inside(pl, src_real, d) < 0)
            rc = -1;
        playlist_free(pl);
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return rc;
}

static int64_t previous_version(const char *manifest)
{
    size_t n = 0;
    char *buf = bundle_read(manifest, &n);
    int64_t v = buf ? bundle_text_version(buf, n) : 0;
    free(buf);
    return v > 0 ? v : 0;
}

int bundle_make(const char *src, const char *keyfile, const char *out, const struct settings *s,
                struct bundle_made *made, struct diag *d)
{
    memset(made, 0, sizeof(*made));
    unsigned char sk[BUNDLE_SECRET_KEY_LEN];
    char err[BUNDLE_ERR_SIZE];
    struct bundle_manifest m = {0};
    char *files = path_join(out, "files"), *manifest = path_join(out, "manifest");
    char *text = NULL, *signed_text = NULL;
    int rc = -1;
    if (bundle_key_read(keyfile, sk, err, sizeof(err)) < 0) {
        diag_add(d, "%s", err);
        goto out;
    }
    if (check_source(src, s, d) < 0)
        goto out;
    if ((mkdir(out, 0755) != 0 && errno != EEXIST) ||
        (mkdir(files, 0755) != 0 && errno != EEXIST)) {
        diag_add(d, "%s: cannot make: %s", files, strerror(errno));
        goto out;
    }
    char out_real[PATH_MAX];
    if (walk(src, "", realpath(out, out_real) ? out_real : NULL, &m, d) < 0)
        goto out;
    for (int i = 0; i < m.n_files; i++) {
        struct bundle_file *f = &m.files[i];
        char *path = path_join(src, f->path);
        int hashed = bundle_hash_file(path, f->sha256, &f->size, err, sizeof(err));
        char *stored = hashed == 0 ? path_join(files, f->sha256) : NULL;
        if (hashed < 0)
            diag_add(d, "%s", err);
        else if (!stored_whole(stored, f->size)) {
            if (copy_file(path, stored, d) < 0)
                hashed = -1;
            made->n_new++;
            made->new_bytes += f->size;
        }
        made->bytes += f->size;
        free(stored);
        free(path);
        if (hashed < 0)
            goto out;
    }
    made->n_files = m.n_files;
    int64_t now = (int64_t)time(NULL), before = previous_version(manifest);
    m.version = now > before ? now : before + 1;
    m.created_utc = now;
    text = bundle_manifest_text(&m);
    signed_text = bundle_sign(text, sk);
    if (write_atomic(manifest, signed_text, strlen(signed_text), 0644, err, sizeof(err)) < 0) {
        diag_add(d, "%s", err);
        goto out;
    }
    made->version = m.version;
    rc = 0;
out:
    sodium_memzero(sk, sizeof(sk));
    bundle_manifest_free(&m);
    free(text);
    free(signed_text);
    free(files);
    free(manifest);
    return rc;
}
