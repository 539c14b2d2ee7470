#include "base/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

#define DEFAULT_CONNECT_TIMEOUT_S 15
#define DEFAULT_STALL_TIMEOUT_S   30
#define MAX_REDIRECTS             5

struct http {
    CURL *curl;
    char *user_agent;
};

/* One request's state, seen by the callbacks. */
struct transfer {
    CURL *curl;
    const struct http_get *req;
    struct http_result *res;
    int fd;                /* -1 until the first byte of a 2xx body */
    int64_t have;          /* bytes of path kept at the start (resume) */
    int64_t range_start;   /* from Content-Range, -1 when none */
    int64_t first_byte_us; /* when the body started, for the rate cap */
    bool over_cap, write_failed, bad_range;
    int write_errno;
};

struct http *http_create(const char *user_agent)
{
    CURL *c = curl_easy_init(); /* curl_global_init() is thread-safe since 7.84 */
    if (!c)
        return NULL;
    struct http *h = xcalloc(1, sizeof(*h));
    h->curl = c;
    h->user_agent = xstrdup(user_agent);
    return h;
}

void http_destroy(struct http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h->user_agent);
    free(h);
}

static int64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* Copies a header's value (after "name:"), trimmed, into out. */
static bool header_value(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return false;
    const char *v = line + k + 1, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t len = (size_t)(end - v) < outlen - 1 ? (size_t)(end - v) : outlen - 1;
    memcpy(out, v, len);
    out[len] = '\0';
    return true;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *arg)
{
    struct transfer *t = arg;
    size_t n = size * nmemb;
    char v[HTTP_ETAG_SIZE];
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) { /* a new answer (after a redirect) */
        t->res->etag[0] = '\0';
        t->range_start = -1;
    } else if (header_value(line, n, "ETag", v, sizeof(v))) {
        snprintf(t->res->etag, sizeof(t->res->etag), "%s", v);
    } else if (header_value(line, n, "Content-Range", v, sizeof(v))) {
        long long start;
        if (sscanf(v, "bytes %lld-", &start) == 1)
            t->range_start = start;
    }
    return n;
}

/* Opens path at the first byte of a 2xx body: appended to when the answer
 * is the rest asked for, replaced otherwise. */
static bool open_body(struct transfer *t)
{
    long code = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &code);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    if (code == 206) {
        if (!t->req->resume || t->range_start != t->have) {
            t->bad_range = true;
            return false;
        }
        flags |= O_APPEND;
    } else {
        flags |= O_TRUNC;
        t->have = 0;
    }
    t->fd = open(t->req->path, flags, 0644);
    if (t->fd < 0) {
        t->write_failed = true;
        t->write_errno = errno;
        return false;
    }
    return true;
}

static bool cancelled(const struct transfer *t)
{
    return t->req->cancel && atomic_load(t->req->cancel);
}

/* The rate cap: sleeps while the body is ahead of max_bytes_per_s, and so
 * holds the socket unread and lets TCP slow the sender. Done here rather
 * than with CURLOPT_MAX_RECV_SPEED_LARGE, which libcurl 7.88 applies to the
 * first transfer of a handle only (curl issue 7042). */
static void pace(const struct transfer *t)
{
    int64_t rate = t->req->max_bytes_per_s;
    if (rate <= 0)
        return;
    for (;;) {
        int64_t due_us = t->first_byte_us + t->res->received * 1000000 / rate;
        int64_t ahead_us = due_us - time_now_us();
        if (ahead_us <= 0 || cancelled(t))
            return;
        int64_t nap_us = ahead_us < 200000 ? ahead_us : 200000;
        struct timespec ts = {(time_t)(nap_us / 1000000), (long)(nap_us % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
    struct transfer *t = arg;
    size_t n = size * nmemb;
    if (t->fd < 0) {
        if (!open_body(t))
            return 0;
        t->first_byte_us = time_now_us();
    }
    if (t->req->max_bytes > 0 && t->have + t->res->received + (int64_t)n > t->req->max_bytes) {
        t->over_cap = true;
        return 0;
    }
    for (size_t done = 0; done < n;) {
        ssize_t w = write(t->fd, data + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            t->write_failed = true;
            t->write_errno = w < 0 ? errno : ENOSPC;
            return 0;
        }
        done += (size_t)w;
    }
    t->res->received += (int64_t)n;
    pace(t);
    return n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    return cancelled(arg) ? 1 : 0;
}

static void set_options(CURL *c, const char *user_agent, const struct http_get *req,
                        struct transfer *t, char *errbuf, struct curl_slist *headers, char *range)
{
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
    curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_FILETIME, 1L);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
    curl_easy_setopt(
        c, CURLOPT_CONNECTTIMEOUT,
        (long)(req->connect_timeout_s > 0 ? req->connect_timeout_s : DEFAULT_CONNECT_TIMEOUT_S));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(
        c, CURLOPT_LOW_SPEED_TIME,
        (long)(req->stall_timeout_s > 0 ? req->stall_timeout_s : DEFAULT_STALL_TIMEOUT_S));
    if (req->timeout_s > 0)
        curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)req->timeout_s);
    if (req->max_bytes > 0)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_bytes);
    if (req->if_modified_since > 0) {
        curl_easy_setopt(c, CURLOPT_TIMECONDITION, (long)CURL_TIMECOND_IFMODSINCE);
        curl_easy_setopt(c, CURLOPT_TIMEVALUE_LARGE, (curl_off_t)req->if_modified_since);
    }
    if (headers)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    if (range[0])
        curl_easy_setopt(c, CURLOPT_RANGE, range);
}

