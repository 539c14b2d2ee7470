/* The content fetcher (fleet/fetch.c) against a real web server on
 * 127.0.0.1 that breaks on purpose (tests/fleet/serve.py): a corrupted
 * file, a 500, a connection cut mid-file, the server killed mid-download, a
 * bundle signed by another key, an older manifest (a replay). Each time the
 * bundle in place stays current, one error line is logged however often it
 * is retried, and no half-made bundle is left; then a good bundle gets in. */
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "fleet/bundle_make.h"
#include "fleet/fetch.h"
#include "fleet/server.h"
#include "fleet/store.h"
#include "testlib.h"

#define BIG_BYTES (600 * 1000)

static struct test_server srv;
static char tmp[] = "/tmp/signage-test-fetch-XXXXXX";
static char *src, *src2, *key, *key2, *content, *log_path;
static struct settings s;
static unsigned char pk[BUNDLE_PUBLIC_KEY_LEN];
static int log_fd = -1;

static void write_text(const char *dir, const char *name, const char *text)
{
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static void playlist(const char *dir, const char *title)
{
    char *text = xasprintf("playlist = { name = \"%s\"; items = ( { id = \"one\"; duration = 1.0; "
                           "slide = { title = \"%s\"; }; } ); };\n",
                           title, title);
    write_text(dir, "main.cfg", text);
    free(text);
}

/* A file of n bytes that differs with seed. */
static void data_file(const char *dir, const char *name, int n, int seed)
{
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "wb");
    for (int i = 0; f && i < n; i++)
        fputc((i * 31 + seed + i / 977) & 0xff, f);
    if (f)
        fclose(f);
    free(p);
}

static int64_t make(const char *from, const char *with_key)
{
    struct bundle_made made;
    struct diag d = {0};
    struct settings def;
    settings_defaults(&def);
    int rc = bundle_make(from, with_key, srv.root, &def, &made, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stdout, "make: %s\n", d.lines[i]);
    diag_free(&d);
    settings_free(&def);
    return rc == 0 ? made.version : -1;
}

static int64_t current_version(void)
{
    struct bundle_manifest m;
    char *folder = NULL;
    char err[BUNDLE_ERR_SIZE];
    int64_t v = store_current(content, pk, &m, &folder, err, sizeof(err)) == 1 ? m.version : 0;
    bundle_manifest_free(&m);
    free(folder);
    return v;
}

/* Waits up to seconds for the fetcher to hand over a bundle. */
static int64_t wait_bundle(struct fetch *f, double seconds)
{
    for (int i = 0; i < seconds * 20; i++) {
        struct fetch_bundle b;
        if (fetch_poll(f, &b)) {
            EXPECT(b.playlist && path_is_file(b.playlist));
            free(b.playlist);
            return b.version;
        }
        usleep(50000);
    }
    return 0;
}

/* The error lines the log got since offset *at, moved past them. */
static int errors_since(off_t *at, const char *want)
{
    char *text = xcalloc(1, 1 << 16);
    ssize_t n = pread(log_fd, text, (1 << 16) - 1, *at);
    int count = 0, found = 0;
    for (char *line = text; n > 0 && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (strstr(line, "[error]") && strstr(line, "content:")) {
            count++;
            found += strstr(line, want) != NULL;
            printf("  logged: %s\n", strstr(line, "content:"));
        }
        line = nl ? nl + 1 : NULL;
    }
    *at += n > 0 ? n : 0;
    free(text);
    EXPECT_INT(found, 1);
    return count;
}

/* No bundles/<v>.tmp, no folder but the kept ones. */
static bool nothing_half_made(int64_t bad_version)
{
    char *t = xasprintf("%s/bundles/%lld.tmp", content, (long long)bad_version);
    char *b = xasprintf("%s/bundles/%lld", content, (long long)bad_version);
    struct stat st;
    bool ok = stat(t, &st) != 0 && stat(b, &st) != 0;
    free(t);
    free(b);
    return ok;
}

/* True when the log has what past offset at. */
static bool logged_since(off_t at, const char *what)
{
    char *text = xcalloc(1, 1 << 16);
    ssize_t n = pread(log_fd, text, (1 << 16) - 1, at);
    bool found = n > 0 && strstr(text, what) != NULL;
    free(text);
    return found;
}

/* Serves a fault (or a bad bundle): waits for the problem to be logged,
 * then a few retries more. Bundle v stays current all along, nothing is
 * handed over, and the problem is logged once (at most lines lines). */
static void refused(struct fetch *f, int64_t v, int64_t bad, off_t *at, const char *want, int lines)
{
    int64_t handed = 0;
    for (int i = 0; i < 20 * 20 && !handed && !logged_since(*at, want); i++)
        handed = wait_bundle(f, 0.05);
    EXPECT_INT(handed, 0);
    EXPECT_INT(wait_bundle(f, 2.5), 0);
    EXPECT_INT(current_version(), v);
    EXPECT(nothing_half_made(bad));
    int n = errors_since(at, want);
    EXPECT(n >= 1 && n <= lines);
}

