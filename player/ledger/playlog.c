#include "ledger/playlog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "ledger/ledger_db.h"
#include "base/log.h"
#include "base/util.h"

#define RETRY_FIRST_MS 1000  /* first retry after a failed write */
#define RETRY_MAX_MS   30000 /* retries slow down to this */

struct playlog {
    char *path;
    char *screen_id;
    int backlog_max;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* the thread: something queued, or stop */
    pthread_cond_t settled; /* flush: a batch was written or failed */
    /* -- fields below: protected by lock */
    struct ledger_row **queue; /* oldest first; at most one row per play */
    int n_queue, cap_queue;
    bool stop;
    bool busy;             /* the thread is writing a batch taken off the queue */
    int64_t busy_since_us; /* when busy: since when */
    bool failing;          /* the last write failed: the queue is the backlog */
    int64_t dropped;       /* rows dropped from a full backlog in this outage */
    int64_t retry_at_us;   /* when failing: next attempt */
    /* -- fields below: the thread's own */
    sqlite3 *db;
    int lock_fd;      /* flock()ed PATH-lock, -1 = not held */
    bool opened_once; /* rows left playing were closed (only on the first open) */
    int retry_ms;
};

/* ---- rows ---- */

static void row_free(struct ledger_row *r)
{
    if (!r)
        return;
    free(r->screen_id);
    free(r->campaign);
    free(r->item);
    free(r->language);
    free(r->media);
    free(r->media_sha256);
    free(r->error);
    free(r);
}

static struct ledger_row *row_copy(const struct playlog *pl, const struct play_record *rec)
{
    struct ledger_row *r = xcalloc(1, sizeof(*r));
    memcpy(r->play_id, rec->play_id, sizeof(r->play_id));
    r->screen_id = xstrdup(pl->screen_id);
    r->campaign = xstrdup(rec->campaign ? rec->campaign : "");
    r->item = xstrdup(rec->item ? rec->item : "");
    r->language = xstrdup(rec->language ? rec->language : "");
    r->media = xstrdup(rec->media);
    r->media_sha256 = xstrdup(rec->media_sha256);
    r->error = rec->error && rec->error[0] ? xstrdup(rec->error) : NULL;
    r->kind = rec->kind;
    r->started_utc_ms = rec->started_utc_ms;
    r->ended_utc_ms = rec->ended_utc_ms;
    r->scheduled_ms = rec->scheduled_ms;
    r->shown_ms = rec->shown_ms;
    r->status = rec->status;
    r->frames_shown = rec->frames_shown;
    r->frames_dropped = rec->frames_dropped;
    r->impressions = rec->impressions;
    return r;
}

static void log_play_end(const struct ledger_row *r, const char *note)
{
    /* A kiosk page view is a count, not a play: a line each would only be noise. */
    log_msg(r->kind == PLAY_INTERACTION ? LOG_DEBUG : LOG_INFO,
            "play end: %s [%s] %s, %lld ms, %d frames, %d dropped, play %s, %s%s", r->item,
            r->language, playlog_status_name(r->status), (long long)r->shown_ms, r->frames_shown,
            r->frames_dropped, r->play_id, play_kind_name(r->kind), note);
}

/* ---- the queue (caller holds pl->lock) ---- */

static int queue_find(const struct playlog *pl, const char *play_id)
{
    for (int i = pl->n_queue - 1; i >= 0; i--)
        if (strcmp(pl->queue[i]->play_id, play_id) == 0)
            return i;
    return -1;
}

static void queue_drop_oldest(struct playlog *pl)
{
    row_free(pl->queue[0]);
    memmove(pl->queue, pl->queue + 1, (size_t)(pl->n_queue - 1) * sizeof(pl->queue[0]));
    pl->n_queue--;
    if (pl->dropped++ == 0)
        log_warn("ledger %s: %d plays are waiting in memory; the oldest are now dropped", pl->path,
                 pl->backlog_max);
}

