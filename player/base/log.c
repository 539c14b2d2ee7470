#include "base/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The only process-wide state of the program: written once at start-up,
 * read by every thread, hence atomic. */
static atomic_int log_threshold = LOG_INFO;
static atomic_bool log_journal = false;
/* The last error, for the status file: written by whichever thread logs one. */
static pthread_mutex_t last_error_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_error[256];      /* -- protected by last_error_lock */
static int64_t last_error_utc_ms; /* -- protected by last_error_lock */

static const char *const level_names[] = {"error", "warn", "info", "debug"};
static const char *const journal_priorities[] = {"<3>", "<4>", "<6>", "<7>"};

bool log_detect_journal(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    bool on = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0 &&
              (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
    atomic_store(&log_journal, on);
    return on;
}

void log_set_level(enum log_level level)
{
    atomic_store(&log_threshold, (int)level);
}

int log_level_parse(const char *name, enum log_level *out)
{
    for (int i = 0; i <= LOG_DEBUG; i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if ((int)level > atomic_load(&log_threshold))
        return;

    char line[2048];
    int n;
    if (atomic_load(&log_journal)) {
        n = snprintf(line, sizeof(line), "%ssignage[%s]: ", journal_priorities[level],
                     level_names[level]);
    } else {
        struct timespec ts;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        n = (int)strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
        n += snprintf(line + n, sizeof(line) - (size_t)n,
                      ".%03ldZ signage[%s]: ", ts.tv_nsec / 1000000, level_names[level]);
    }

    va_list ap;
    va_start(ap, fmt);
    int head = n; /* the message starts here */
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (m < 0)
        m = 0;
    n += m;
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    if (level == LOG_ERROR) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        pthread_mutex_lock(&last_error_lock);
        snprintf(last_error, sizeof(last_error), "%.*s", n - head, line + head);
        last_error_utc_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
        pthread_mutex_unlock(&last_error_lock);
    }
    line[n++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, (size_t)n);
    (void)w;
}

void log_last_error(char *buf, size_t size, int64_t *utc_ms)
{
    pthread_mutex_lock(&last_error_lock);
    snprintf(buf, size, "%s", last_error);
    *utc_ms = last_error_utc_ms;
    pthread_mutex_unlock(&last_error_lock);
}