/* Puts a bundle of one playlist (text) and version on the server, signed
 * with key, without `bundle make`'s check: what a careless signer could do. */
static int64_t forge(const char *text, int64_t version)
{
    char *tmpfile = path_join(tmp, "forged.cfg");
    FILE *fp = fopen(tmpfile, "w");
    fputs(text, fp);
    fclose(fp);
    struct bundle_file bf = {.path = "main.cfg"};
    char err[BUNDLE_ERR_SIZE];
    bundle_hash_file(tmpfile, bf.sha256, &bf.size, err, sizeof(err));
    char *stored = xasprintf("%s/files/%s", srv.root, bf.sha256);
    EXPECT_INT(rename(tmpfile, stored), 0);
    struct bundle_manifest m = {.version = version, .created_utc = 1, .files = &bf, .n_files = 1};
    unsigned char sk[BUNDLE_SECRET_KEY_LEN];
    EXPECT_INT(bundle_key_read(key, sk, err, sizeof(err)), 0);
    char *mtext = bundle_manifest_text(&m), *signed_text = bundle_sign(mtext, sk);
    char *manifest = xasprintf("%s/manifest", srv.root);
    unlink(manifest); /* it may be a link to a saved one */
    fp = fopen(manifest, "w");
    fputs(signed_text, fp);
    fclose(fp);
    free(manifest);
    free(mtext);
    free(signed_text);
    free(stored);
    free(tmpfile);
    return version;
}

/* How many lines of path hold what. */
static int file_gets(const char *path, const char *what)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    int n = 0;
    while (fp && fgets(line, sizeof(line), fp))
        n += strstr(line, what) != NULL;
    if (fp)
        fclose(fp);
    return n;
}

static char *hash_of(const char *dir, const char *name)
{
    char *p = path_join(dir, name);
    char hex[BUNDLE_HASH_HEX], err[BUNDLE_ERR_SIZE];
    int64_t size;
    bundle_hash_file(p, hex, &size, err, sizeof(err));
    free(p);
    return xstrdup(hex);
}

