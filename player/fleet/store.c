#define _GNU_SOURCE /* syncfs() */
#include "fleet/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

#define MAX_VERSIONS 256

static int mkdirs(const char *path)
{
    char *p = xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            rc = -1;
        *s = c;
        if (!c)
            break;
    }
    free(p);
    return rc;
}

int store_init(const char *dir, char *err, size_t errlen)
{
    const char *subs[] = {"", "objects", "staging", "bundles"};
    for (int i = 0; i < 4; i++) {
        char *p = subs[i][0] ? path_join(dir, subs[i]) : xstrdup(dir);
        int rc = mkdirs(p);
        if (rc < 0)
            snprintf(err, errlen, "%s: cannot make: %s", p, strerror(errno));
        free(p);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static char *bundle_folder(const char *dir, int64_t version)
{
    return xasprintf("%s/bundles/%" PRId64, dir, version);
}

/* The version current points to, 0 when none. */
static int64_t current_version(const char *dir)
{
    char *link = path_join(dir, "current");
    char target[256];
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    free(link);
    if (n <= 0)
        return 0;
    target[n] = '\0';
    long long v = 0;
    char tail;
    if (sscanf(target, "bundles/%lld%c", &v, &tail) != 1 || v <= 0)
        return 0;
    return (int64_t)v;
}

int store_current(const char *dir, const unsigned char public_key[BUNDLE_PUBLIC_KEY_LEN],
                  struct bundle_manifest *m, char **folder, char *err, size_t errlen)
{
    memset(m, 0, sizeof(*m));
    *folder = NULL;
    int64_t v = current_version(dir);
    if (v == 0)
        return 0;
    char *f = bundle_folder(dir, v), *mf = path_join(f, STORE_MANIFEST);
    size_t len = 0;
    char *text = bundle_read(mf, &len);
    int rc = 1;
    char why[BUNDLE_ERR_SIZE];
    if (!text) {
        snprintf(err, errlen, "%s: cannot read", mf);
        rc = -1;
    } else if (bundle_verify(text, len, public_key, m, why, sizeof(why)) < 0) {
        snprintf(err, errlen, "%s: %s", mf, why);
        rc = -1;
    }
    free(text);
    free(mf);
    if (rc == 1)
        *folder = f;
    else
        free(f);
    return rc;
}

char *store_object_path(const char *dir, const struct bundle_file *f)
{
    return xasprintf("%s/objects/%s", dir, f->sha256);
}

char *store_staging_path(const char *dir, const struct bundle_file *f)
{
    return xasprintf("%s/staging/%s", dir, f->sha256);
}

bool store_has(const char *dir, const struct bundle_file *f)
{
    char *p = store_object_path(dir, f);
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == f->size;
    free(p);
    return ok;
}

int store_accept(const char *dir, const struct bundle_file *f, char *err, size_t errlen)
{
    char *part = store_staging_path(dir, f), *obj = store_object_path(dir, f);
    char hex[BUNDLE_HASH_HEX];
    int64_t size = -1;
    int rc = bundle_hash_file(part, hex, &size, err, errlen);
    if (rc == 0 && size != f->size) {
        snprintf(err, errlen, "%s: size %" PRId64 ", expected %" PRId64, f->path, size, f->size);
        rc = -1;
    } else if (rc == 0 && strcmp(hex, f->sha256) != 0) {
        snprintf(err, errlen, "%s: SHA-256 mismatch (the file is not the one signed)", f->path);
        rc = -1;
    } else if (rc == 0 && rename(part, obj) != 0) {
        snprintf(err, errlen, "%s: %s", obj, strerror(errno));
        rc = -1;
    }
    if (rc < 0)
        unlink(part);
    free(part);
    free(obj);
    return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int link_file(const char *dir, const char *top, const struct bundle_file *f, char *err,
                     size_t errlen)
{
    char *dst = path_join(top, f->path), *obj = store_object_path(dir, f);
    char *parent = path_dirname(dst);
    int rc = 0;
    if (mkdirs(parent) < 0 || link(obj, dst) != 0) {
        snprintf(err, errlen, "%s: %s", dst, strerror(errno));
        rc = -1;
    }
    free(parent);
    free(obj);
    free(dst);
    return rc;
}

int store_assemble(const char *dir, const struct bundle_manifest *m, const char *manifest,
                   size_t manifest_len, char **folder, char *err, size_t errlen)
{
    char *final = bundle_folder(dir, m->version), *tmp = xasprintf("%s.tmp", final);
    char *mf = path_join(tmp, STORE_MANIFEST);
    remove_tree(tmp);
    remove_tree(final); /* a folder of this version that never became current */
    int rc = 0;
    if (mkdir(tmp, 0755) != 0) {
        snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < m->n_files; i++)
        rc = link_file(dir, tmp, &m->files[i], err, errlen);
    if (rc == 0) {
        FILE *f = fopen(mf, "wb");
        if (!f || fwrite(manifest, 1, manifest_len, f) != manifest_len || fflush(f) != 0 ||
            fsync(fileno(f)) != 0) {
            snprintf(err, errlen, "%s: %s", mf, strerror(errno));
            rc = -1;
        }
        if (f)
            fclose(f);
    }
    if (rc == 0 && rename(tmp, final) != 0) {
        snprintf(err, errlen, "%s: %s", final, strerror(errno));
        rc = -1;
    }
    if (rc < 0) {
        remove_tree(tmp);
        free(final);
        final = NULL;
    }
    *folder = final;
    free(mf);
    free(tmp);
    return rc;
}

void store_discard(const char *dir, int64_t version)
{
    char *f = bundle_folder(dir, version);
    remove_tree(f);
    free(f);
}

int store_switch(const char *dir, int64_t version, char *err, size_t errlen)
{
    char *link = path_join(dir, "current"), *tmp = path_join(dir, "current.tmp");
    char *target = xasprintf("bundles/%" PRId64, version);
    int rc = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    /* Every link and folder of the new bundle reaches the disk before
     * current names it. */
    if (fd >= 0)
        syncfs(fd);
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
        snprintf(err, errlen, "%s: %s", link, strerror(errno));
        unlink(tmp);
        rc = -1;
    }
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(target);
    free(tmp);
    free(link);
    return rc;
}

static int by_value(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

int store_versions(const char *dir, int64_t *v, int max)
{
    char *b = path_join(dir, "bundles");
    DIR *dh = opendir(b);
    free(b);
    int n = 0;
    for (struct dirent *e; dh && n < max && (e = readdir(dh));) {
        size_t len = strlen(e->d_name);
        if (len > 0 && len < 19 && strspn(e->d_name, "0123456789") == len)
            v[n++] = strtoll(e->d_name, NULL, 10);
    }
    if (dh)
        closedir(dh);
    qsort(v, (size_t)n, sizeof(*v), by_value);
    return n;
}

/* Deletes the entries of folder sub that drop() says go. */
static void sweep(const char *dir, const char *sub,
                  bool (*drop)(const char *path, const char *name, const void *arg),
                  const void *arg)
{
    char *folder = path_join(dir, sub);
    DIR *dh = opendir(folder);
    for (struct dirent *e; dh && (e = readdir(dh));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = path_join(folder, e->d_name);
        if (drop(p, e->d_name, arg))
            remove_tree(p);
        free(p);
    }
    if (dh)
        closedir(dh);
    free(folder);
}

static bool unlinked_object(const char *path, const char *name, const void *arg)
{
    struct stat st;
    return lstat(path, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_nlink <= 1);
}

static bool stale_staging(const char *path, const char *name, const void *arg)
{
    const struct bundle_manifest *m = arg;
    for (int i = 0; m && i < m->n_files; i++)
        if (strcmp(m->files[i].sha256, name) == 0)
            return false;
    return true;
}

static bool unkept_bundle(const char *path, const char *name, const void *arg)
{
    const int64_t *keep = arg;
    size_t len = strlen(name);
    if (len == 0 || strspn(name, "0123456789") != len)
        return true; /* a .tmp folder a crash left behind */
    int64_t v = strtoll(name, NULL, 10);
    return v != keep[0] && v != keep[1] && v != keep[2];
}

void store_prune(const char *dir, int64_t keep, const struct bundle_manifest *m)
{
    int64_t v[MAX_VERSIONS];
    int n = store_versions(dir, v, MAX_VERSIONS);
    int64_t cur = current_version(dir), prev = 0;
    for (int i = 0; i < n; i++)
        if (v[i] < cur)
            prev = v[i];
    int64_t kept[3] = {cur, prev, keep};
    if (cur == 0)
        return; /* nothing is known to be good yet: leave everything */
    sweep(dir, "bundles", unkept_bundle, kept);
    sweep(dir, "objects", unlinked_object, NULL);
    sweep(dir, "staging", stale_staging, m);
}
