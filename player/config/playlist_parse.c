#include "config/playlist_parse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pl_problem(struct pl_ctx *x, config_setting_t *at, const char *id, const char *setting,
                const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = at ? config_setting_source_line(at) : 0;
    char where[160] = "";
    if (id)
        snprintf(where, sizeof(where), "item \"%s\": ", id);
    char file_line[1100];
    if (line > 0)
        snprintf(file_line, sizeof(file_line), "%s:%d", x->file, line);
    else
        snprintf(file_line, sizeof(file_line), "%s", x->file);
    diag_add(x->d, "%s: %s%s%s%s", file_line, where, setting ? setting : "", setting ? ": " : "",
             msg);
    x->errors++;
}

bool pl_is_number(config_setting_t *c)
{
    int t = config_setting_type(c);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

double pl_number(config_setting_t *c)
{
    return config_setting_type(c) == CONFIG_TYPE_FLOAT ? config_setting_get_float(c)
                                                       : (double)config_setting_get_int64(c);
}

bool pl_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return false;
    return true;
}

bool pl_valid_lang(const char *s)
{
    size_t i = 0;
    while (isalpha((unsigned char)s[i]))
        i++;
    if (i < 2 || i > 3)
        return false;
    while (s[i] == '-') {
        size_t j = ++i;
        while (isalnum((unsigned char)s[i]))
            i++;
        if (i == j || i - j > 8)
            return false;
    }
    return s[i] == '\0';
}

int pl_lang_rank(const struct playlist *pl, const char *lang)
{
    for (int i = 0; i < pl->n_languages; i++)
        if (strcmp(pl->languages[i], lang) == 0)
            return i;
    return -1;
}
