#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(void)
{
    fputs("signage: out of memory\n", stderr);
    abort();
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        out_of_memory();
    return d;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

static char *xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        out_of_memory();
    char *s = xcalloc(1, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

char *path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
        return xstrdup(rel);
    size_t n = strlen(dir);
    return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", rel);
}

bool path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* "12.3 MB" */
static void size_text(double bytes, char *buf, size_t n)
{
    if (bytes >= 1e9)
        snprintf(buf, n, "%.1f GB", bytes / 1e9);
    else if (bytes >= 1e6)
        snprintf(buf, n, "%.1f MB", bytes / 1e6);
    else
        snprintf(buf, n, "%.0f kB", bytes / 1e3);
}

/* What a file that is not a regular file is, for messages. */
static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "is a directory, not a file";
    if (S_ISFIFO(mode))
        return "is a FIFO, not a file";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "is a device, not a file";
    if (S_ISSOCK(mode))
        return "is a socket, not a file";
    return "is not a regular file";
}

/* Opens path for reading without blocking and checks it. Returns the fd,
 * or -1 with the reason in err. */
static int open_checked(const char *path, size_t max_bytes, struct stat *st, char *err,
                        size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, errlen, "%s", errno == ELOOP ? "is a symbolic link loop" : strerror(errno));
        return -1;
    }
    const char *why = NULL;
    char big[160];
    if (fstat(fd, st) != 0) {
        why = strerror(errno);
    } else if (!S_ISREG(st->st_mode)) {
        why = kind_of(st->st_mode);
    } else if ((uintmax_t)st->st_size > max_bytes) {
        char have[32], most[32];
        size_text((double)st->st_size, have, sizeof(have));
        size_text((double)max_bytes, most, sizeof(most));
        snprintf(big, sizeof(big), "is %s, more than the %s a file of its kind may have", have,
                 most);
        why = big;
    }
    if (why) {
        snprintf(err, errlen, "%s", why);
        close(fd);
        return -1;
    }
    return fd;
}

int file_check(const char *path, size_t max_bytes, char *err, size_t errlen)
{
    struct stat st;
    int fd = open_checked(path, max_bytes, &st, err, errlen);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

char *file_read(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    int fd = open_checked(path, max_bytes, &st, err, errlen);
    if (fd < 0)
        return NULL;
    /* The size may change while reading: read to max_bytes + 1 at most. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = xcalloc(1, cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes)
                break;
            cap = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(err, errlen, "%s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (n > max_bytes) {
        char most[32];
        size_text((double)max_bytes, most, sizeof(most));
        snprintf(err, errlen, "grew past the %s a file of its kind may have", most);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* The length of the valid UTF-8 sequence at p, or 0 when it is not one. */
static size_t utf8_seq(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n;
    uint32_t c;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        n = 2;
        c = p[0] & 0x1f;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        n = 3;
        c = p[0] & 0x0f;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        n = 4;
        c = p[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (p[i] & 0x3f);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    return n;
}

size_t utf8_valid_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t n; *p && (n = utf8_seq(p)) > 0;)
        p += n;
    return (size_t)((const char *)p - s);
}

bool utf8_valid(const char *s)
{
    return s[utf8_valid_len(s)] == '\0';
}

char *utf8_repair(const char *s)
{
    size_t len = strlen(s);
    char *out = xcalloc(1, len * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_seq(p);
        if (n) {
            memcpy(o, p, n);
            o += n;
            p += n;
        } else {
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        }
    }
    return out;
}

int path_mkdir_p(const char *dir)
{
    char *p = xstrdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            (void)mkdir(p, 0750);
            *s = '/';
        }
    }
    int rc = mkdir(p, 0750) == 0 || errno == EEXIST ? 0 : -1;
    free(p);
    return rc;
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void diag_add(struct diag *d, const char *fmt, ...)
{
    if (d->n_lines == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->lines = xrealloc(d->lines, (size_t)d->cap * sizeof(*d->lines));
    }
    va_list ap;
    va_start(ap, fmt);
    d->lines[d->n_lines++] = xvasprintf(fmt, ap);
    va_end(ap);
}

void diag_take(struct diag *dst, struct diag *src)
{
    for (int i = 0; i < src->n_lines; i++)
        diag_add(dst, "%s", src->lines[i]);
    diag_free(src);
}

void diag_free(struct diag *d)
{
    for (int i = 0; i < d->n_lines; i++)
        free(d->lines[i]);
    free(d->lines);
    d->lines = NULL;
    d->n_lines = d->cap = 0;
}

int color_parse(const char *s, uint32_t *rgb)
{
    if (!s || s[0] != '#')
        return -1;
    size_t n = strlen(s + 1);
    if (n != 6 && n != 3)
        return -1;
    uint32_t v = 0;
    for (size_t i = 1; i <= n; i++) {
        char c = s[i];
        int x;
        if (c >= '0' && c <= '9')
            x = c - '0';
        else if (c >= 'a' && c <= 'f')
            x = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            x = c - 'A' + 10;
        else
            return -1;
        v = (v << 4) | (uint32_t)x;
        if (n == 3)
            v = (v << 4) | (uint32_t)x;
    }
    *rgb = v;
    return 0;
}

int cond_init_monotonic(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

void cond_deadline_in(int64_t us, struct timespec *ts)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    if (us < 0)
        us = 0;
    int64_t ns = ts->tv_nsec + us % 1000000 * 1000;
    ts->tv_sec += (time_t)(us / 1000000 + ns / 1000000000);
    ts->tv_nsec = (long)(ns % 1000000000);
}

int64_t time_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

double time_process_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int64_t time_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void csv_field_write(FILE *fp, const char *s, bool last)
{
    /* A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
     * before one) as a formula: a campaign named "=HYPERLINK(...)" must stay
     * text. The OWASP way: a leading apostrophe, inside quotes. */
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    if (formula || strpbrk(s, ",\"\r\n")) {
        fputc('"', fp);
        if (formula)
            fputc('\'', fp);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', fp);
            fputc(*s, fp);
        }
        fputc('"', fp);
    } else {
        fputs(s, fp);
    }
    fputs(last ? "\r\n" : ",", fp);
}

void json_put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}
