#include "fleet/shipper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "fleet/central_db.h"
#include "ledger/ledger_outbox.h"

#define BATCH_DEFAULT  1000
#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS   60000

struct shipper {
    char *url, *url_shown, *ledger, *screen_id, *player_version;
    int every_ms, batch;
    pthread_t thread;
    int stop_pipe[2]; /* written once, by shipper_stop: ends every wait */
    int poke_pipe[2]; /* written by shipper_poke: ends the wait between pushes */
    pthread_mutex_t lock;
    /* -- fields below: protected by lock */
    char *on_screen, *last_error, *content_version;
    struct shipper_stats stats;
    /* -- fields below: the thread's own */
    PGconn *conn;
    sqlite3 *db;
    bool failing;        /* an error line was logged for this outage */
    bool ledger_failing; /* a warning was logged: the ledger cannot be read */
};

int shipper_backoff_ms(int n)
{
    int64_t ms = RETRY_FIRST_MS;
    for (int i = 1; i < n && ms < RETRY_MAX_MS; i++)
        ms *= 2;
    return ms > RETRY_MAX_MS ? RETRY_MAX_MS : (int)ms;
}

static void drain(int fd)
{
    char buf[64];
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
}

/* Waits ms, or until poked or stopped. Returns false when stopping. */
static bool idle_wait(struct shipper *sh, int ms)
{
    struct pollfd p[2] = {{.fd = sh->stop_pipe[0], .events = POLLIN},
                          {.fd = sh->poke_pipe[0], .events = POLLIN}};
    int64_t until = time_now_us() + (int64_t)ms * 1000;
    for (;;) {
        int64_t left = (until - time_now_us()) / 1000;
        int n = poll(p, 2, left > 0 ? (int)left : 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (p[0].revents)
            return false;
        if (p[1].revents)
            drain(sh->poke_pipe[0]);
        return true;
    }
}

static bool stopping(struct shipper *sh)
{
    struct pollfd p = {.fd = sh->stop_pipe[0], .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

/* One line when an outage starts; later failures of it at debug level. */
static void problem(struct shipper *sh, const char *what, const char *err)
{
    if (stopping(sh))
        return;
    if (!sh->failing)
        log_error("central database %s: %s%s; plays stay in the ledger and are sent when it "
                  "works (retrying with backoff)",
                  sh->url_shown, what, err);
    else
        log_debug("central database %s: still failing: %s%s", sh->url_shown, what, err);
    sh->failing = true;
}

static void disconnect(struct shipper *sh)
{
    PQfinish(sh->conn);
    sh->conn = NULL;
}

/* The screen's row as of now; strings point into copies in *keep (freed by
 * the caller). */
static void screen_now(struct shipper *sh, struct central_screen *s, char *keep[3],
                       const char *ledger_err, int64_t backlog)
{
    pthread_mutex_lock(&sh->lock);
    keep[0] = xstrdup(sh->on_screen);
    keep[1] = xstrdup(ledger_err ? ledger_err : sh->last_error);
    keep[2] = xstrdup(sh->content_version);
    pthread_mutex_unlock(&sh->lock);
    *s = (struct central_screen){
        .screen_id = sh->screen_id,
        .player_version = sh->player_version,
        .content_version = keep[2],
        .on_screen = keep[0],
        .last_error = keep[1],
        .backlog = backlog,
    };
}

static void count(struct shipper *sh, int sent, int64_t backlog)
{
    pthread_mutex_lock(&sh->lock);
    sh->stats.backlog = backlog;
    sh->stats.pushes++;
    sh->stats.sent += sent;
    sh->stats.failures = 0;
    pthread_mutex_unlock(&sh->lock);
}

/* Pushes one batch with the screen's row. Returns the number of plays sent,
 * or -1 (logged) when the push failed. */
static int push_batch(struct shipper *sh, const char *ledger_err)
{
    char err[512];
    struct ledger_row **rows = NULL;
    int n = 0;
    int64_t t0 = time_now_us();
    if (sh->db && (n = ledger_outbox_next(sh->db, sh->batch, &rows, err, sizeof(err))) < 0) {
        problem(sh, "ledger: ", err);
        ledger_db_close(sh->db);
        sh->db = NULL;
        return -1;
    }
    int got = n;
    int64_t backlog = sh->db ? ledger_outbox_backlog(sh->db) : -1;
    struct central_screen screen;
    char *keep[3];
    backlog = backlog >= n ? backlog - n : backlog;
    screen_now(sh, &screen, keep, ledger_err, backlog);
    int64_t t1 = time_now_us();
    int rc = central_db_push(sh->conn, sh->stop_pipe[0], rows, n, &screen, err, sizeof(err));
    int64_t t2 = time_now_us();
    for (int i = 0; i < 3; i++)
        free(keep[i]);
    if (rc < 0) {
        problem(sh, "", err);
        disconnect(sh);
        n = -1;
    } else if (n > 0 && ledger_outbox_ack(sh->db, rows, n, err, sizeof(err)) < 0) {
        /* Not recorded (the ledger is failing): they are sent again after
         * the backoff, which the server ignores; not at once, in a loop. */
        problem(sh, "acknowledging in the ledger: ", err);
        n = -1;
    } else {
        count(sh, n, backlog);
        log_debug("central database %s: %d plays sent in %lld ms (ledger %lld ms, server %lld "
                  "ms, acknowledged in the ledger %lld ms)",
                  sh->url_shown, n, (long long)(time_now_us() - t0) / 1000,
                  (long long)(t1 - t0) / 1000, (long long)(t2 - t1) / 1000,
                  (long long)(time_now_us() - t2) / 1000);
    }
    for (int i = 0; i < got; i++)
        ledger_row_free(rows[i]);
    free(rows);
    return n;
}

/* Connects if need be, then sends everything unsent. Returns 0, or -1 after
 * a failure (logged). */
static int ship(struct shipper *sh)
{
    char err[512], ledger_err[600] = "";
    if (!sh->conn) {
        sh->conn = central_db_connect(sh->url, sh->stop_pipe[0], err, sizeof(err));
        if (!sh->conn) {
            problem(sh, "", err);
            return -1;
        }
        if (central_db_check(sh->conn, sh->stop_pipe[0], err, sizeof(err)) < 0) {
            problem(sh, "", err);
            disconnect(sh);
            return -1;
        }
    }
    /* Without the ledger (not made yet, or failing) the screen's row still
     * says the screen is alive, and why nothing is sent. */
    if (!sh->db) {
        bool not_yet = false;
        sh->db = ledger_outbox_open(sh->ledger, &not_yet, err, sizeof(err));
        if (!sh->db && !not_yet) { /* not yet made or migrated: no problem */
            snprintf(ledger_err, sizeof(ledger_err), "ledger %s: %s", sh->ledger, err);
            log_msg(sh->ledger_failing ? LOG_DEBUG : LOG_WARN, "%s; nothing is sent from it",
                    ledger_err);
        }
        sh->ledger_failing = !sh->db && !not_yet;
    }
    int n;
    do {
        n = push_batch(sh, ledger_err[0] ? ledger_err : NULL);
    } while (n == sh->batch && !stopping(sh));
    if (n < 0)
        return -1;
    if (sh->failing)
        log_info("central database %s: working again", sh->url_shown);
    sh->failing = false;
    return 0;
}

static void *shipper_thread(void *arg)
{
    struct shipper *sh = arg;
    int failures = 0;
    for (;;) {
        int rc = ship(sh);
        if (rc < 0) {
            failures++;
            pthread_mutex_lock(&sh->lock);
            sh->stats.failures = failures;
            pthread_mutex_unlock(&sh->lock);
        } else {
            failures = 0;
        }
        if (!idle_wait(sh, rc < 0 ? shipper_backoff_ms(failures) : sh->every_ms))
            break;
    }
    disconnect(sh);
    ledger_db_close(sh->db);
    sh->db = NULL;
    return NULL;
}

static void shipper_free(struct shipper *sh)
{
    for (int i = 0; i < 2; i++) {
        if (sh->stop_pipe[i] >= 0)
            close(sh->stop_pipe[i]);
        if (sh->poke_pipe[i] >= 0)
            close(sh->poke_pipe[i]);
    }
    pthread_mutex_destroy(&sh->lock);
    free(sh->url);
    free(sh->url_shown);
    free(sh->ledger);
    free(sh->screen_id);
    free(sh->player_version);
    free(sh->on_screen);
    free(sh->last_error);
    free(sh->content_version);
    free(sh);
}

/* A pipe that never blocks and is not inherited. */
static int make_pipe(int fd[2])
{
    if (pipe(fd) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        if (fcntl(fd[i], F_SETFL, O_NONBLOCK) != 0 || fcntl(fd[i], F_SETFD, FD_CLOEXEC) != 0)
            return -1;
    }
    return 0;
}

struct shipper *shipper_start(const struct shipper_config *cfg)
{
    struct shipper *sh = xcalloc(1, sizeof(*sh));
    sh->url = xstrdup(cfg->url);
    sh->url_shown = central_db_url_redacted(cfg->url);
    sh->ledger = xstrdup(cfg->ledger);
    sh->screen_id = xstrdup(cfg->screen_id);
    sh->player_version = xstrdup(cfg->player_version);
    sh->every_ms = cfg->every_ms > 0 ? cfg->every_ms : 30000;
    sh->batch = cfg->batch > 0 ? cfg->batch : BATCH_DEFAULT;
    sh->stats.backlog = -1;
    pthread_mutex_init(&sh->lock, NULL);
    sh->stop_pipe[0] = sh->stop_pipe[1] = sh->poke_pipe[0] = sh->poke_pipe[1] = -1;
    if (make_pipe(sh->stop_pipe) != 0 || make_pipe(sh->poke_pipe) != 0 ||
        pthread_create(&sh->thread, NULL, shipper_thread, sh) != 0) {
        log_error("central database: cannot start the shipper thread: %s", strerror(errno));
        shipper_free(sh);
        return NULL;
    }
    return sh;
}

struct shipper *shipper_start_configured(const struct settings *s, const char *ledger,
                                         const char *player_version)
{
    if (!s->central_url[0])
        return NULL;
    if (!central_db_is_url(s->central_url)) {
        log_error("%s: central.url: \"%s\" is not a postgresql:// URL; plays stay in the ledger",
                  s->path ? s->path : "config", s->central_url);
        return NULL;
    }
    struct shipper_config cfg = {
        .url = s->central_url,
        .ledger = ledger,
        .screen_id = s->screen_id,
        .player_version = player_version,
        .every_ms = (int)(s->central_every_s * 1000),
    };
    return shipper_start(&cfg);
}

void shipper_stop(struct shipper *sh)
{
    if (!sh)
        return;
    if (write(sh->stop_pipe[1], "x", 1) != 1)
        log_warn("central database: cannot wake the shipper: %s", strerror(errno));
    pthread_join(sh->thread, NULL);
    shipper_free(sh);
}

void shipper_note(struct shipper *sh, const char *on_screen, const char *last_error,
                  const char *content_version)
{
    if (!sh)
        return;
    pthread_mutex_lock(&sh->lock);
    if (on_screen) {
        free(sh->on_screen);
        sh->on_screen = xstrdup(on_screen);
    }
    if (last_error) {
        free(sh->last_error);
        sh->last_error = xstrdup(last_error);
    }
    if (content_version) {
        free(sh->content_version);
        sh->content_version = xstrdup(content_version);
    }
    pthread_mutex_unlock(&sh->lock);
}

void shipper_poke(struct shipper *sh)
{
    if (sh && write(sh->poke_pipe[1], "x", 1) < 0 && errno != EAGAIN)
        log_warn("central database: cannot wake the shipper: %s", strerror(errno));
}

struct shipper_stats shipper_stats(struct shipper *sh)
{
    pthread_mutex_lock(&sh->lock);
    struct shipper_stats s = sh->stats;
    pthread_mutex_unlock(&sh->lock);
    return s;
}
