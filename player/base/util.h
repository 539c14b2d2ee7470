/* util: small string, path and error-collection helpers shared by modules. */
#ifndef SIGNAGE_UTIL_H
#define SIGNAGE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <stdio.h>

/* strdup that aborts on out-of-memory: the player cannot go on without
 * memory for a few bytes, and every caller checking it would hide real logic.
 * xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);

/* Returns a newly allocated string made as by printf. Aborts on OOM. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Returns the directory part of path ("." when it has none); caller frees. */
char *path_dirname(const char *path);

/* Joins dir and rel unless rel is absolute (then a copy of rel); caller frees. */
char *path_join(const char *dir, const char *rel);

/* Returns true when path names an existing regular file. */
bool path_is_file(const char *path);
/* Makes dir and the folders above it that are missing (mode 0750).
 * Returns 0 when dir exists afterwards, else -1 (errno set). */
int path_mkdir_p(const char *dir);

/* Returns true when path names an existing directory. */
bool path_is_dir(const char *path);

/* Size limits of files people write, for file_read() and file_check(). */
#define FILE_MAX_TEXT (1 << 20)   /* a notice text, a time zone */
#define FILE_MAX_CFG  (64 << 20)  /* a playlist or config (10,000 items fit) */
#define FILE_MAX_FONT (256 << 20) /* a font collection */

/* Reads the whole of path, which must be a regular file of at most max_bytes,
 * without ever blocking: it is opened with O_NONBLOCK, so a FIFO or a device
 * cannot stall the caller, and refused unless fstat() says it is a regular
 * file. Returns a NUL-terminated buffer the caller frees (its size in *len
 * when len is not NULL), or NULL with a one-line reason in err ("is a
 * directory", "is a FIFO, not a file", "is 2.1 GB, more than 64 MB", ...).
 * Any thread. */
char *file_read(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen);

/* The same checks as file_read() without reading, for files a library opens
 * by name (fonts, media). Returns 0, or -1 with the reason in err. */
int file_check(const char *path, size_t max_bytes, char *err, size_t errlen);

/* True when s is valid UTF-8 (no overlong forms, no surrogates). */
bool utf8_valid(const char *s);

/* The length in bytes of the longest valid UTF-8 start of s: where the
 * first bad byte is, or strlen(s). */
size_t utf8_valid_len(const char *s);

/* A copy of s (caller frees) in which every byte that is not part of valid
 * UTF-8 is replaced with U+FFFD, so that output formats stay valid. */
char *utf8_repair(const char *s);

/* A growing list of one-line problems ("file:line: message"), for validators
 * that report every problem instead of stopping at the first. */
struct diag {
    char **lines;
    int n_lines;
    int cap;
};

/* Adds one line made as by printf. */
void diag_add(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Moves every line of src to the end of dst; src is left empty. */
void diag_take(struct diag *dst, struct diag *src);
void diag_free(struct diag *d);

/* Writes s as one RFC 4180 CSV field (quoted, quotes doubled, when it holds
 * a comma, quote or line break), then "," or, for the last field, CRLF. */
void csv_field_write(FILE *fp, const char *s, bool last);

/* Parses "#rrggbb" or "#rgb" into 0xRRGGBB. Returns 0 or -1. */
int color_parse(const char *s, uint32_t *rgb);

/* Inits a condition variable whose timed waits are on CLOCK_MONOTONIC, so
 * that a step of the wall clock neither stretches nor cuts them short. */
int cond_init_monotonic(pthread_cond_t *cond); /* 0, or an errno value */

/* The CLOCK_MONOTONIC instant us microseconds from now, for
 * pthread_cond_timedwait() on a cond_init_monotonic() condition. */
void cond_deadline_in(int64_t us, struct timespec *ts);
/* Writes s to fp as a JSON string, quoted and escaped. */
void json_put_string(FILE *fp, const char *s);

/* Monotonic time in microseconds, from an arbitrary origin. */
int64_t time_now_us(void);
/* Wall-clock UTC time in milliseconds since the Unix epoch. */
int64_t time_wall_ms(void);
/* CPU time the whole process has used (every thread, user and system), in seconds. */
double time_process_cpu_s(void);

#endif
