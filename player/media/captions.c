#include "media/captions.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES (4 << 20)

/* ---- the list ---- */

static void push_cue(struct captions *c, int64_t start_us, int64_t end_us, char *text, int line)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->cues = xrealloc(c->cues, (size_t)c->cap * sizeof(*c->cues));
    }
    c->cues[c->n++] = (struct caption_cue){start_us, end_us, text, line};
}

void captions_free(struct captions *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->cues[i].text);
    free(c->cues);
    memset(c, 0, sizeof(*c));
}

int captions_find(const struct captions *c, int64_t t_us)
{
    /* The last cue starting at or before t: cues are sorted and disjoint. */
    int lo = 0, hi = c->n - 1, found = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->cues[mid].start_us <= t_us) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found >= 0 && t_us < c->cues[found].end_us ? found : -1;
}

int captions_add(struct captions *c, int64_t start_us, int64_t end_us, const char *text)
{
    if (end_us <= start_us)
        return -1;
    if (c->n > 0) {
        struct caption_cue *last = &c->cues[c->n - 1];
        if (start_us < last->start_us)
            return -1;
        if (start_us == last->start_us) { /* a repeat (a stream sent it again): the newer wins */
            free(last->text);
            c->n--;
        } else if (last->end_us > start_us) {
            last->end_us = start_us;
        }
    }
    push_cue(c, start_us, end_us, captions_clean_text(text), 0);
    return 0;
}

void captions_clear_from(struct captions *c, int64_t t_us)
{
    struct caption_cue *last = c->n > 0 ? &c->cues[c->n - 1] : NULL;
    if (last && last->start_us < t_us && t_us < last->end_us)
        last->end_us = t_us;
}

/* ---- text ---- */

static const struct {
    const char *name;
    const char *text;
} entities[] = {
    {"&amp;", "&"},
    {"&lt;", "<"},
    {"&gt;", ">"},
    {"&nbsp;", "\xc2\xa0"},
    {"&lrm;", "\xe2\x80\x8e"},
    {"&rlm;", "\xe2\x80\x8f"},
    {"&quot;", "\""},
    {"&apos;", "'"},
};

char *captions_clean_text(const char *text)
{
    size_t n = strlen(text);
    char *out = xcalloc(1, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *p = text + i;
        if (*p == '<') { /* a tag: <i>, </font>, <c.yellow>, <v Name>, <00:01.000> */
            const char *end = strchr(p, '>');
            if (end) {
                i = (size_t)(end - text) + 1;
                continue;
            }
        }
        if (*p == '{' && p[1] == '\\') { /* an ASS override: {\an8}, {\i1} */
            const char *end = strchr(p, '}');
            if (end) {
                i = (size_t)(end - text) + 1;
                continue;
            }
        }
        if (*p == '\\' && (p[1] == 'N' || p[1] == 'n')) {
            out[o++] = '\n';
            i += 2;
            continue;
        }
        if (*p == '\\' && p[1] == 'h') {
            out[o++] = ' ';
            i += 2;
            continue;
        }
        if (*p == '&') {
            bool done = false;
            for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]) && !done; e++) {
                size_t len = strlen(entities[e].name);
                if (strncmp(p, entities[e].name, len) == 0) {
                    size_t tl = strlen(entities[e].text);
                    memcpy(out + o, entities[e].text, tl); /* never longer than the entity */
                    o += tl;
                    i += len;
                    done = true;
                }
            }
            if (done)
                continue;
        }
        if (*p == '\r') {
            i++;
            continue;
        }
        if (*p == '\n' || *p == ' ' || *p == '\t') {
            /* Blanks at the end of a line, and blank lines, go. */
            size_t j = i;
            while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
                j++;
            if (j < n && text[j] == '\n') {
                while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
                    o--;
                if (o > 0 && out[o - 1] != '\n')
                    out[o++] = '\n';
                i = j + 1;
                continue;
            }
        }
        out[o++] = *p;
        i++;
    }
    while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' ' || out[o - 1] == '\t'))
        o--;
    out[o] = '\0';
    size_t lead = strspn(out, " \t\n");
    if (lead)
        memmove(out, out + lead, o - lead + 1);
    return out;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (len == 0 || s[0] >= 0xf5 || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    if (len == 3 && s[0] == 0xe0 && s[1] < 0xa0)
        return 0; /* overlong */
    if (len == 3 && s[0] == 0xed && s[1] >= 0xa0)
        return 0; /* a surrogate */
    if (len == 4 && ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90)))
        return 0;
    return len;
}

