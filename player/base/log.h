/* log: one-line messages to stderr, with a level and a UTC timestamp. */
#ifndef SIGNAGE_LOG_H
#define SIGNAGE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Sets the most verbose level that is printed. Call once at start-up, before
 * any thread is started; the default is LOG_INFO. */
void log_set_level(enum log_level level);

/* When standard error is the journal's stream ($JOURNAL_STREAM names its
 * device and inode, as systemd sets it), lines start with the syslog
 * priority the journal reads ("<3>" error, "<4>" warn, "<6>" info, "<7>"
 * debug) and leave the timestamp to the journal. Returns whether it is.
 * Call once at start-up, before any thread is started. */
bool log_detect_journal(void);

/* Parses "error", "warn", "info" or "debug". Returns 0, or -1 if unknown. */
int log_level_parse(const char *name, enum log_level *out);

/* Prints one line "2026-11-29T10:00:00.123Z signage[level]: message"
 * (under the journal: "<6>signage[info]: message").
 * Safe from any thread; each line is written with a single write(). */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies the last error logged (by any thread) into buf and its time into
 * *utc_ms; "" and 0 when there was none. For the status file. */
void log_last_error(char *buf, size_t size, int64_t *utc_ms);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