static void queue_push(struct playlog *pl, struct ledger_row *r)
{
    int i = queue_find(pl, r->play_id);
    if (i >= 0) { /* the newer record of a play replaces the queued one */
        row_free(pl->queue[i]);
        pl->queue[i] = r;
        return;
    }
    while (pl->n_queue >= pl->backlog_max)
        queue_drop_oldest(pl);
    if (pl->n_queue == pl->cap_queue) {
        pl->cap_queue = pl->cap_queue ? pl->cap_queue * 2 : 16;
        pl->queue = xrealloc(pl->queue, (size_t)pl->cap_queue * sizeof(pl->queue[0]));
    }
    pl->queue[pl->n_queue++] = r;
}

/* Puts a batch that failed back in front of what was queued meanwhile; a
 * play queued again meanwhile keeps its newer record. */
static void queue_return(struct playlog *pl, struct ledger_row **batch, int n)
{
    struct ledger_row **later = pl->queue;
    int n_later = pl->n_queue;
    pl->queue = NULL;
    pl->n_queue = pl->cap_queue = 0;
    for (int i = 0; i < n; i++)
        queue_push(pl, batch[i]);
    for (int i = 0; i < n_later; i++)
        queue_push(pl, later[i]);
    free(later);
}

/* ---- the thread ---- */

/* One player per ledger: a second one would close the first one's open
 * play as interrupted. The lock is PATH-lock, held until playlog_close().
 * When the lock file cannot be made (a read-only folder), opening the
 * ledger reports the real problem. Returns 0, or -1 with the reason. */
static int take_lock(struct playlog *pl, char *err, size_t errlen)
{
    if (pl->lock_fd >= 0)
        return 0;
    char *lock_path = xasprintf("%s-lock", pl->path);
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(lock_path);
    if (fd < 0)
        return 0;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        snprintf(err, errlen, "another signage player is writing this ledger (%s-lock)", pl->path);
        close(fd);
        return -1;
    }
    pl->lock_fd = fd;
    return 0;
}

/* Writes one batch, opening the file first if need be. Logs the plays it
 * closes, and one error line when the file starts failing. Returns 0 or -1.
 * Runs without pl->lock, on the ledger thread. */
static int write_batch(struct playlog *pl, struct ledger_row **batch, int n, bool was_failing)
{
    char err[512] = "";
    if (!pl->db && take_lock(pl, err, sizeof(err)) == 0) {
        int closed = 0;
        pl->db = ledger_db_open(pl->path, pl->opened_once ? NULL : &closed, err, sizeof(err));
        if (pl->db && !pl->opened_once) {
            pl->opened_once = true;
            if (closed > 0)
                log_warn("ledger %s: %d play%s left open by a crash or power cut closed as "
                         "interrupted",
                         pl->path, closed, closed == 1 ? "" : "s");
        }
    }
    if (pl->db && ledger_db_write(pl->db, batch, n, err, sizeof(err)) == 0) {
        for (int i = 0; i < n; i++) {
            if (batch[i]->status != PLAY_PLAYING && !batch[i]->announced)
                log_play_end(batch[i], "");
        }
        if (was_failing)
            log_info("ledger %s: writable again; %d records held in memory are written", pl->path,
                     n);
        return 0;
    }
    /* Reopen on the next attempt: the file may have been replaced or repaired. */
    ledger_db_close(pl->db);
    pl->db = NULL;
    if (!was_failing)
        log_error("ledger %s: %s; plays are kept in memory (up to %d) and written when it "
                  "can be",
                  pl->path, err, pl->backlog_max);
    else
        log_debug("ledger %s: still failing: %s", pl->path, err);
    for (int i = 0; i < n; i++) {
        if (batch[i]->status != PLAY_PLAYING && !batch[i]->announced) {
            batch[i]->announced = true;
            log_play_end(batch[i], " (held in memory: not in the ledger yet)");
        }
    }
    return -1;
}

