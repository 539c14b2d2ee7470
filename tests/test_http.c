/* base/http against a real server on 127.0.0.1 (tests/fleet/serve.py):
 * plain, conditional and resumed GETs, errors, caps, stalls and cancels. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/http.h"
#include "base/util.h"
#include "fleet/server.h"
#include "testlib.h"

#define BIG 300000

static struct test_server srv;
static char body[BIG];

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = xcalloc(1, BIG + 16);
    *n = fread(buf, 1, BIG + 16, f);
    fclose(f);
    return buf;
}

static bool same_as_body(const char *path)
{
    size_t n = 0;
    char *got = read_all(path, &n);
    bool same = got && n == BIG && memcmp(got, body, BIG) == 0;
    free(got);
    return same;
}

static int get(struct http *h, struct http_get *req, struct http_result *res, const char *name)
{
    char *url = xasprintf("http://127.0.0.1:%d/%s", srv.port, name);
    req->url = url;
    int rc = http_get_file(h, req, res);
    free(url);
    return rc;
}

int main(void)
{
    if (test_server_start(&srv) < 0) {
        fprintf(stderr, "test_http: the test server did not start\n");
        return 1;
    }
    for (int i = 0; i < BIG; i++)
        body[i] = (char)(i * 7 + i / 251);
    char *served = xasprintf("%s/big.bin", srv.root);
    write_file(served, body, BIG);
    char *out = xasprintf("%s/out.bin", srv.dir);
    struct http *h = http_create("signage-test");
    EXPECT(h != NULL);
    struct http_result res;

    /* A plain GET, then a conditional one that finds it unchanged. */
    struct http_get req = {.path = out};
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    EXPECT_INT(res.status, 200);
    EXPECT_INT(res.received, BIG);
    EXPECT(res.etag[0] == '"');
    EXPECT(res.last_modified > 0);
    EXPECT(same_as_body(out));
    char etag[HTTP_ETAG_SIZE];
    snprintf(etag, sizeof(etag), "%s", res.etag);
    write_file(out, "kept", 4);
    req = (struct http_get){.path = out, .etag = etag};
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    EXPECT(res.not_modified);
    EXPECT_INT(res.status, 304);
    EXPECT_INT(res.size, 4); /* left as it was */
    req = (struct http_get){.path = out, .if_modified_since = res.last_modified + 0};
    req.if_modified_since = (int64_t)time(NULL) + 60;
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    EXPECT(res.not_modified);

    /* Resume: the first part is there, the rest is asked for with Range. */
    write_file(out, body, 1000);
    req = (struct http_get){.path = out, .resume = true};
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    EXPECT_INT(res.status, 206);
    EXPECT_INT(res.received, BIG - 1000);
    EXPECT(same_as_body(out));

    /* 404 and 500 leave the file alone. */
    write_file(out, "kept", 4);
    req = (struct http_get){.path = out};
    EXPECT_INT(get(h, &req, &res, "missing.bin"), -1);
    EXPECT_INT(res.status, 404);
    EXPECT(strstr(res.error, "missing.bin: HTTP 404") != NULL);
    EXPECT_INT(res.size, 4);
    test_server_faults(&srv, "/big.bin status 500 1\n");
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT_INT(res.status, 500);
    EXPECT_INT(res.size, 4);

    /* A connection cut mid-body keeps what came; resuming completes it. */
    test_server_faults(&srv, "/big.bin cut 5000 1\n");
    unlink(out);
    req = (struct http_get){.path = out, .resume = true};
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT_INT(res.size, 5000);
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    EXPECT(same_as_body(out));

    /* Over the cap: refused. */
    req = (struct http_get){.path = out, .max_bytes = BIG - 1};
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT(strstr(res.error, "larger than") != NULL);

    /* The rate cap: 300 kB at 200 kB/s cannot take less than ~1.5 s. */
    req = (struct http_get){.path = out, .max_bytes_per_s = 200000};
    int64_t t0 = time_now_us();
    EXPECT_INT(get(h, &req, &res, "big.bin"), 0);
    int64_t took_us = time_now_us() - t0;
    printf("rate cap 200 kB/s: %d bytes in %.2f s\n", BIG, took_us / 1e6);
    EXPECT(took_us > 1000000);
    EXPECT(same_as_body(out));

    /* A server that stops sending: the stall timeout ends it. */
    test_server_faults(&srv, "/big.bin hang 0 1\n");
    req = (struct http_get){.path = out, .stall_timeout_s = 1};
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT(res.error[0] != '\0');

    /* A cancel stops a slow transfer. */
    test_server_faults(&srv, "/big.bin slow 1000 1\n");
    atomic_bool cancel = true;
    req = (struct http_get){.path = out, .cancel = &cancel};
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT(strstr(res.error, "cancelled") != NULL);

    /* Nobody listening. */
    test_server_kill(&srv);
    req = (struct http_get){.path = out, .connect_timeout_s = 2};
    EXPECT_INT(get(h, &req, &res, "big.bin"), -1);
    EXPECT_INT(res.status, 0);

    test_server_stop(&srv);
    http_destroy(h);
    free(served);
    free(out);
    return test_result("test_http");
}
