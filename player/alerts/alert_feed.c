#include "alerts/alert_feed.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/http.h"
#include "base/log.h"
#include "base/util.h"

#define MAX_FILES        500 /* read from a folder in one pass */
#define CONNECT_TIMEOUT  10
#define STALL_TIMEOUT    20
#define TRANSFER_TIMEOUT 60

/* A message a feed links to: fetched once, kept while the feed lists it. */
struct linked {
    char *url;
    struct cap_doc doc;
    bool done;   /* fetched: parsed, or refused (a message never changes); else retried */
    char *error; /* why it was refused, said again each pass while the feed lists it */
};

/* What one source has given so far. Owned by one thread. */
struct gatherer {
    char *source;
    bool is_url;
    char *scratch; /* private folder for downloads, NULL until needed */
    struct http *http;
    const atomic_bool *cancel;
    char etag[HTTP_ETAG_SIZE];
    int64_t last_modified;
    struct cap_doc feed; /* the last feed (or message) parsed from the URL */
    struct linked *links;
    int n_links;
};

struct alert_feed {
    pthread_t thread;
    struct gatherer g;
    double every_s;
    atomic_bool cancel;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    bool stop;
    struct cap_doc *newest; /* published, not yet taken */
};

static bool is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

static int make_scratch(struct gatherer *g, struct diag *problems)
{
    if (g->scratch)
        return 0;
    const char *tmp = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/signage-alerts-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(tmpl)) {
        diag_add(problems, "alerts: cannot make a scratch folder %s: %s", tmpl, strerror(errno));
        free(tmpl);
        return -1;
    }
    g->scratch = tmpl;
    g->http = http_create("signage-alerts/1");
    if (!g->http) {
        diag_add(problems, "alerts: libcurl cannot make a handle");
        return -1;
    }
    return 0;
}

static void gatherer_free(struct gatherer *g)
{
    http_destroy(g->http);
    if (g->scratch) {
        char *p = xasprintf("%s/download.xml", g->scratch);
        unlink(p);
        free(p);
        rmdir(g->scratch);
    }
    free(g->scratch);
    free(g->source);
    cap_doc_free(&g->feed);
    for (int i = 0; i < g->n_links; i++) {
        free(g->links[i].url);
        free(g->links[i].error);
        cap_doc_free(&g->links[i].doc);
    }
    free(g->links);
    memset(g, 0, sizeof(*g));
}

/* GETs url into the scratch file and parses it, named by its URL. Returns
 * 1 when a new document is in doc, 0 when the answer was 304, -1 when it
 * could not be fetched, -2 when what came is refused (one line in
 * problems either way). */
static int fetch(struct gatherer *g, const char *url, bool conditional, struct cap_doc *doc,
                 struct diag *problems)
{
    char *path = xasprintf("%s/download.xml", g->scratch);
    struct http_get req = {
        .url = url,
        .path = path,
        .etag = conditional && g->etag[0] ? g->etag : NULL,
        .if_modified_since = conditional ? g->last_modified : 0,
        .max_bytes = CAP_MAX_BYTES,
        .connect_timeout_s = CONNECT_TIMEOUT,
        .stall_timeout_s = STALL_TIMEOUT,
        .timeout_s = TRANSFER_TIMEOUT,
        .cancel = g->cancel,
    };
    struct http_result res;
    int rc = -1;
    unlink(path); /* a 2xx body replaces it; anything else must not leave an old one */
    if (http_get_file(g->http, &req, &res) < 0) {
        diag_add(problems, "alerts: %s", res.error);
        goto out;
    }
    if (res.not_modified) {
        rc = 0;
        goto out;
    }
    if (conditional) {
        snprintf(g->etag, sizeof(g->etag), "%s", res.etag);
        g->last_modified = res.last_modified;
    }
    char err[512];
    rc = cap_parse_file(path, url, doc, problems, err, sizeof(err)) == 0 ? 1 : -2;
    if (rc < 0)
        diag_add(problems, "alerts: %s", err);
out:
    unlink(path);
    free(path);
    return rc;
}

static struct linked *find_link(struct gatherer *g, const char *url)
{
    for (int i = 0; i < g->n_links; i++)
        if (g->links[i].url && strcmp(g->links[i].url, url) == 0) /* NULL: taken */
            return &g->links[i];
    return NULL;
}

