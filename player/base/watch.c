#include "base/watch.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "base/util.h"

#define WATCH_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)

struct watched {
    int wd;     /* inotify watch of the file's folder */
    char *name; /* the file's name in that folder */
};

struct watch {
    int sig_fd;    /* signalfd for SIGHUP */
    int notify_fd; /* inotify, -1 when no files are watched */
    struct watched *files;
    int n_files;
    sigset_t old_mask; /* restored by watch_free() */
};

struct watch *watch_create(char *err, size_t err_size)
{
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    struct watch *w = xcalloc(1, sizeof(*w));
    w->notify_fd = -1;
    if (pthread_sigmask(SIG_BLOCK, &hup, &w->old_mask) != 0) {
        snprintf(err, err_size, "cannot block SIGHUP");
        free(w);
        return NULL;
    }
    w->sig_fd = signalfd(-1, &hup, SFD_NONBLOCK | SFD_CLOEXEC);
    if (w->sig_fd < 0) {
        snprintf(err, err_size, "signalfd: %s", strerror(errno));
        pthread_sigmask(SIG_SETMASK, &w->old_mask, NULL);
        free(w);
        return NULL;
    }
    return w;
}

static void files_clear(struct watch *w)
{
    if (w->notify_fd >= 0)
        close(w->notify_fd);
    w->notify_fd = -1;
    for (int i = 0; i < w->n_files; i++)
        free(w->files[i].name);
    free(w->files);
    w->files = NULL;
    w->n_files = 0;
}

int watch_files(struct watch *w, char *const *files, char *err, size_t err_size)
{
    files_clear(w);
    int n = 0;
    while (files && files[n])
        n++;
    if (n == 0)
        return 0;
    w->notify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->notify_fd < 0) {
        snprintf(err, err_size, "inotify: %s", strerror(errno));
        return -1;
    }
    w->files = xcalloc((size_t)n, sizeof(struct watched));
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char *dir = path_dirname(files[i]);
        const char *slash = strrchr(files[i], '/');
        int wd = inotify_add_watch(w->notify_fd, dir, WATCH_EVENTS);
        if (wd < 0) {
            snprintf(err, err_size, "%s: cannot watch: %s", dir, strerror(errno));
            rc = -1;
        } else {
            w->files[w->n_files].wd = wd;
            w->files[w->n_files++].name = xstrdup(slash ? slash + 1 : files[i]);
        }
        free(dir);
    }
    return rc;
}

static bool is_watched(const struct watch *w, const struct inotify_event *ev)
{
    for (int i = 0; i < w->n_files; i++)
        if (w->files[i].wd == ev->wd && ev->len && strcmp(w->files[i].name, ev->name) == 0)
            return true;
    return false;
}

int watch_poll(struct watch *w)
{
    int changed = 0;
    struct signalfd_siginfo si;
    while (read(w->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
        changed |= WATCH_SIGHUP;
    if (w->notify_fd < 0)
        return changed;
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    while ((n = read(w->notify_fd, buf, sizeof(buf))) > 0) {
        for (char *p = buf; p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (is_watched(w, ev))
                changed |= WATCH_FILE;
            p += sizeof(struct inotify_event) + ev->len;
        }
    }
    return changed;
}

void watch_free(struct watch *w)
{
    if (!w)
        return;
    files_clear(w);
    struct signalfd_siginfo si; /* a SIGHUP left pending would end the process once unblocked */
    while (read(w->sig_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
        ;
    close(w->sig_fd);
    pthread_sigmask(SIG_SETMASK, &w->old_mask, NULL);
    free(w);
}