/* ---- timing lines ---- */

/* "[H:]MM:SS,mmm" (SubRip) or "[H:]MM:SS.mmm" (WebVTT); hours optional in
 * WebVTT only. Advances *p. Returns 0 or -1. */
static int parse_time(const char **p, bool vtt, int64_t *us)
{
    long f[3];
    int nf = 0;
    const char *s = *p;
    for (;;) {
        if (*s < '0' || *s > '9')
            return -1;
        char *end;
        errno = 0;
        long v = strtol(s, &end, 10);
        if (errno || end - s > 9)
            return -1;
        if (nf == 3)
            return -1;
        f[nf++] = v;
        s = end;
        if (*s != ':')
            break;
        s++;
    }
    if (nf < 2 || (nf == 2 && !vtt))
        return -1;
    if (*s != ',' && *s != '.')
        return -1;
    s++;
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' ||
        (s[3] >= '0' && s[3] <= '9'))
        return -1;
    long ms = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    long h = nf == 3 ? f[0] : 0, m = f[nf - 2], sec = f[nf - 1];
    if (m > 59 || sec > 59)
        return -1;
    *us = ((int64_t)h * 3600 + m * 60 + sec) * 1000000 + (int64_t)ms * 1000;
    *p = s + 3;
    return 0;
}

/* "start --> end" and, in WebVTT, cue settings after it. */
static int parse_timing(const char *line, bool vtt, int64_t *start, int64_t *end)
{
    const char *p = line + strspn(line, " \t");
    if (parse_time(&p, vtt, start) < 0)
        return -1;
    p += strspn(p, " \t");
    if (strncmp(p, "-->", 3) != 0)
        return -1;
    p += 3;
    p += strspn(p, " \t");
    if (parse_time(&p, vtt, end) < 0)
        return -1;
    return *p == '\0' || *p == ' ' || *p == '\t' ? 0 : -1;
}

static void format_time(int64_t us, bool vtt, char *buf, size_t size)
{
    int64_t ms = us / 1000;
    snprintf(buf, size, "%02lld:%02lld:%02lld%c%03lld", (long long)(ms / 3600000),
             (long long)(ms / 60000 % 60), (long long)(ms / 1000 % 60), vtt ? '.' : ',',
             (long long)(ms % 1000));
}

/* ---- files ---- */

struct parser {
    const char *name;
    char **lines; /* the file cut at '\n', CR removed */
    int n_lines;
    int at; /* next line to read, 0-based */
    bool vtt;
    struct captions *out;
    struct diag *d;
    int errors;
};

static void problem(struct parser *ps, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct parser *ps, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_add(ps->d, "%s:%d: %s", ps->name, line, msg);
    ps->errors++;
}

static bool blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

/* One block (lines up to a blank line) starting at ps->at. */
static void parse_block(struct parser *ps)
{
    int first = ps->at;
    int end = first;
    while (end < ps->n_lines && !blank(ps->lines[end]))
        end++;
    ps->at = end;
    if (ps->vtt &&
        (strncmp(ps->lines[first], "NOTE", 4) == 0 || strncmp(ps->lines[first], "STYLE", 5) == 0 ||
         strncmp(ps->lines[first], "REGION", 6) == 0))
        return;
    /* The timing is the first line, or the second after a number (SubRip)
     * or an identifier (WebVTT). */
    int t = first;
    if (!strstr(ps->lines[t], "-->") && t + 1 < end)
        t++;
    int64_t start, stop;
    if (parse_timing(ps->lines[t], ps->vtt, &start, &stop) < 0) {
        if (strstr(ps->lines[t], "-->"))
            problem(ps, t + 1, "bad timing \"%s\" (want %s)", ps->lines[t],
                    ps->vtt ? "00:00:01.000 --> 00:00:03.500" : "00:00:01,000 --> 00:00:03,500");
        else
            problem(ps, first + 1,
                    "no timing line (\"00:00:01,000 --> 00:00:03,500\") in this caption");
        return;
    }
    char a[32], b[32];
    if (stop <= start) {
        format_time(stop, ps->vtt, a, sizeof(a));
        format_time(start, ps->vtt, b, sizeof(b));
        problem(ps, t + 1, "ends (%s) before it starts (%s)", a, b);
        return;
    }
    if (ps->out->n > 0) {
        const struct caption_cue *prev = &ps->out->cues[ps->out->n - 1];
        char where[48];
        snprintf(where, sizeof(where), "line %d", prev->line);
        if (start < prev->start_us) {
            format_time(start, ps->vtt, a, sizeof(a));
            problem(ps, t + 1, "starts (%s) before the caption above it (%s): times go backwards",
                    a, where);
            return;
        }
        if (start < prev->end_us) {
            format_time(prev->end_us, ps->vtt, a, sizeof(a));
            problem(ps, t + 1, "overlaps the caption above it (%s, which ends at %s)", where, a);
            return;
        }
    }
    size_t len = 1;
    for (int i = t + 1; i < end; i++)
        len += strlen(ps->lines[i]) + 1;
    char *raw = xcalloc(1, len);
    for (int i = t + 1; i < end; i++) {
        strcat(raw, ps->lines[i]);
        if (i + 1 < end)
            strcat(raw, "\n");
    }
    push_cue(ps->out, start, stop, captions_clean_text(raw), t + 1);
    free(raw);
}

