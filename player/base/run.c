#include "base/run.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

extern char **environ;

#define RUN_POLL_MS 20

int run_command(const char *cmd, int timeout_ms, char *err, size_t errlen)
{
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);
    char *argv[] = {"sh", "-c", (char *)cmd, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start /bin/sh: %s", strerror(rc));
        return -1;
    }
    int status = 0;
    int64_t deadline = time_now_us() + (int64_t)timeout_ms * 1000;
    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid)
            break;
        if (got < 0 && errno != EINTR) {
            snprintf(err, errlen, "lost track of it: %s", strerror(errno));
            return -1;
        }
        if (time_now_us() >= deadline) {
            kill(-pid, SIGKILL); /* the shell and whatever it started */
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            snprintf(err, errlen, "killed after %g s: still running", timeout_ms / 1000.0);
            return -1;
        }
        struct timespec ts = {0, RUN_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        snprintf(err, errlen, "exited with status %d", WEXITSTATUS(status));
    else
        snprintf(err, errlen, "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return -1;
}
