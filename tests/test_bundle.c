/* The bundle format (fleet/bundle.c), bundle.cfg (fleet/bundle_cfg.c), the
 * store on a screen (fleet/store.c) and the fetcher's waits: no network,
 * no thread. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "fleet/bundle.h"
#include "fleet/bundle_cfg.h"
#include "fleet/fetch.h"
#include "fleet/store.h"
#include "testlib.h"

static unsigned char pk[BUNDLE_PUBLIC_KEY_LEN], sk[BUNDLE_SECRET_KEY_LEN];
static unsigned char pk2[BUNDLE_PUBLIC_KEY_LEN], sk2[BUNDLE_SECRET_KEY_LEN];

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

static char *signed_manifest(int64_t version, unsigned char *key)
{
    struct bundle_manifest m = {.version = version, .created_utc = 1764627300};
    m.files = xcalloc(2, sizeof(*m.files));
    m.files[0] = (struct bundle_file){.path = xstrdup("b/ad.mp4"), .size = 3};
    m.files[1] = (struct bundle_file){.path = xstrdup("a.cfg"), .size = 5};
    memset(m.files[0].sha256, 'b', 64);
    memset(m.files[1].sha256, 'a', 64);
    m.n_files = 2;
    char *text = bundle_manifest_text(&m);
    char *out = bundle_sign(text, key);
    free(text);
    bundle_manifest_free(&m);
    return out;
}

static void test_sign_verify(void)
{
    char *t = signed_manifest(42, sk);
    struct bundle_manifest m;
    char err[BUNDLE_ERR_SIZE] = "";
    EXPECT_INT(bundle_verify(t, strlen(t), pk, &m, err, sizeof(err)), 0);
    EXPECT_INT(m.version, 42);
    EXPECT_INT(m.created_utc, 1764627300);
    EXPECT_INT(m.n_files, 2);
    EXPECT_STR(m.files[0].path, "a.cfg"); /* sorted by path */
    EXPECT(bundle_find(&m, "b/ad.mp4") && bundle_find(&m, "b/ad.mp4")->size == 3);
    EXPECT(strstr(t, "created 2025-12-01T22:15:00Z\n") != NULL);
    EXPECT_INT(bundle_text_version(t, strlen(t)), 42);
    bundle_manifest_free(&m);

    /* Another key, a flipped byte anywhere, a cut, lines added after it. */
    EXPECT_INT(bundle_verify(t, strlen(t), pk2, &m, err, sizeof(err)), -1);
    EXPECT_STR(err, "not signed by the configured public_key");
    EXPECT_INT(m.n_files, 0);
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i += 7) {
        char *bad = xstrdup(t);
        bad[i] ^= 0x01;
        EXPECT_INT(bundle_verify(bad, n, pk, &m, err, sizeof(err)), -1);
        free(bad);
    }
    EXPECT_INT(bundle_verify(t, n - 10, pk, &m, err, sizeof(err)), -1);
    EXPECT_INT(bundle_verify(t, 40, pk, &m, err, sizeof(err)), -1);
    char *more = xasprintf("%sfile %064d 1 x\n", t, 0);
    EXPECT_INT(bundle_verify(more, strlen(more), pk, &m, err, sizeof(err)), -1);
    free(more);
    free(t);

    /* Signed, but malformed: refused with the line. */
    char *bad_text = xstrdup("signage-bundle 1\nversion 3\nfile 12 1 x\n");
    char *bad = bundle_sign(bad_text, sk);
    EXPECT_INT(bundle_verify(bad, strlen(bad), pk, &m, err, sizeof(err)), -1);
    EXPECT(strstr(err, "line 3: file") != NULL);
    free(bad);
    free(bad_text);
    bad_text = xasprintf("signage-bundle 1\nversion 3\nfile %064d 1 ../etc/passwd\n", 0);
    bad = bundle_sign(bad_text, sk);
    EXPECT_INT(bundle_verify(bad, strlen(bad), pk, &m, err, sizeof(err)), -1);
    EXPECT(strstr(err, "../etc/passwd") != NULL);
    free(bad);
    free(bad_text);
    bad = bundle_sign("signage-bundle 2\nversion 3\n", sk);
    EXPECT_INT(bundle_verify(bad, strlen(bad), pk, &m, err, sizeof(err)), -1);
    EXPECT(strstr(err, "format 2") != NULL);
    free(bad);
}

