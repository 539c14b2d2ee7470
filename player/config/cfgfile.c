#include "config/cfgfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/literal.h"

struct builder {
    struct cfgfile *f;
    const char *what;
    char *out;
    size_t len, cap;
    int line; /* lines written to out so far */
    struct diag *d;
    int errors;
};

static void put(struct builder *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->out = xrealloc(b->out, b->cap);
    }
    memcpy(b->out + b->len, s, n);
    b->len += n;
    b->out[b->len] = '\0';
}

/* Lines [file_line, file_line + n) of file come next in the whole text. */
static void add_span(struct builder *b, int file, int file_line, int n)
{
    struct cfgfile *f = b->f;
    if (n <= 0)
        return;
    if (f->n_spans == f->cap_spans) {
        f->cap_spans = f->cap_spans ? f->cap_spans * 2 : 8;
        f->spans = xrealloc(f->spans, (size_t)f->cap_spans * sizeof(f->spans[0]));
    }
    f->spans[f->n_spans++] = (struct cfgfile_span){b->line + 1, n, file, file_line};
    b->line += n;
}

/* The file name of an "@include" line, into name; false when line is none. */
static bool include_of(const char *line, size_t n, char *name, size_t size)
{
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (n - i < 9 || strncmp(line + i, "@include", 8) != 0)
        return false;
    i += 8;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i >= n || line[i] != '"')
        return false;
    size_t start = ++i;
    while (i < n && line[i] != '"')
        i++;
    if (i >= n || i - start >= size)
        return false;
    memcpy(name, line + start, i - start);
    name[i - start] = '\0';
    return true;
}

static void read_one(struct builder *b, const char *path, int depth, const char *from,
                     int from_line)
{
    struct cfgfile *f = b->f;
    char why[200];
    char *text = file_read(path, FILE_MAX_CFG, NULL, why, sizeof(why));
    if (!text) {
        if (from)
            diag_add(b->d, "%s:%d: @include \"%s\": %s", from, from_line, path, why);
        else
            diag_add(b->d, "%s: cannot read %s: %s", path, b->what, why);
        b->errors++;
        return;
    }
    f->files = xrealloc(f->files, (size_t)(f->n_files + 1) * sizeof(char *));
    int me = f->n_files++;
    f->files[me] = xstrdup(path);
    size_t valid = utf8_valid_len(text);
    if (text[valid]) {
        int at = 1;
        for (size_t i = 0; i < valid; i++)
            at += text[i] == '\n';
        diag_add(b->d, "%s:%d: not UTF-8 text (byte 0x%02X); save the file as UTF-8", path, at,
                 (unsigned char)text[valid]);
        b->errors++;
    }
    b->errors += literal_check(text, path, b->d);
    char *dir = path_dirname(path);
    const char *p = literal_skip_bom(text);
    int line = 1, run_start = 1;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char name[1024];
        if (include_of(p, n, name, sizeof(name))) {
            add_span(b, me, run_start, line - run_start);
            if (depth >= CFGFILE_MAX_DEPTH) {
                diag_add(b->d, "%s:%d: @include \"%s\": more than %d levels of @include", path,
                         line, name, CFGFILE_MAX_DEPTH);
                b->errors++;
            } else {
                char *inc = path_join(dir, name); /* from the including file's folder */
                read_one(b, inc, depth + 1, path, line);
                free(inc);
            }
            if (b->len > 0 && b->out[b->len - 1] != '\n') /* no newline at its end */
                put(b, "\n", 1);
            put(b, "\n", 1); /* the @include line itself, kept as a blank line */
            add_span(b, me, line, 1);
            run_start = line + 1;
        } else {
            put(b, p, n);
            if (nl)
                put(b, "\n", 1);
        }
        if (!nl)
            break;
        p = nl + 1;
        line++;
    }
    add_span(b, me, run_start, line - run_start + (*p ? 1 : 0));
    free(dir);
    free(text);
}

int cfgfile_read(struct cfgfile *f, const char *path, const char *what, struct diag *d)
{
    memset(f, 0, sizeof(*f));
    struct builder b = {.f = f, .what = what, .d = d};
    read_one(&b, path, 0, NULL, 0);
    if (!b.out)
        b.out = xstrdup("");
    f->text = b.out;
    if (f->n_files == 0) { /* the file itself could not be read */
        f->files = xcalloc(1, sizeof(char *));
        f->files[f->n_files++] = xstrdup(path);
    }
    return b.errors ? -1 : 0;
}

void cfgfile_where(const struct cfgfile *f, int line, const char **file, int *file_line)
{
    *file = f->n_files ? f->files[0] : "";
    *file_line = 0;
    for (int i = 0; i < f->n_spans; i++) {
        const struct cfgfile_span *s = &f->spans[i];
        if (line >= s->first_line && line < s->first_line + s->n_lines) {
            *file = f->files[s->file];
            *file_line = s->file_line + (line - s->first_line);
            return;
        }
    }
}

char *cfgfile_at(const struct cfgfile *f, int line, char *buf, size_t size)
{
    const char *file;
    int file_line;
    cfgfile_where(f, line, &file, &file_line);
    if (file_line > 0)
        snprintf(buf, size, "%s:%d", file, file_line);
    else
        snprintf(buf, size, "%s", file);
    return buf;
}

void cfgfile_free(struct cfgfile *f)
{
    free(f->text);
    for (int i = 0; i < f->n_files; i++)
        free(f->files[i]);
    free(f->files);
    free(f->spans);
    memset(f, 0, sizeof(*f));
}

int cfgfile_parse(struct cfgfile *f, config_t *cfg, const char *path, const char *what,
                  struct diag *d)
{
    if (cfgfile_read(f, path, what, d) < 0)
        return -1;
    if (config_read_string(cfg, f->text))
        return 0;
    char at[1100];
    diag_add(d, "%s: %s", cfgfile_at(f, config_error_line(cfg), at, sizeof(at)),
             config_error_text(cfg));
    return -1;
}
