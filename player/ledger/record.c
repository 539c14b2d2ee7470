#include "ledger/record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <unistd.h>

enum play_status playlog_status(const char *error, int64_t scheduled_ms, int64_t shown_ms)
{
    if (error && error[0])
        return PLAY_ERROR;
    if (scheduled_ms > 0 && shown_ms + PLAYLOG_COMPLETE_SLACK_MS < scheduled_ms)
        return PLAY_PARTIAL;
    return PLAY_COMPLETE;
}

const char *playlog_status_name(enum play_status st)
{
    static const char *const names[] = {"playing", "complete", "partial", "error", "interrupted"};
    return st >= PLAY_PLAYING && st <= PLAY_INTERRUPTED ? names[st] : "?";
}

int playlog_new_id(char out[PLAYLOG_ID_SIZE])
{
    uint8_t b[16];
    size_t got = 0;
    while (got < sizeof(b)) {
        ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof(b)) { /* kernels without getrandom() */
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, b, sizeof(b)) : -1;
        if (fd >= 0)
            close(fd);
        if (n != (ssize_t)sizeof(b))
            return -1;
    }
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    static const char hex[] = "0123456789abcdef";
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 15];
    }
    *p = '\0';
    return 0;
}