int main(void)
{
    if (!mkdtemp(tmp) || test_server_start(&srv) < 0) {
        fprintf(stderr, "test_fetch: no temp folder or no test server\n");
        return 1;
    }
    src = path_join(tmp, "src");
    src2 = path_join(tmp, "src2");
    key = path_join(tmp, "key");
    key2 = path_join(tmp, "other-key");
    content = path_join(tmp, "content");
    log_path = path_join(tmp, "log");
    mkdir(src, 0755);
    mkdir(src2, 0755);
    char err[BUNDLE_ERR_SIZE];
    EXPECT_INT(bundle_keygen(key, err, sizeof(err)), 0);
    EXPECT_INT(bundle_keygen(key2, err, sizeof(err)), 0);
    EXPECT_INT(bundle_keygen(key, err, sizeof(err)), -1); /* never overwritten */
    struct stat st;
    EXPECT(stat(key, &st) == 0 && (st.st_mode & 0777) == 0600);

    /* The player's config: every second, to this server, with key's public half. */
    settings_defaults(&s);
    char *pub = xasprintf("%s.pub", key), line[128] = "";
    FILE *pf = fopen(pub, "r");
    EXPECT(pf && fgets(line, sizeof(line), pf));
    if (pf)
        fclose(pf);
    free(s.content_url);
    free(s.content_public_key);
    free(s.content_dir);
    s.content_url = xasprintf("http://127.0.0.1:%d", srv.port); /* no '/': added */
    s.content_public_key = xstrdup(line);
    s.content_dir = xstrdup(content);
    s.content_every_s = 1;
    EXPECT_INT(fetch_public_key(&s, pk, err, sizeof(err)), 0);

    /* Log lines go to a file the test reads. */
    log_fd = open(log_path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0644);
    int saved_stderr = dup(2);
    dup2(log_fd, 2);
    off_t at = 0;

    /* The first bundle. */
    playlist(src, "first");
    data_file(src, "big.bin", BIG_BYTES, 1);
    write_text(src, "notes.txt", "notes\n");
    int64_t v1 = make(src, key);
    EXPECT(v1 > 0);
    char *v1_manifest = xasprintf("%s/manifest.v1", tmp),
         *served = xasprintf("%s/manifest", srv.root);
    EXPECT(link(served, v1_manifest) == 0);
    struct fetch *f = fetch_start(&s, pk, err, sizeof(err));
    EXPECT(f != NULL);
    EXPECT_INT(wait_bundle(f, 20.0), v1);
    EXPECT_INT(current_version(), v1);

    /* A corrupted file: refused (once in the log, however often retried). */
    data_file(src, "big.bin", BIG_BYTES, 2);
    int64_t v2 = make(src, key);
    char *h = hash_of(src, "big.bin"), *fault = xasprintf("/files/%s corrupt\n", h);
    test_server_faults(&srv, fault);
    refused(f, v1, v2, &at, "SHA-256 mismatch", 1);
    /* A 500 on the manifest (the file still corrupted: a look begun before
     * the switch asks for it after). */
    char *both = xasprintf("/manifest status 500\n%s", fault);
    test_server_faults(&srv, both);
    free(both);
    refused(f, v1, v2, &at, "HTTP 500", 1);
    /* The connection cut mid-file, every time: what came is kept and resumed. */
    free(fault);
    fault = xasprintf("/files/%s cut 20000\n", h);
    test_server_faults(&srv, fault);
    refused(f, v1, v2, &at, "big.bin", 1);
    /* Then the network comes back: it resumes where it was and gets in. */
    test_server_faults(&srv, "");
    EXPECT_INT(wait_bundle(f, 20.0), v2);
    EXPECT_INT(current_version(), v2);
    char *ranges = xasprintf("grep -q 'GET /files/%s 206 .* bytes=' %s", h, srv.log);
    EXPECT_INT(system(ranges), 0);
    free(ranges);

    /* The server killed mid-download (a slow transfer), then back. */
    data_file(src, "big.bin", BIG_BYTES, 3);
    free(h);
    free(fault);
    h = hash_of(src, "big.bin");
    fault = xasprintf("/files/%s slow 100000\n", h);
    test_server_faults(&srv, fault); /* before the manifest names it */
    int64_t v3 = make(src, key);
    sleep(2);
    test_server_kill(&srv);
    /* cut mid-file, then nobody answers: two problems, a line each */
    refused(f, v2, v3, &at, "Couldn't connect", 2);
    test_server_faults(&srv, "");
    EXPECT_INT(test_server_start(&srv), 0);
    EXPECT_INT(wait_bundle(f, 20.0), v3);

    /* A bundle signed by another key; an older manifest (a replay). */
    playlist(src2, "forged");
    int64_t v4 = make(src2, key2);
    EXPECT(v4 > v3);
    refused(f, v3, v4, &at, "not signed by the configured public_key", 1);
    unlink(served);
    EXPECT(link(v1_manifest, served) == 0);
    refused(f, v3, v1, &at, "older than bundle", 1);

    /* Signed with the right key, but its playlist would not play here. */
    int64_t v_bad = forge("playlist = { name = \"bad\"; items = ( { id = \"x\"; video = "
                          "\"missing.mp4\"; } ); };\n",
                          v4 + 1);
    refused(f, v3, v_bad, &at, "would not play: ", 1);

    /* A good one after all that: only the changed file (main.cfg) is fetched. */
    unlink(served);
    playlist(src, "last");
    int before = file_gets(srv.log, "GET /files/");
    int64_t v5 = make(src, key);
    EXPECT_INT(wait_bundle(f, 20.0), v5);
    EXPECT_INT(file_gets(srv.log, "GET /files/") - before, 1);

    /* A file cut short on the server itself: refused; made again, it gets in. */
    data_file(src, "big.bin", BIG_BYTES, 4);
    test_server_faults(&srv, "/manifest status 404\n"); /* until the file is cut */
    int64_t v6 = make(src, key);
    free(h);
    h = hash_of(src, "big.bin");
    char *stored = xasprintf("%s/files/%s", srv.root, h);
    EXPECT_INT(truncate(stored, BIG_BYTES / 2), 0);
    test_server_faults(&srv, "");
    refused(f, v5, v6, &at, "size 300000, expected 600000", 2); /* and the 404 */
    int64_t v7 = make(src, key);
    /* make stores the whole file again before it writes the manifest: v6
     * may get in (it is whole now) just before v7 does */
    int64_t got = wait_bundle(f, 20.0);
    if (got == v6)
        got = wait_bundle(f, 20.0);
    EXPECT_INT(got, v7);
    free(stored);

    fetch_stop(f); /* after its pruning, which follows the hand-over */
    /* The bundle before is kept for rollback, older ones are gone. */
    int64_t v[16];
    int n = store_versions(content, v, 16);
    EXPECT_INT(n, 2);
    EXPECT(n == 2 && (v[0] == v5 || v[0] == v6) && v[1] == v7);

    dup2(saved_stderr, 2);
    close(saved_stderr);
    char *failed = xasprintf("grep -h FAILED -A2 '%s'", log_path); /* EXPECT wrote them there */
    if (system(failed) != 0)
        printf("(no failed check)\n");
    free(failed);
    close(log_fd);
    test_server_stop(&srv);
    settings_free(&s);
    char *rm = xasprintf("rm -rf '%s'", tmp);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
    free(rm);
    free(h);
    free(fault);
    free(pub);
    free(v1_manifest);
    free(served);
    free(src);
    free(src2);
    free(key);
    free(key2);
    free(content);
    free(log_path);
    return test_result("test_fetch");
}
