#include "base/notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"

struct notify {
    int fd;
    struct sockaddr_un addr;
    socklen_t addr_len;
    int64_t watchdog_us;
    bool send_failed_logged;
};

struct notify *notify_open(void)
{
    const char *path = getenv("NOTIFY_SOCKET");
    const char *usec = getenv("WATCHDOG_USEC");
    const char *pid = getenv("WATCHDOG_PID");
    struct notify *n = NULL;
    if (!path || !path[0])
        goto out;
    size_t len = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || len >= sizeof(n->addr.sun_path)) {
        log_warn("NOTIFY_SOCKET=%s: not a socket path or an abstract name: systemd is not told",
                 path);
        goto out;
    }
    n = xcalloc(1, sizeof(*n));
    n->addr.sun_family = AF_UNIX;
    memcpy(n->addr.sun_path, path, len);
    if (path[0] == '@')
        n->addr.sun_path[0] = '\0'; /* abstract: no NUL ending, the length says */
    n->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (n->fd < 0) {
        log_warn("notify socket: %s: systemd is not told", strerror(errno));
        free(n);
        n = NULL;
        goto out;
    }
    if (usec && (!pid || strtol(pid, NULL, 10) == (long)getpid())) {
        char *end;
        long long v = strtoll(usec, &end, 10);
        if (*end == '\0' && v > 0)
            n->watchdog_us = v;
        else
            log_warn("WATCHDOG_USEC=%s: not a number of microseconds: no watchdog pings", usec);
    }
out:
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    return n;
}

int64_t notify_watchdog_us(const struct notify *n)
{
    return n ? n->watchdog_us : 0;
}

int notify_send(struct notify *n, const char *msg)
{
    if (!n)
        return 0;
    ssize_t w = sendto(n->fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT,
                       (const struct sockaddr *)&n->addr, n->addr_len);
    if (w >= 0)
        return 0;
    if (!n->send_failed_logged) {
        n->send_failed_logged = true;
        log_warn("cannot notify systemd (%s): %s", msg, strerror(errno));
    }
    return -1;
}

void notify_close(struct notify *n)
{
    if (!n)
        return;
    close(n->fd);
    free(n);
}
