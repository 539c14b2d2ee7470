/* run: runs a shell command to its end, or kills it. For commands the
 * operator configures (screen off and on): they may fail or hang, and the
 * player must not. */
#ifndef SIGNAGE_RUN_H
#define SIGNAGE_RUN_H

#include <stddef.h>

/* Runs `/bin/sh -c cmd` in a process group of its own, with default signal
 * handling and nothing blocked, its output going where the player's goes.
 * Waits at most timeout_ms, then kills the whole group (SIGKILL). Returns 0
 * when it exited with status 0, else -1 with why in err ("exited with status
 * 3", "killed after 10 s: still running", "killed by signal 9"). Blocks:
 * never call it on the play loop's thread. */
int run_command(const char *cmd, int timeout_ms, char *err, size_t errlen);

#endif
