/* server: starts tests/fleet/serve.py on 127.0.0.1 for a C test, and stops
 * it. The test runs from tests/ (CTest's working directory). */
#ifndef SIGNAGE_TEST_SERVER_H
#define SIGNAGE_TEST_SERVER_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct test_server {
    pid_t pid;
    int port;
    char dir[256];    /* a temp folder: root/, port, log, faults */
    char root[300];   /* what is served */
    char log[300];    /* one line per request */
    char faults[300]; /* see serve.py */
};

/* One try on port: 1 when it listens, 0 when it could not bind (it exited),
 * -1 when it did not come up within 20 s. */
static inline int test_server_try(struct test_server *ts, int port)
{
    char port_file[300], port_text[16];
    snprintf(port_file, sizeof(port_file), "%s/port", ts->dir);
    snprintf(port_text, sizeof(port_text), "%d", port);
    unlink(port_file);
    ts->pid = fork();
    if (ts->pid == 0) {
        setenv("PORT", port_text, 1);
        execlp("python3", "python3", "fleet/serve.py", ts->root, port_file, ts->log, ts->faults,
               (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 400; i++) {
        FILE *f = fopen(port_file, "r");
        if (f) {
            int ok = fscanf(f, "%d", &ts->port) == 1;
            fclose(f);
            if (ok)
                return 1;
        }
        if (waitpid(ts->pid, NULL, WNOHANG) == ts->pid) {
            ts->pid = 0;
            return 0;
        }
        struct timespec ts_wait = {0, 50 * 1000 * 1000};
        nanosleep(&ts_wait, NULL);
    }
    return -1;
}

/* Starts the server on ts's folder and port (both set by an earlier start:
 * a restart after a kill), or on a fresh temp folder and a free port below
 * the kernel's ephemeral range, so that no outgoing connection takes it
 * between a kill and a restart. Returns 0, or -1 when it did not come up. */
static inline int test_server_start(struct test_server *ts)
{
    if (!ts->dir[0]) {
        snprintf(ts->dir, sizeof(ts->dir), "/tmp/signage-test-http-XXXXXX");
        if (!mkdtemp(ts->dir))
            return -1;
    }
    snprintf(ts->root, sizeof(ts->root), "%s/root", ts->dir);
    snprintf(ts->log, sizeof(ts->log), "%s/log", ts->dir);
    snprintf(ts->faults, sizeof(ts->faults), "%s/faults", ts->dir);
    mkdir(ts->root, 0755);
    if (ts->port) {
        for (int i = 0; i < 20; i++) { /* the old socket may linger a moment */
            if (test_server_try(ts, ts->port) == 1)
                return 0;
            sleep(1);
        }
        return -1;
    }
    srand((unsigned)getpid() ^ (unsigned)time(NULL));
    for (int i = 0; i < 50; i++) {
        int rc = test_server_try(ts, 20000 + rand() % 12000);
        if (rc != 0)
            return rc > 0 ? 0 : -1;
    }
    return -1;
}

/* Kills the server (it can be started again on the same port and folder). */
static inline void test_server_kill(struct test_server *ts)
{
    if (ts->pid > 0) {
        kill(ts->pid, SIGKILL);
        waitpid(ts->pid, NULL, 0);
        ts->pid = 0;
    }
}

/* Kills the server and removes its folder. */
static inline void test_server_stop(struct test_server *ts)
{
    test_server_kill(ts);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ts->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", ts->dir);
}

/* Writes the faults file (text may be ""), through a rename: a request
 * in the middle must see the old faults or the new ones, never none. */
static inline void test_server_faults(struct test_server *ts, const char *text)
{
    char tmp[320];
    snprintf(tmp, sizeof(tmp), "%s.tmp", ts->faults);
    FILE *f = fopen(tmp, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
        rename(tmp, ts->faults);
    }
}

#endif
