#include "device/shots.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"
#include "media/snapshot.h"

#define DONE_MAX 16 /* written, not yet polled by the loop */

void shots_name(char *buf, size_t size, int64_t utc_ms, const char *play_id)
{
    time_t t = (time_t)(utc_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof(when), "%Y%m%dT%H%M%S", &tm);
    snprintf(buf, size, "%s.%03dZ_%s.png", when, (int)(utc_ms % 1000),
             play_id && play_id[0] ? play_id : "none");
}

bool shots_is_ours(const char *name)
{
    /* 8 digits, T, 6 digits, '.', 3 digits, "Z_", ..., ".png" */
    size_t n = strlen(name);
    if (n < 27 || strcmp(name + n - 4, ".png") != 0 || name[8] != 'T' || name[15] != '.' ||
        name[19] != 'Z' || name[20] != '_')
        return false;
    for (int i = 0; i < 19; i++)
        if (i != 8 && i != 15 && (name[i] < '0' || name[i] > '9'))
            return false;
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int shots_prune(const char *dir, int keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    int n = 0, cap = 0, deleted = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!shots_is_ours(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = xrealloc(names, (size_t)cap * sizeof(*names));
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, (size_t)n, sizeof(*names), cmp_names);
    for (int i = 0; i < n; i++) {
        if (i < n - keep) {
            char *p = path_join(dir, names[i]);
            if (unlink(p) == 0)
                deleted++;
            free(p);
        }
        free(names[i]);
    }
    free(names);
    return deleted;
}

struct pending {
    uint8_t *rgb;
    int w, h;
    char play_id[40];
    int64_t taken_utc_ms;
};

struct shots {
    char *dir;
    int keep;
    int64_t every_us;
    int64_t next_us; /* main thread: when the next one is due */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    struct pending pending[SHOTS_PENDING_MAX];
    int n_pending;
    struct shot_done done[DONE_MAX];
    int n_done;
    bool stop;
    /* -- fields below: the thread's own */
    bool full_warned; /* "folder full" said once */
    bool failing;     /* the last write failed (logged once) */
};

static void encode(struct shots *s, struct pending *pd)
{
    char name[128];
    shots_name(name, sizeof(name), pd->taken_utc_ms, pd->play_id);
    char *path = path_join(s->dir, name);
    path_mkdir_p(s->dir);
    /* Make room first, so the folder never holds more than keep. */
    int deleted = shots_prune(s->dir, s->keep - 1);
    if (deleted > 0 && !s->full_warned) {
        s->full_warned = true;
        log_warn("screenshots: %s holds %d (screenshots.keep): the oldest are deleted from now on",
                 s->dir, s->keep);
    }
    int rc = snapshot_write_png(path, pd->rgb, pd->w, pd->h);
    if (rc < 0 && shots_prune(s->dir, s->keep / 2) > 0) /* disk full: make real room */
        rc = snapshot_write_png(path, pd->rgb, pd->w, pd->h);
    if (rc < 0 && !s->failing)
        log_error("screenshots: %s could not be written: screenshots are missing until one is",
                  path);
    if (rc == 0 && s->failing)
        log_info("screenshots: written again (%s)", path);
    s->failing = rc < 0;
    if (rc == 0) {
        pthread_mutex_lock(&s->lock);
        if (s->n_done < DONE_MAX) {
            struct shot_done *d = &s->done[s->n_done++];
            snprintf(d->play_id, sizeof(d->play_id), "%s", pd->play_id);
            d->taken_utc_ms = pd->taken_utc_ms;
            snprintf(d->path, sizeof(d->path), "%s", path);
        }
        pthread_mutex_unlock(&s->lock);
        log_debug("screenshot %s (%dx%d)", path, pd->w, pd->h);
    }
    free(path);
}

static void *shots_thread(void *arg)
{
    struct shots *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->stop && s->n_pending == 0)
            pthread_cond_wait(&s->wake, &s->lock);
        if (s->n_pending == 0)
            break;
        struct pending pd = s->pending[0];
        memmove(&s->pending[0], &s->pending[1], sizeof(pd) * (size_t)(--s->n_pending));
        pthread_mutex_unlock(&s->lock);
        encode(s, &pd);
        free(pd.rgb);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

struct shots *shots_start(const char *dir, int keep, double every_s, int64_t now_us)
{
    struct shots *s = xcalloc(1, sizeof(*s));
    s->dir = xstrdup(dir);
    s->keep = keep > 0 ? keep : 1;
    s->every_us = (int64_t)(every_s * 1e6);
    s->next_us = now_us + s->every_us;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (pthread_create(&s->thread, NULL, shots_thread, s) != 0) {
        log_error("screenshots: cannot start their thread: none are taken");
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free(s->dir);
        free(s);
        return NULL;
    }
    return s;
}

bool shots_due(const struct shots *s, int64_t now_us)
{
    return s && now_us >= s->next_us;
}

void shots_take(struct shots *s, uint8_t *rgb, int w, int h, const char *play_id,
                int64_t taken_utc_ms, int64_t now_us)
{
    s->next_us = now_us + s->every_us;
    if (!rgb)
        return; /* the picture could not be read: the next one is still due */
    pthread_mutex_lock(&s->lock);
    if (s->n_pending == SHOTS_PENDING_MAX) {
        pthread_mutex_unlock(&s->lock);
        log_warn("screenshots: the encoder is behind: one is skipped");
        free(rgb);
        return;
    }
    struct pending *pd = &s->pending[s->n_pending++];
    *pd = (struct pending){.rgb = rgb, .w = w, .h = h, .taken_utc_ms = taken_utc_ms};
    snprintf(pd->play_id, sizeof(pd->play_id), "%s", play_id ? play_id : "");
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

bool shots_poll(struct shots *s, struct shot_done *d)
{
    if (!s)
        return false;
    pthread_mutex_lock(&s->lock);
    bool got = s->n_done > 0;
    if (got) {
        *d = s->done[0];
        memmove(&s->done[0], &s->done[1], sizeof(*d) * (size_t)(--s->n_done));
    }
    pthread_mutex_unlock(&s->lock);
    return got;
}

void shots_stop(struct shots *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
}

void shots_free(struct shots *s)
{
    if (!s)
        return;
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s->dir);
    free(s);
}