/* The messages the feed links to: new ones fetched, gone ones dropped. */
static void follow_links(struct gatherer *g, struct diag *problems)
{
    struct linked *kept = xcalloc((size_t)g->feed.n_links + 1, sizeof(*kept));
    int n = 0;
    for (int i = 0; i < g->feed.n_links; i++) {
        struct linked *old = find_link(g, g->feed.links[i]);
        if (old) {
            kept[n] = *old;
            memset(old, 0, sizeof(*old));
        } else {
            kept[n].url = xstrdup(g->feed.links[i]);
        }
        if (kept[n].error) {
            diag_add(problems, "%s", kept[n].error);
        } else if (!kept[n].done && !(g->cancel && atomic_load(g->cancel))) {
            int before = problems->n_lines;
            int rc = fetch(g, kept[n].url, false, &kept[n].doc, problems);
            kept[n].done = rc > 0 || rc == -2;
            if (rc == -2 && problems->n_lines > before)
                kept[n].error = xstrdup(problems->lines[problems->n_lines - 1]);
        }
        n++;
    }
    for (int i = 0; i < g->n_links; i++) {
        free(g->links[i].url);
        free(g->links[i].error);
        cap_doc_free(&g->links[i].doc);
    }
    free(g->links);
    g->links = kept;
    g->n_links = n;
}

static void read_url(struct gatherer *g, struct diag *problems)
{
    if (make_scratch(g, problems) < 0)
        return;
    struct cap_doc doc;
    if (fetch(g, g->source, true, &doc, problems) > 0) {
        cap_doc_free(&g->feed);
        g->feed = doc;
    } /* else: 304, or a failure: the last good document stands */
    follow_links(g, problems);
}

static bool cap_file_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 &&
           (strcmp(name + n - 4, ".xml") == 0 || strcmp(name + n - 4, ".cap") == 0);
}

static void add_doc(struct cap_doc *set, struct cap_doc *doc)
{
    for (int i = 0; i < doc->n_alerts; i++) {
        const struct cap_alert *a = &doc->alerts[i];
        bool again = false; /* the same message twice (a feed and its link) counts once */
        for (int k = 0; k < set->n_alerts && !again; k++)
            again = strcmp(set->alerts[k].identifier, a->identifier) == 0 &&
                    strcmp(set->alerts[k].sender, a->sender) == 0;
        if (!again && set->n_alerts < CAP_MAX_ALERTS * 4) {
            struct cap_alert copy;
            cap_alert_copy(&copy, a);
            cap_doc_take(set, &copy);
        }
    }
}

