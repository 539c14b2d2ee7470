/* http: one HTTP(S) GET into a file, for threads that fetch from the
 * network (bundles, alert feeds). A thin layer over libcurl.
 *
 * A struct http is one curl handle, kept between requests so that the
 * connection is reused: it belongs to the one thread that created it.
 * Requests are conditional (ETag, Last-Modified), resume a partial file
 * with a Range request, stop at a size cap, a rate cap and timeouts, and
 * can be cancelled from another thread through an atomic flag.
 *
 * The file is written only when a 2xx body arrives: a 304, a 404, a 500 or
 * a connection that never answered leave it as it was. A transfer cut in
 * the middle leaves what arrived, so that the next request can resume it.
 * Only http:// and https:// URLs are fetched (redirects too). */
#ifndef SIGNAGE_HTTP_H
#define SIGNAGE_HTTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define HTTP_ETAG_SIZE  128
#define HTTP_ERROR_SIZE 512

struct http;

/* One GET. Zeroed fields mean "none" or "no limit"; timeouts of 0 take the
 * defaults below. Strings are borrowed for the call. */
struct http_get {
    const char *url;
    const char *path;          /* where the body goes */
    const char *etag;          /* sent as If-None-Match */
    int64_t if_modified_since; /* Unix seconds, sent as If-Modified-Since */
    bool resume;               /* path holds the start of the body: ask for the rest */
    int64_t max_bytes;         /* a body (whole file) larger than this is refused */
    int64_t max_bytes_per_s;   /* receiving rate cap */
    int connect_timeout_s;     /* default 15 */
    int stall_timeout_s;       /* no byte for this long ends it; default 30 */
    int timeout_s;             /* the whole transfer; default none */
    const atomic_bool *cancel; /* when it becomes true the transfer stops within ~1 s */
};

/* What came back. */
struct http_result {
    int status;                  /* the final HTTP status, 0 when no answer came */
    bool not_modified;           /* 304: path left as it was */
    int64_t received;            /* body bytes received by this request */
    int64_t size;                /* size of path afterwards (-1 when it does not exist) */
    char etag[HTTP_ETAG_SIZE];   /* the answer's ETag, "" when none */
    int64_t last_modified;       /* the answer's Last-Modified (Unix seconds), 0 when none */
    char error[HTTP_ERROR_SIZE]; /* "URL: reason" when -1 is returned */
};

/* Makes a handle sending user_agent. Returns NULL when libcurl cannot.
 * Any thread; the handle then belongs to it. */
struct http *http_create(const char *user_agent);

/* http_destroy(NULL) is a no-op. */
void http_destroy(struct http *h);

/* Fetches req->url into req->path. Returns 0 when a 2xx body is in path
 * (written and fsync'ed; with resume and a 206 answer, appended to what was
 * there; with a 200 answer, replacing it) or when the answer was 304
 * (res->not_modified). Returns -1 with res->error set otherwise: no answer,
 * any other status (res->status), a body over max_bytes, a timeout, a
 * cancel, a file that cannot be written. Blocks for the transfer. The
 * handle's thread only. */
int http_get_file(struct http *h, const struct http_get *req, struct http_result *res);

#endif
