/* watch: tells the play loop that a file it was started from changed
 * (inotify) or that SIGHUP asked for a reload (signalfd). Polled from the
 * loop, never blocks, never calls back.
 *
 * SIGHUP is taken through a signalfd, so there is no signal handler and no
 * global: watch_create() blocks SIGHUP in the calling thread, and threads
 * started after it inherit the mask. Create it before any other thread.
 * Files are watched through their folders, so that an editor that writes a
 * new file and renames it over the old one is seen too. */
#ifndef SIGNAGE_WATCH_H
#define SIGNAGE_WATCH_H

#include <stdbool.h>
#include <stddef.h>

struct watch;

/* Starts watching for SIGHUP. Returns NULL with a reason in err when the
 * kernel refuses (the player then runs without reloads). Main thread. */
struct watch *watch_create(char *err, size_t err_size);

/* Watches the NULL-ended list of files instead of those given before.
 * Returns 0, or -1 with a reason in err (SIGHUP still works). */
int watch_files(struct watch *w, char *const *files, char *err, size_t err_size);

enum watch_event {
    WATCH_FILE = 1,   /* a watched file was written, replaced or removed */
    WATCH_SIGHUP = 2, /* SIGHUP came */
};

/* What happened since the last call: a mask of enum watch_event, 0 = nothing. */
int watch_poll(struct watch *w);

/* Stops watching and unblocks SIGHUP. watch_free(NULL) is a no-op. */
void watch_free(struct watch *w);

#endif