static void wait_for_work(struct playlog *pl)
{
    while (!pl->stop && (pl->n_queue == 0 || (pl->failing && time_now_us() < pl->retry_at_us))) {
        if (!pl->failing) {
            pthread_cond_wait(&pl->wake, &pl->lock);
            continue;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int64_t ns = ts.tv_nsec + (pl->retry_at_us - time_now_us()) * 1000;
        if (ns < 0)
            ns = 0;
        ts.tv_sec += ns / 1000000000;
        ts.tv_nsec = ns % 1000000000;
        pthread_cond_timedwait(&pl->wake, &pl->lock, &ts);
    }
}

static void *playlog_thread(void *arg)
{
    struct playlog *pl = arg;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        wait_for_work(pl);
        if (pl->n_queue == 0)
            break; /* stopping, all written */
        struct ledger_row **batch = pl->queue;
        int n = pl->n_queue;
        bool last = pl->stop, was_failing = pl->failing;
        pl->queue = NULL;
        pl->n_queue = pl->cap_queue = 0;
        pl->busy = true;
        pl->busy_since_us = time_now_us();
        pthread_mutex_unlock(&pl->lock);

        int rc = write_batch(pl, batch, n, was_failing);

        pthread_mutex_lock(&pl->lock);
        pl->busy = false;
        if (rc == 0) {
            for (int i = 0; i < n; i++)
                row_free(batch[i]);
            free(batch);
            pl->failing = false;
            pl->dropped = 0;
            pl->retry_ms = RETRY_FIRST_MS;
        } else {
            queue_return(pl, batch, n);
            free(batch);
            pl->failing = true;
            pl->retry_at_us = time_now_us() + pl->retry_ms * 1000LL;
            pl->retry_ms = pl->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : pl->retry_ms * 2;
        }
        pthread_cond_broadcast(&pl->settled);
        if (rc < 0 && last) {
            log_error("ledger %s: stopping with %d play record%s that could not be written; "
                      "they are lost",
                      pl->path, pl->n_queue, pl->n_queue == 1 ? "" : "s");
            break;
        }
    }
    pthread_mutex_unlock(&pl->lock);
    return NULL;
}

/* ---- the render loop's side ---- */

/* Frees the ledger's lock, conditions, strings and itself (the thread is gone). */
static void playlog_free(struct playlog *pl)
{
    pthread_cond_destroy(&pl->settled);
    pthread_cond_destroy(&pl->wake);
    pthread_mutex_destroy(&pl->lock);
    free(pl->screen_id);
    free(pl->path);
    free(pl);
}

struct playlog *playlog_open(const char *path, const char *screen_id, int backlog_max)
{
    struct playlog *pl = xcalloc(1, sizeof(*pl));
    pl->path = xstrdup(path);
    pl->screen_id = xstrdup(screen_id);
    pl->backlog_max = backlog_max > 0 ? backlog_max : PLAYLOG_BACKLOG_DEFAULT;
    pl->retry_ms = RETRY_FIRST_MS;
    pl->lock_fd = -1;
    pthread_mutex_init(&pl->lock, NULL);
    pthread_cond_init(&pl->wake, NULL);
    pthread_cond_init(&pl->settled, NULL);
    if (pthread_create(&pl->thread, NULL, playlog_thread, pl) != 0) {
        log_error("ledger %s: cannot start its thread", path);
        playlog_free(pl);
        return NULL;
    }
    return pl;
}

void playlog_close(struct playlog *pl)
{
    if (!pl)
        return;
    pthread_mutex_lock(&pl->lock);
    pl->stop = true;
    pthread_cond_signal(&pl->wake);
    pthread_mutex_unlock(&pl->lock);
    pthread_join(pl->thread, NULL);
    for (int i = 0; i < pl->n_queue; i++)
        row_free(pl->queue[i]);
    free(pl->queue);
    ledger_db_close(pl->db);
    if (pl->lock_fd >= 0)
        close(pl->lock_fd);
    playlog_free(pl);
}

