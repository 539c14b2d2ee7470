/* util: small string, path and error-collection helpers shared by modules. */
#ifndef SIGNAGE_UTIL_H
#define SIGNAGE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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

/* Parses "#rrggbb" or "#rgb" into 0xRRGGBB. Returns 0 or -1. */
int color_parse(const char *s, uint32_t *rgb);

/* Writes s to fp as a JSON string, quoted and escaped. */
void json_put_string(FILE *fp, const char *s);

/* Monotonic time in microseconds, from an arbitrary origin. */
int64_t time_now_us(void);
/* Wall-clock UTC time in milliseconds since the Unix epoch. */
int64_t time_wall_ms(void);
/* CPU time the whole process has used (every thread, user and system), in seconds. */
double time_process_cpu_s(void);

#endif