int captions_parse(const char *name, const char *data, size_t len, struct captions *out,
                   struct diag *d)
{
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) { /* a byte-order mark */
        data += 3;
        len -= 3;
    }
    if (memchr(data, '\0', len)) {
        diag_add(d, "%s: a binary file, not captions (SubRip .srt or WebVTT .vtt)", name);
        return -1;
    }
    int line = 1;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq((const unsigned char *)data + i, len - i);
        if (!k) {
            diag_add(d, "%s:%d: not UTF-8 text (save the file as UTF-8)", name, line);
            return -1;
        }
        line += data[i] == '\n';
        i += k;
    }
    struct parser ps = {.name = name, .out = out, .d = d};
    char *copy = xcalloc(1, len + 1);
    memcpy(copy, data, len);
    ps.lines = xcalloc((size_t)line + 1, sizeof(char *));
    for (char *p = copy; p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t l = strlen(p);
        if (l && p[l - 1] == '\r')
            p[l - 1] = '\0';
        ps.lines[ps.n_lines++] = p;
        p = nl ? nl + 1 : NULL;
    }
    int first = 0;
    while (first < ps.n_lines && blank(ps.lines[first]))
        first++;
    if (first == ps.n_lines) {
        diag_add(d, "%s: empty, no captions in it", name);
        ps.errors++;
        goto out;
    }
    ps.vtt =
        strncmp(ps.lines[first], "WEBVTT", 6) == 0 &&
        (ps.lines[first][6] == '\0' || ps.lines[first][6] == ' ' || ps.lines[first][6] == '\t');
    ps.at = first;
    if (ps.vtt) /* the header block: WEBVTT and its metadata lines */
        while (ps.at < ps.n_lines && !blank(ps.lines[ps.at]))
            ps.at++;
    for (;;) {
        while (ps.at < ps.n_lines && blank(ps.lines[ps.at]))
            ps.at++;
        if (ps.at >= ps.n_lines)
            break;
        parse_block(&ps);
    }
    if (!ps.errors && out->n == 0) {
        diag_add(d, "%s: no captions in it", name);
        ps.errors++;
    }

out:
    free(ps.lines);
    free(copy);
    return ps.errors ? -1 : 0;
}

int captions_load(const char *path, const char *name, struct captions *out, struct diag *d)
{
    if (!name)
        name = path;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_add(d, "%s: %s", name, errno == ENOENT ? "no such file" : strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_add(d, "%s: not a regular file", name);
        fclose(fp);
        return -1;
    }
    if (st.st_size > MAX_FILE_BYTES) {
        diag_add(d, "%s: %lld bytes, too large for captions (4 MiB at most)", name,
                 (long long)st.st_size);
        fclose(fp);
        return -1;
    }
    char *buf = xcalloc(1, (size_t)st.st_size + 1);
    size_t n = fread(buf, 1, (size_t)st.st_size, fp);
    int rc;
    if (ferror(fp)) {
        diag_add(d, "%s: cannot read: %s", name, strerror(errno));
        rc = -1;
    } else {
        rc = captions_parse(name, buf, n, out, d);
    }
    fclose(fp);
    free(buf);
    return rc;
}