static void enqueue(struct playlog *pl, const struct play_record *rec)
{
    struct ledger_row *r = row_copy(pl, rec);
    pthread_mutex_lock(&pl->lock);
    queue_push(pl, r);
    pthread_cond_signal(&pl->wake);
    pthread_mutex_unlock(&pl->lock);
}

void playlog_begin(struct playlog *pl, struct play_record *rec)
{
    if (playlog_new_id(rec->play_id) < 0)
        snprintf(rec->play_id, sizeof(rec->play_id), "no-random-%lld", (long long)time_wall_ms());
    rec->status = PLAY_PLAYING;
    rec->ended_utc_ms = 0;
    if (pl)
        enqueue(pl, rec);
}

void playlog_end(struct playlog *pl, struct play_record *rec)
{
    if (!rec->play_id[0] && playlog_new_id(rec->play_id) < 0)
        snprintf(rec->play_id, sizeof(rec->play_id), "no-random-%lld", (long long)time_wall_ms());
    if (pl)
        enqueue(pl, rec);
}

static void enqueue_note(struct playlog *pl, struct ledger_row *r)
{
    if (playlog_new_id(r->play_id) < 0)
        snprintf(r->play_id, sizeof(r->play_id), "no-random-%lld", (long long)time_wall_ms());
    r->screen_id = xstrdup(pl->screen_id);
    r->campaign = xstrdup("");
    r->item = xstrdup("");
    r->language = xstrdup("");
    r->announced = true; /* no "play end" line for a note */
    pthread_mutex_lock(&pl->lock);
    queue_push(pl, r);
    pthread_cond_signal(&pl->wake);
    pthread_mutex_unlock(&pl->lock);
}

void playlog_screen(struct playlog *pl, bool on, int64_t utc_ms, const char *how, const char *error)
{
    if (!pl)
        return;
    struct ledger_row *r = xcalloc(1, sizeof(*r));
    r->row_kind = LEDGER_SCREEN;
    r->screen_on = on;
    r->started_utc_ms = utc_ms;
    r->media = xstrdup(how);
    r->error = error && error[0] ? xstrdup(error) : NULL;
    enqueue_note(pl, r);
}

void playlog_screenshot(struct playlog *pl, const char *play_id, int64_t taken_utc_ms,
                        const char *path)
{
    if (!pl)
        return;
    struct ledger_row *r = xcalloc(1, sizeof(*r));
    r->row_kind = LEDGER_SHOT;
    snprintf(r->ref_play_id, sizeof(r->ref_play_id), "%s", play_id ? play_id : "");
    r->started_utc_ms = taken_utc_ms;
    r->media = xstrdup(path);
    enqueue_note(pl, r);
}

int64_t playlog_stuck_us(struct playlog *pl)
{
    if (!pl)
        return 0;
    pthread_mutex_lock(&pl->lock);
    int64_t us = pl->busy ? time_now_us() - pl->busy_since_us : 0;
    pthread_mutex_unlock(&pl->lock);
    return us;
}

int playlog_backlog(struct playlog *pl)
{
    if (!pl)
        return 0;
    pthread_mutex_lock(&pl->lock);
    int n = pl->failing ? pl->n_queue : 0;
    pthread_mutex_unlock(&pl->lock);
    return n;
}

int playlog_flush(struct playlog *pl)
{
    if (!pl)
        return 0;
    pthread_mutex_lock(&pl->lock);
    while (pl->busy || (pl->n_queue > 0 && !pl->failing))
        pthread_cond_wait(&pl->settled, &pl->lock);
    int rc = pl->n_queue > 0 ? -1 : 0;
    pthread_mutex_unlock(&pl->lock);
    return rc;
}
