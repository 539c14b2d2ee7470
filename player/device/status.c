#include "device/status.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* ---- pure parts ---- */

static void put_field(FILE *fp, const char *name, const char *value, bool null_when_empty)
{
    fprintf(fp, "\"%s\": ", name);
    if (null_when_empty && !value[0])
        fputs("null", fp);
    else
        json_put_string(fp, value);
}

void status_format(FILE *fp, const struct status_info *in, int64_t written_utc_ms,
                   int64_t free_bytes, bool running)
{
    fputs("{", fp);
    put_field(fp, "screen_id", in->screen_id, false);
    fputs(", ", fp);
    put_field(fp, "version", in->version, false);
    fprintf(fp, ", \"pid\": %ld, \"running\": %s,\n", (long)getpid(), running ? "true" : "false");
    fprintf(fp, " \"written_utc_ms\": %lld, \"started_utc_ms\": %lld, \"uptime_s\": %lld,\n",
            (long long)written_utc_ms, (long long)in->started_utc_ms,
            (long long)((written_utc_ms - in->started_utc_ms) / 1000));
    fprintf(fp, " \"screen\": \"%s\", \"on_screen\": ", in->screen_on ? "on" : "off");
    if (in->item[0] && in->screen_on) {
        fputs("{", fp);
        put_field(fp, "item", in->item, false);
        fputs(", ", fp);
        put_field(fp, "language", in->language, false);
        fputs(", ", fp);
        put_field(fp, "kind", in->kind, false);
        fputs(", ", fp);
        put_field(fp, "play_id", in->play_id, true);
        fprintf(fp, ", \"since_utc_ms\": %lld}", (long long)in->on_screen_since_utc_ms);
    } else {
        fputs("null", fp);
    }
    fprintf(fp, ",\n \"plays_today\": %lld, ", (long long)in->plays_today);
    put_field(fp, "last_error", in->last_error, true);
    fprintf(fp, ", \"last_error_utc_ms\": ");
    if (in->last_error[0])
        fprintf(fp, "%lld", (long long)in->last_error_utc_ms);
    else
        fputs("null", fp);
    fprintf(fp,
            ",\n \"ledger_backlog\": %lld, \"ledger_free_bytes\": ", (long long)in->ledger_backlog);
    if (free_bytes >= 0)
        fprintf(fp, "%lld", (long long)free_bytes);
    else
        fputs("null", fp);
    fputs(", ", fp);
    put_field(fp, "watchdog", in->watchdog[0] ? in->watchdog : "ok", false);
    fputs("}\n", fp);
}

/* The value of a top-level key of our own flat-ish JSON: a number (true
 * when found), or NULL/absent. The keys read here are not used in nested
 * objects, so the first match is the top-level one. */
static bool json_number(const char *json, const char *key, double *v, bool *is_null)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\"%s\":", key);
    const char *p = strstr(json, pat);
    if (!p)
        return false;
    p += strlen(pat);
    while (*p == ' ')
        p++;
    *is_null = strncmp(p, "null", 4) == 0;
    if (*is_null) {
        *v = 0;
        return true;
    }
    char *end;
    *v = strtod(p, &end);
    return end != p;
}

static bool json_true(const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof(pat), "\"%s\": true", key);
    return strstr(json, pat) != NULL;
}

bool status_assess(const char *json, int64_t now_ms, struct diag *problems)
{
    int before = problems->n_lines;
    double written, backlog, err_ms, free_b;
    bool null;
    if (!json_number(json, "written_utc_ms", &written, &null) || null) {
        diag_add(problems, "not a status file of signage (no written_utc_ms)");
        return false;
    }
    double age_ms = (double)now_ms - written;
    if (!json_true(json, "running"))
        diag_add(problems, "the player has stopped");
    else if (age_ms > STATUS_STALE_MS)
        diag_add(problems, "status is stale: written %.0f s ago (the player is hung or gone)",
                 age_ms / 1000);
    if (json_number(json, "last_error_utc_ms", &err_ms, &null) && !null &&
        now_ms - err_ms < STATUS_ERROR_MS)
        diag_add(problems, "an error %.0f s ago (see last_error)", (now_ms - err_ms) / 1000);
    if (json_number(json, "ledger_backlog", &backlog, &null) && !null && backlog > 0)
        diag_add(problems, "%.0f play record%s not yet in the ledger", backlog,
                 backlog == 1 ? "" : "s");
    if (json_number(json, "ledger_free_bytes", &free_b, &null) && !null &&
        free_b < STATUS_LOW_DISK_B)
        diag_add(problems, "%.1f MB free under the ledger", free_b / 1e6);
    return problems->n_lines == before;
}

