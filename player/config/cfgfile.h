/* cfgfile: the text of a libconfig file, read safely, with its @include
 * lines expanded, and a map back from a line of the whole to the file and
 * line it came from.
 *
 * libconfig 1.5 (Debian 12's) opens an @include with fopen() from the
 * current folder: a FIFO there froze the player in open(), a relative path
 * was resolved from wherever the player was started, and a problem inside
 * an included file was reported against the file including it. Here every
 * file is read with file_read() (a regular file of bounded size, never a
 * blocking open), an @include is resolved from the folder of the file that
 * names it, nesting is limited, and the text libconfig parses holds no
 * @include at all. Each file must be UTF-8 (a Latin-1 campaign name
 * would make a report's JSON invalid), is checked by literal_check() and
 * is read past a UTF-8 byte order mark. Pure but for reading files; any thread. */
#ifndef SIGNAGE_CFGFILE_H
#define SIGNAGE_CFGFILE_H

#include <libconfig.h>

#include "base/util.h"

#define CFGFILE_MAX_DEPTH 10 /* @include nesting */

/* A run of lines of the whole text that come from one file. */
struct cfgfile_span {
    int first_line; /* in the whole text, 1-based */
    int n_lines;
    int file;      /* index into files */
    int file_line; /* its line there */
};

struct cfgfile {
    char *text;   /* the whole text, NUL-ended */
    char **files; /* files[0] is the path read; then each included file */
    int n_files;
    struct cfgfile_span *spans;
    int n_spans, cap_spans;
};

/* Reads path and what it includes into f (zeroed by the call); what names
 * the file in messages ("playlist file"). Every file must be UTF-8 text.
 * Returns 0, or -1 after adding one "file:line: ..." line per problem to d
 * (f must be freed either way). */
int cfgfile_read(struct cfgfile *f, const char *path, const char *what, struct diag *d);

/* cfgfile_read() of path into f, then libconfig's parse of the text into
 * cfg (initialised by the caller): the one way a signage module reads a
 * libconfig file. Returns 0, or -1 with one line per problem in d (a syntax
 * error names its own file and line). f and cfg must be freed either way. */
int cfgfile_parse(struct cfgfile *f, config_t *cfg, const char *path, const char *what,
                  struct diag *d);

/* The file and line that line of f->text came from; line 0 or unknown gives
 * files[0] and 0. */
void cfgfile_where(const struct cfgfile *f, int line, const char **file, int *file_line);

/* Writes "file:line" (or "file" for line 0) for a line of f->text into buf. */
char *cfgfile_at(const struct cfgfile *f, int line, char *buf, size_t size);

/* cfgfile_free() of a zeroed f is a no-op. */
void cfgfile_free(struct cfgfile *f);

#endif