/* Words why the transfer failed, into res->error. */
static void explain(const struct transfer *t, CURLcode rc, const char *errbuf)
{
    struct http_result *res = t->res;
    const char *url = t->req->url;
    if (t->over_cap || rc == CURLE_FILESIZE_EXCEEDED)
        snprintf(res->error, sizeof(res->error), "%s: larger than %" PRId64 " bytes", url,
                 t->req->max_bytes);
    else if (t->write_failed)
        snprintf(res->error, sizeof(res->error), "%s: cannot write: %s", t->req->path,
                 strerror(t->write_errno));
    else if (t->bad_range)
        snprintf(res->error, sizeof(res->error), "%s: the server sent a range not asked for", url);
    else if (rc == CURLE_ABORTED_BY_CALLBACK)
        snprintf(res->error, sizeof(res->error), "%s: cancelled", url);
    else if (rc == CURLE_HTTP_RETURNED_ERROR || (res->status >= 300 && res->status != 304))
        snprintf(res->error, sizeof(res->error), "%s: HTTP %d", url, res->status);
    else
        snprintf(res->error, sizeof(res->error), "%s: %s", url,
                 errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

int http_get_file(struct http *h, const struct http_get *req, struct http_result *res)
{
    memset(res, 0, sizeof(*res));
    struct transfer t = {.curl = h->curl, .req = req, .res = res, .fd = -1, .range_start = -1};
    char errbuf[CURL_ERROR_SIZE] = "";
    char range[32] = "";
    struct curl_slist *headers = NULL;
    if (req->resume && (t.have = file_size(req->path)) > 0)
        snprintf(range, sizeof(range), "%" PRId64 "-", t.have);
    else
        t.have = 0;
    if (req->etag && req->etag[0]) {
        char *line = xasprintf("If-None-Match: %s", req->etag);
        headers = curl_slist_append(headers, line);
        free(line);
    }
    /* The body is stored as sent: a compressed answer could not be resumed. */
    headers = curl_slist_append(headers, "Accept-Encoding: identity");

    curl_easy_reset(h->curl); /* keeps the connection cache */
    set_options(h->curl, h->user_agent, req, &t, errbuf, headers, range);
    CURLcode rc = curl_easy_perform(h->curl);
    long code = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &code);
    res->status = (int)code;
    curl_off_t filetime = -1;
    if (curl_easy_getinfo(h->curl, CURLINFO_FILETIME_T, &filetime) == CURLE_OK && filetime > 0)
        res->last_modified = (int64_t)filetime;
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);

    int ret = 0;
    if (rc != CURLE_OK || (code != 304 && (code < 200 || code > 299))) {
        explain(&t, rc, errbuf);
        ret = -1;
    } else if (code == 304) {
        res->not_modified = true;
    } else if (t.fd < 0) { /* an empty 2xx body: an empty file */
        t.fd = open(req->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (t.fd < 0) {
            t.write_failed = true;
            t.write_errno = errno;
            explain(&t, rc, errbuf);
            ret = -1;
        }
    }
    if (t.fd >= 0) {
        if (ret == 0 && fsync(t.fd) != 0) {
            t.write_failed = true;
            t.write_errno = errno;
            explain(&t, rc, errbuf);
            ret = -1;
        }
        close(t.fd);
    }
    res->size = file_size(req->path);
    return ret;
}