/* ---- the thread ---- */

struct status_writer {
    char *path, *tmp_path, *ledger_dir;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    struct status_info info;
    bool posted; /* info holds something to write */
    bool urgent; /* write now, not at the next tick */
    bool stop;
    /* -- fields below: the thread's own */
    bool failing; /* the last write failed (logged once) */
};

static int write_file(struct status_writer *w, const struct status_info *info, bool running)
{
    struct statvfs vfs;
    /* The ledger's folder may not be made yet: its parent's disk is the same one. */
    char *parent = path_dirname(w->ledger_dir);
    int64_t free_b = statvfs(w->ledger_dir, &vfs) == 0 || statvfs(parent, &vfs) == 0
                         ? (int64_t)(vfs.f_bavail * vfs.f_frsize)
                         : -1;
    free(parent);
    FILE *fp = fopen(w->tmp_path, "w");
    if (!fp && errno == ENOENT) { /* a fresh install: the folder comes with the first write */
        char *dir = path_dirname(w->path);
        path_mkdir_p(dir);
        free(dir);
        fp = fopen(w->tmp_path, "w");
    }
    int rc = -1;
    if (!fp)
        goto out;
    status_format(fp, info, time_wall_ms(), free_b, running);
    /* No fsync: the file is rewritten in 5 s anyway, and a card written
     * 17,000 times a day should not be made to flush each. */
    if (fclose(fp) != 0) {
        unlink(w->tmp_path);
        goto out;
    }
    if (rename(w->tmp_path, w->path) != 0) {
        unlink(w->tmp_path);
        goto out;
    }
    rc = 0;
out:
    if (rc < 0 && !w->failing)
        log_error("status file %s: cannot be written: %s (playing on; `signage status` will "
                  "call this screen stale)",
                  w->path, strerror(errno));
    else if (rc == 0 && w->failing)
        log_info("status file %s: written again", w->path);
    w->failing = rc < 0;
    return rc;
}

static void *status_thread(void *arg)
{
    struct status_writer *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        if (w->posted) {
            struct status_info info = w->info;
            w->urgent = false;
            pthread_mutex_unlock(&w->lock);
            write_file(w, &info, true);
            pthread_mutex_lock(&w->lock);
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += STATUS_EVERY_MS / 1000;
        while (!w->stop && !w->urgent)
            if (pthread_cond_timedwait(&w->wake, &w->lock, &ts) == ETIMEDOUT)
                break;
    }
    struct status_info last = w->info;
    bool posted = w->posted;
    pthread_mutex_unlock(&w->lock);
    if (posted)
        write_file(w, &last, false);
    return NULL;
}

/* Frees w, whose thread is gone or never started. */
static void writer_free(struct status_writer *w)
{
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w->ledger_dir);
    free(w->tmp_path);
    free(w->path);
    free(w);
}

struct status_writer *status_writer_start(const char *path, const char *ledger_dir)
{
    struct status_writer *w = xcalloc(1, sizeof(*w));
    w->path = xstrdup(path);
    w->tmp_path = xasprintf("%s.tmp", path);
    w->ledger_dir = xstrdup(ledger_dir);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, status_thread, w) != 0) {
        log_error("status file %s: cannot start its thread", path);
        writer_free(w);
        return NULL;
    }
    return w;
}

void status_writer_post(struct status_writer *w, const struct status_info *info)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    if (!w->posted) { /* the first status is written at once */
        w->urgent = true;
        pthread_cond_signal(&w->wake);
    }
    w->info = *info;
    w->posted = true;
    pthread_mutex_unlock(&w->lock);
}

void status_writer_stop(struct status_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    writer_free(w);
}