static void test_paths_and_keys(void)
{
    EXPECT(bundle_path_ok("main.cfg"));
    EXPECT(bundle_path_ok("ads/es/labor ad.mp4"));
    EXPECT(!bundle_path_ok(""));
    EXPECT(!bundle_path_ok("/etc/passwd"));
    EXPECT(!bundle_path_ok("../x"));
    EXPECT(!bundle_path_ok("a/../x"));
    EXPECT(!bundle_path_ok("a/./x"));
    EXPECT(!bundle_path_ok("a//x"));
    EXPECT(!bundle_path_ok("a/"));
    EXPECT(!bundle_path_ok(".manifest"));
    EXPECT(!bundle_path_ok("a\\b"));
    EXPECT(!bundle_path_ok("a\nb"));

    char *b64 = bundle_base64(pk, sizeof(pk));
    unsigned char back[BUNDLE_PUBLIC_KEY_LEN];
    char *padded = xasprintf("  %s\n", b64);
    EXPECT_INT(bundle_unbase64(padded, back, sizeof(back)), 0);
    EXPECT(memcmp(back, pk, sizeof(pk)) == 0);
    EXPECT_INT(bundle_unbase64("AAAA", back, sizeof(back)), -1);
    EXPECT_INT(bundle_unbase64("not base64 at all!", back, sizeof(back)), -1);
    free(padded);
    free(b64);
}

static void test_hash(const char *dir)
{
    write_text(dir, "abc", "abc");
    char *p = path_join(dir, "abc");
    char hex[BUNDLE_HASH_HEX];
    int64_t size = 0;
    char err[BUNDLE_ERR_SIZE];
    EXPECT_INT(bundle_hash_file(p, hex, &size, err, sizeof(err)), 0);
    EXPECT_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_INT(size, 3);
    EXPECT_INT(bundle_hash_file("/nonexistent", hex, &size, err, sizeof(err)), -1);
    EXPECT(strstr(err, "/nonexistent: No such file") != NULL);
    free(p);
}

static void test_bundle_cfg(const char *dir)
{
    char *b = path_join(dir, "cfg");
    mkdir(b, 0755);
    struct diag d = {0};
    char *pl = bundle_cfg_playlist(b, "s1", "", &d);
    EXPECT(pl == NULL);
    EXPECT(d.n_lines == 1 && strstr(d.lines[0], "no playlists") != NULL);
    diag_free(&d);
    write_text(b, "main.cfg", "");
    pl = bundle_cfg_playlist(b, "s1", "", &d);
    EXPECT(pl && strstr(pl, "/cfg/main.cfg"));
    free(pl);
    write_text(b, "china.cfg", "");
    pl = bundle_cfg_playlist(b, "s1", "", &d);
    EXPECT(pl == NULL && d.n_lines == 1 && strstr(d.lines[0], "several"));
    diag_free(&d);
    write_text(b, "bundle.cfg",
               "playlist = \"main.cfg\";\nscreens = { shelter-12 = \"china.cfg\"; };\n"
               "groups = { west = \"china.cfg\"; };\n");
    pl = bundle_cfg_playlist(b, "shelter-12", "", &d);
    EXPECT(pl && strstr(pl, "/china.cfg"));
    free(pl);
    pl = bundle_cfg_playlist(b, "shelter-9", "west", &d);
    EXPECT(pl && strstr(pl, "/china.cfg"));
    free(pl);
    pl = bundle_cfg_playlist(b, "shelter-9", "east", &d);
    EXPECT(pl && strstr(pl, "/main.cfg"));
    free(pl);
    char **all = bundle_cfg_playlists(b, &d);
    EXPECT(all && all[0] && all[1] && !all[2]); /* china.cfg once */
    for (int i = 0; all && all[i]; i++)
        free(all[i]);
    free(all);
    EXPECT_INT(d.n_lines, 0);
    write_text(b, "bundle.cfg", "playlist = \"main.cfg\";\nscreens = { s2 = \"gone.cfg\"; };\n");
    all = bundle_cfg_playlists(b, &d);
    EXPECT(all == NULL);
    EXPECT(d.n_lines == 1 && strstr(d.lines[0], "bundle.cfg:2: screens.s2: no such playlist"));
    diag_free(&d);
    write_text(b, "bundle.cfg", "playlist = \"main.cfg\";\nscreen = {};\n");
    EXPECT(bundle_cfg_playlist(b, "s", "", &d) == NULL);
    EXPECT(d.n_lines == 1 && strstr(d.lines[0], "bundle.cfg:2: screen: unknown setting"));
    diag_free(&d);
    free(b);
}

/* Puts text in staging as the download of f. */
static void stage(const char *dir, struct bundle_file *f, const char *text)
{
    char *p = store_staging_path(dir, f);
    FILE *fp = fopen(p, "w");
    fputs(text, fp);
    fclose(fp);
    free(p);
}

static void hash_of(const char *text, struct bundle_file *f)
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(f->sha256, sizeof(f->sha256), h, sizeof(h));
    f->size = (int64_t)strlen(text);
}

