#include "config/notice_law.h"

#include <ctype.h>
#include <libconfig.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Letters, digits and '-' only: an id names a folder, never a path. */
static bool valid_id(const char *id)
{
    if (!id[0] || strlen(id) > 32)
        return false;
    for (const char *p = id; *p; p++)
        if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
            return false;
    return true;
}

static char *string_of(config_setting_t *g, const char *key, const char *file, bool required,
                       struct diag *d)
{
    config_setting_t *c = config_setting_get_member(g, key);
    if (!c) {
        if (required)
            diag_add(d, "%s:%d: law.%s: missing", file, config_setting_source_line(g), key);
        return xstrdup("");
    }
    const char *v = config_setting_get_string(c);
    if (!v) {
        diag_add(d, "%s:%d: law.%s: must be a string", file, config_setting_source_line(c), key);
        return xstrdup("");
    }
    return xstrdup(v);
}

static double inches_of(config_setting_t *g, const char *key, const char *file, struct diag *d)
{
    config_setting_t *c = config_setting_get_member(g, key);
    if (!c)
        return 0; /* the law sets none */
    int t = config_setting_type(c);
    double v = t == CONFIG_TYPE_FLOAT ? config_setting_get_float(c)
               : t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64
                   ? (double)config_setting_get_int64(c)
                   : -1;
    if (!(v >= 0 && v <= 1000)) {
        diag_add(d, "%s:%d: law.%s: must be a number from 0 (none) to 1000", file,
                 config_setting_source_line(c), key);
        return 0;
    }
    return v;
}

int notice_law_load(struct notice_law *law, const char *notice_dir, const char *id,
                    const char *config_path, struct diag *d)
{
    memset(law, 0, sizeof(*law));
    int before = d->n_lines;
    law->id = xstrdup(id);
    if (!valid_id(id)) {
        diag_add(d, "%s: notice.law: \"%s\" is not a law's name (lower-case letters, digits, '-')",
                 config_path ? config_path : "config", id);
        return -1;
    }
    law->dir = path_join(notice_dir, id);
    char *file = path_join(law->dir, "law.cfg");
    config_t cfg;
    config_init(&cfg);
    if (!path_is_file(file)) {
        diag_add(d, "%s: notice.law: \"%s\": no law file %s (see media/notice/SOURCES.md)",
                 config_path ? config_path : "config", id, file);
        goto out;
    }
    if (!config_read_file(&cfg, file)) {
        diag_add(d, "%s:%d: %s", file, config_error_line(&cfg), config_error_text(&cfg));
        goto out;
    }
    config_setting_t *g = config_lookup(&cfg, "law");
    if (!g || !config_setting_is_group(g)) {
        diag_add(d, "%s: law: missing (law = { name = \"...\"; ... };)", file);
        goto out;
    }
    law->name = string_of(g, "name", file, true, d);
    law->amended = string_of(g, "amended", file, false, d);
    law->languages_note = string_of(g, "languages_note", file, false, d);
    law->size_note = string_of(g, "size_note", file, false, d);
    law->texts_from = string_of(g, "texts_from", file, false, d);
    law->penalty = string_of(g, "penalty", file, false, d);
    law->min_width_in = inches_of(g, "min_width_in", file, d);
    law->min_height_in = inches_of(g, "min_height_in", file, d);
    law->min_type_pt = inches_of(g, "min_type_pt", file, d);
    config_setting_t *langs = config_setting_get_member(g, "languages");
    int n = langs && config_setting_is_array(langs) ? config_setting_length(langs) : -1;
    if (n < 1) {
        diag_add(d, "%s:%d: law.languages: must be a list of language tags [\"en\", \"es\"]", file,
                 langs ? config_setting_source_line(langs) : config_setting_source_line(g));
        n = 0;
    }
    law->languages = xcalloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++) {
        const char *tag = config_setting_get_string_elem(langs, i);
        if (tag && tag[0])
            law->languages[i] = xstrdup(tag);
        else
            diag_add(d, "%s:%d: law.languages: entry %d is not a string", file,
                     config_setting_source_line(langs), i + 1);
        if (!law->languages[i])
            break;
    }
out:
    config_destroy(&cfg);
    free(file);
    return d->n_lines > before ? -1 : 0;
}

void notice_law_free(struct notice_law *law)
{
    for (int i = 0; law->languages && law->languages[i]; i++)
        free(law->languages[i]);
    free(law->languages);
    free(law->id);
    free(law->dir);
    free(law->name);
    free(law->amended);
    free(law->languages_note);
    free(law->size_note);
    free(law->texts_from);
    free(law->penalty);
    memset(law, 0, sizeof(*law));
}

bool notice_law_requires(const struct notice_law *law, const char *lang)
{
    for (int i = 0; law->languages && law->languages[i]; i++)
        if (strcmp(law->languages[i], lang) == 0)
            return true;
    return false;
}
