#include "config/literal.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#define NAME_MAX_LEN 64

const char *literal_skip_bom(const char *text)
{
    return strncmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text;
}

static bool name_start(char c)
{
    return isalpha((unsigned char)c) || c == '*';
}

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || (c && strchr("-_*", c)); /* strchr finds the NUL */
}

/* Skips a string, a comment or whitespace at p; returns where it ends, or p
 * when there is none. Counts the lines it passes. */
static const char *skip_noise(const char *p, int *line)
{
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1])
                p++;
            if (*p == '\n')
                (*line)++;
        }
        return *p ? p + 1 : p;
    }
    if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
        while (*p && *p != '\n')
            p++;
        return p;
    }
    if (p[0] == '/' && p[1] == '*') {
        for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
            if (*p == '\n')
                (*line)++;
        return *p ? p + 2 : p;
    }
    return p;
}

/* Reads the number at p (sign, digits, maybe a fraction or exponent, maybe
 * an L suffix) into *end. Returns NULL, or the range it is outside when it
 * is an integer libconfig would misread. */
static const char *misread_integer(const char *p, const char **end)
{
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    if (hex)
        p += 2;
    uint64_t v = 0;
    bool over = false;
    for (; hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p); p++) {
        unsigned dgt = isdigit((unsigned char)*p)
                           ? (unsigned)(*p - '0')
                           : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
        unsigned base = hex ? 16 : 10;
        if (v > (UINT64_MAX - dgt) / base)
            over = true;
        else
            v = v * base + dgt;
    }
    bool is_float = !hex && (*p == '.' || *p == 'e' || *p == 'E');
    while (isalnum((unsigned char)*p) || *p == '.' ||
           ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
        p++;
    *end = p;
    if (is_float)
        return NULL;
    bool long_suffix = p[-1] == 'L' || p[-1] == 'l';
    uint64_t limit = long_suffix ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
    if (hex && !long_suffix)
        limit = 0x7fffffff; /* 0xFFFFFFFF would come back as -1 */
    if (!over && v <= limit + (neg && !hex ? 1 : 0))
        return NULL;
    return long_suffix ? "-9223372036854775808..9223372036854775807" : "-2147483648..2147483647";
}

int literal_check(const char *text, const char *file, struct diag *d)
{
    int line = 1, found = 0;
    char name[NAME_MAX_LEN + 1] = "";
    const char *p = literal_skip_bom(text);
    while (*p) {
        const char *q = skip_noise(p, &line);
        if (q != p) {
            p = q;
            continue;
        }
        if (*p == '\n') {
            line++;
            name[0] = '\0';
            p++;
        } else if (name_start(*p)) {
            size_t n = 0;
            while (name_char(p[n]))
                n++;
            if (n <= NAME_MAX_LEN) {
                memcpy(name, p, n);
                name[n] = '\0';
            }
            p += n;
        } else if (isdigit((unsigned char)*p) ||
                   ((*p == '-' || *p == '+') && isdigit((unsigned char)p[1]))) {
            const char *end, *range = misread_integer(p, &end);
            if (range) {
                found++;
                diag_add(d, "%s:%d: %s%s%.*s is out of range for a whole number (%s)", file, line,
                         name, name[0] ? ": " : "", (int)(end - p > 40 ? 40 : end - p), p, range);
            }
            p = end;
        } else {
            p++;
        }
    }
    return found;
}