static void read_local(const char *source, struct cap_doc *set, struct diag *problems)
{
    struct stat st;
    char err[512];
    struct cap_doc doc;
    if (stat(source, &st) != 0) {
        diag_add(problems, "alerts: %s: %s", source, strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (cap_parse_file(source, NULL, &doc, problems, err, sizeof(err)) < 0)
            diag_add(problems, "alerts: %s", err);
        add_doc(set, &doc);
        cap_doc_free(&doc);
        return;
    }
    struct dirent **names = NULL;
    int n = scandir(source, &names, NULL, alphasort);
    if (n < 0) {
        diag_add(problems, "alerts: %s: %s", source, strerror(errno));
        return;
    }
    for (int i = 0, used = 0; i < n; i++) {
        if (cap_file_name(names[i]->d_name) && used++ < MAX_FILES) {
            char *path = path_join(source, names[i]->d_name);
            if (cap_parse_file(path, NULL, &doc, problems, err, sizeof(err)) < 0)
                diag_add(problems, "alerts: %s", err);
            add_doc(set, &doc);
            cap_doc_free(&doc);
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

/* One pass over the source: the whole set it gives now (caller frees). */
static struct cap_doc *gather(struct gatherer *g, struct diag *problems)
{
    struct cap_doc *set = xcalloc(1, sizeof(*set));
    if (g->is_url) {
        read_url(g, problems);
        add_doc(set, &g->feed);
        for (int i = 0; i < g->n_links; i++)
            add_doc(set, &g->links[i].doc);
    } else {
        read_local(g->source, set, problems);
    }
    return set;
}

struct cap_doc *alert_feed_read_once(const char *source, struct diag *problems)
{
    struct gatherer g = {.source = xstrdup(source), .is_url = is_url(source)};
    struct cap_doc *set = gather(&g, problems);
    gatherer_free(&g);
    return set;
}

/* ---- the thread ---- */

/* Identifies a set: what was sent, by whom, from where. */
static char *fingerprint(const struct cap_doc *set)
{
    char *fp = xstrdup("");
    for (int i = 0; i < set->n_alerts; i++) {
        const struct cap_alert *a = &set->alerts[i];
        char *next = xasprintf("%s%s,%s,%lld,%s\n", fp, a->sender, a->identifier,
                               (long long)a->sent_ms, a->source);
        free(fp);
        fp = next;
    }
    return fp;
}

static bool has_line(const struct diag *d, const char *line)
{
    for (int i = 0; i < d->n_lines; i++)
        if (strcmp(d->lines[i], line) == 0)
            return true;
    return false;
}

static void *feed_thread(void *arg)
{
    struct alert_feed *f = arg;
    struct diag told = {0}; /* problems logged: not again while they last */
    char *last = NULL;
    bool first = true;
    for (;;) {
        struct diag problems = {0};
        struct cap_doc *set = gather(&f->g, &problems);
        for (int i = 0; i < problems.n_lines; i++)
            if (!has_line(&told, problems.lines[i]))
                log_warn("%s", problems.lines[i]);
        if (told.n_lines && !problems.n_lines)
            log_info("alerts: %s: read without problems again", f->g.source);
        diag_free(&told);
        told = problems;
        char *fp = fingerprint(set);
        if (first || strcmp(fp, last) != 0) {
            log_info("alerts: %s: %d alert message%s", f->g.source, set->n_alerts,
                     set->n_alerts == 1 ? "" : "s");
            pthread_mutex_lock(&f->lock);
            if (f->newest) {
                cap_doc_free(f->newest);
                free(f->newest);
            }
            f->newest = set;
            set = NULL;
            pthread_mutex_unlock(&f->lock);
            free(last);
            last = fp;
            fp = NULL;
        }
        first = false;
        free(fp);
        if (set) {
            cap_doc_free(set);
            free(set);
        }
        pthread_mutex_lock(&f->lock);
        struct timespec until;
        cond_deadline_in((int64_t)(f->every_s * 1e6), &until);
        while (!f->stop && pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT)
            ;
        bool stop = f->stop;
        pthread_mutex_unlock(&f->lock);
        if (stop)
            break;
    }
    diag_free(&told);
    free(last);
    return NULL;
}

struct alert_feed *alert_feed_start(const struct alert_feed_opts *o)
{
    xmlInitParser(); /* once, before any thread parses */
    struct alert_feed *f = xcalloc(1, sizeof(*f));
    f->g.source = xstrdup(o->source);
    f->g.is_url = is_url(o->source);
    f->g.cancel = &f->cancel;
    f->every_s = o->every_s > 0 ? o->every_s : 60;
    atomic_init(&f->cancel, false);
    pthread_mutex_init(&f->lock, NULL);
    cond_init_monotonic(&f->wake);
    int err = pthread_create(&f->thread, NULL, feed_thread, f);
    if (err) {
        log_error("alerts: cannot start the feed thread: %s", strerror(err));
        pthread_cond_destroy(&f->wake);
        pthread_mutex_destroy(&f->lock);
        gatherer_free(&f->g);
        free(f);
        return NULL;
    }
    return f;
}

void alert_feed_stop(struct alert_feed *f)
{
    if (!f)
        return;
    atomic_store(&f->cancel, true);
    pthread_mutex_lock(&f->lock);
    f->stop = true;
    pthread_cond_signal(&f->wake);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
    if (f->newest) {
        cap_doc_free(f->newest);
        free(f->newest);
    }
    pthread_cond_destroy(&f->wake);
    pthread_mutex_destroy(&f->lock);
    gatherer_free(&f->g);
    free(f);
}

struct cap_doc *alert_feed_take(struct alert_feed *f)
{
    if (!f)
        return NULL;
    pthread_mutex_lock(&f->lock);
    struct cap_doc *set = f->newest;
    f->newest = NULL;
    pthread_mutex_unlock(&f->lock);
    return set;
}