static void test_store(const char *top)
{
    char *dir = path_join(top, "store");
    char err[BUNDLE_ERR_SIZE];
    EXPECT_INT(store_init(dir, err, sizeof(err)), 0);
    struct bundle_manifest cur;
    char *folder = NULL;
    EXPECT_INT(store_current(dir, pk, &cur, &folder, err, sizeof(err)), 0);

    /* In path order, as bundle_manifest_text() sorts them. */
    struct bundle_file files[2] = {{.path = "a.cfg"}, {.path = "ads/x.txt"}};
    hash_of("playlist", &files[0]);
    hash_of("ad", &files[1]);
    /* A flipped byte is refused and deleted; the right bytes go in. */
    stage(dir, &files[1], "ae");
    EXPECT_INT(store_accept(dir, &files[1], err, sizeof(err)), -1);
    EXPECT(strstr(err, "SHA-256 mismatch") != NULL);
    char *part = store_staging_path(dir, &files[1]);
    EXPECT(!path_is_file(part));
    stage(dir, &files[1], "a"); /* cut short */
    EXPECT_INT(store_accept(dir, &files[1], err, sizeof(err)), -1);
    EXPECT(strstr(err, "size 1, expected 2") != NULL);
    stage(dir, &files[0], "playlist");
    stage(dir, &files[1], "ad");
    EXPECT_INT(store_accept(dir, &files[0], err, sizeof(err)), 0);
    EXPECT_INT(store_accept(dir, &files[1], err, sizeof(err)), 0);
    EXPECT(store_has(dir, &files[0]) && store_has(dir, &files[1]));

    /* Three bundles in turn: current, the one before kept, older deleted. */
    for (int64_t v = 10; v <= 30; v += 10) {
        struct bundle_manifest m = {.version = v, .files = files, .n_files = v == 30 ? 1 : 2};
        char *text = bundle_manifest_text(&m);
        char *sig = bundle_sign(text, sk);
        EXPECT_INT(store_assemble(dir, &m, sig, strlen(sig), &folder, err, sizeof(err)), 0);
        char *ad = path_join(folder, "a.cfg");
        EXPECT(path_is_file(ad));
        free(ad);
        EXPECT_INT(store_switch(dir, v, err, sizeof(err)), 0);
        store_prune(dir, 0, &m);
        free(folder);
        free(sig);
        free(text);
    }
    int64_t v[8];
    EXPECT_INT(store_versions(dir, v, 8), 2);
    EXPECT(v[0] == 20 && v[1] == 30);
    EXPECT(store_has(dir, &files[1])); /* bundle 20 still links it */
    EXPECT_INT(store_current(dir, pk, &cur, &folder, err, sizeof(err)), 1);
    EXPECT_INT(cur.version, 30);
    EXPECT(folder && strstr(folder, "/bundles/30"));
    bundle_manifest_free(&cur);
    free(folder);
    EXPECT_INT(store_current(dir, pk2, &cur, &folder, err, sizeof(err)), -1);
    /* The one on screen is kept even when it is neither current nor the one before. */
    struct bundle_manifest m40 = {.version = 40, .files = files, .n_files = 1};
    char *text = bundle_manifest_text(&m40), *sig = bundle_sign(text, sk);
    EXPECT_INT(store_assemble(dir, &m40, sig, strlen(sig), &folder, err, sizeof(err)), 0);
    EXPECT_INT(store_switch(dir, 40, err, sizeof(err)), 0);
    store_prune(dir, 20, &m40);
    EXPECT_INT(store_versions(dir, v, 8), 3);
    store_prune(dir, 40, &m40);
    EXPECT_INT(store_versions(dir, v, 8), 2);
    EXPECT(!store_has(dir, &files[1])); /* no bundle links it any more */
    free(folder);
    free(sig);
    free(text);
    free(part);
    free(dir);
}

static void test_waits(void)
{
    EXPECT(fetch_wait_s(300, 0, 0.0) >= 270 && fetch_wait_s(300, 0, 0.999) <= 330);
    EXPECT(fetch_wait_s(300, 1, 0.999) <= 5.0 && fetch_wait_s(300, 1, 0.0) >= 2.5);
    EXPECT(fetch_wait_s(300, 2, 0.999) <= 10.0);
    EXPECT(fetch_wait_s(300, 30, 0.999) <= 300 && fetch_wait_s(300, 30, 0.0) >= 150);
    EXPECT(fetch_wait_s(2, 3, 0.999) <= 2.0);
}

int main(void)
{
    if (bundle_crypto_init() < 0)
        return 1;
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(pk2, sk2);
    char tmp[] = "/tmp/signage-test-bundle-XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    test_sign_verify();
    test_paths_and_keys();
    test_hash(tmp);
    test_bundle_cfg(tmp);
    test_store(tmp);
    test_waits();
    char *rm = xasprintf("rm -rf '%s'", tmp);
    if (system(rm) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
    free(rm);
    return test_result("test_bundle");
}
