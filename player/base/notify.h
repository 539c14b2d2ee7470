/* notify: the service manager's notification socket (systemd's sd_notify
 * protocol, spoken directly: one datagram of "NAME=value" lines to the
 * AF_UNIX socket named by $NOTIFY_SOCKET, a path or "@abstract").
 *
 * Without $NOTIFY_SOCKET everything here is a no-op, so the player runs the
 * same from a terminal. Sending never blocks: a datagram the socket cannot
 * take at once is dropped (the next ping or status replaces it). */
#ifndef SIGNAGE_NOTIFY_H
#define SIGNAGE_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

struct notify;

/* Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID and removes them
 * from the environment, so commands the player runs do not inherit them.
 * Call once at start-up, before any thread is started. Returns NULL when
 * there is no socket to notify, or after logging why it cannot be used. */
struct notify *notify_open(void);

/* The watchdog interval systemd asked for, in microseconds: 0 when there is
 * none (no WatchdogSec=, or $WATCHDOG_PID names another process). */
int64_t notify_watchdog_us(const struct notify *n);

/* Sends one message ("READY=1", "WATCHDOG=1", "STATUS=...\n..."). Returns 0,
 * or -1 when it could not be sent (logged once per run). n may be NULL.
 * Any one thread at a time. */
int notify_send(struct notify *n, const char *msg);

/* Closes the socket. notify_close(NULL) is a no-op. */
void notify_close(struct notify *n);

#endif
