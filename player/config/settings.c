#include "config/settings.h"

#include <libconfig.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/log.h"
#include "config/cfgfile.h"
#include "config/when.h"

/* S_GROUP: a group another module reads and checks (its bool field says
 * whether the file has it). S_PATHS: a list of paths. S_LIST: a list of strings. S_NUMBERS: one
 * number, or a list or array of numbers, into a struct setting_numbers; its
 * choices give the counts allowed ("|1|24|"). A string's max, when not 0,
 * is its longest length in bytes. */
enum setting_type {
    S_STRING,
    S_PATH,
    S_PATHS,
    S_INT,
    S_FLOAT,
    S_BOOL,
    S_LIST,
    S_NUMBERS,
    S_HOURS, /* a list of local hour ranges "HH:MM-HH:MM" (when.h) */
    S_GROUP,
};

struct setting_def {
    const char *name; /* dotted path in the config file */
    enum setting_type type;
    size_t offset;       /* into struct settings */
    double min, max;     /* for S_INT and S_FLOAT */
    const char *def;     /* default, as text */
    const char *choices; /* "|a|b|c|" for strings with a fixed set, counts for S_NUMBERS */
};

#define F(field) offsetof(struct settings, field)

static const struct setting_def setting_defs[] = {
    {"screen_id", S_STRING, F(screen_id), 0, 200, "screen-1", NULL},
    {"playlist", S_PATH, F(playlist), 0, 0, "playlists/default.cfg", NULL},
    {"playlists", S_PATHS, F(playlists), 0, 0, "", NULL},
    {"media_root", S_PATH, F(media_root), 0, 0, "", NULL},
    {"ledger", S_PATH, F(ledger), 0, 0, "signage-ledger.db", NULL},
    {"log_level", S_STRING, F(log_level), 0, 0, "info", "|error|warn|info|debug|"},
    {"timezone", S_STRING, F(timezone), 0, 0, "", NULL},
    {"fit", S_STRING, F(fit), 0, 0, "letterbox", "|letterbox|fill|stretch|"},
    {"font", S_STRING, F(font), 0, 0, "", NULL},
    {"fallback_seconds", S_FLOAT, F(fallback_s), 1, 3600, "10", NULL},
    {"display.index", S_INT, F(display_index), 0, 15, "0", NULL},
    {"display.rotation", S_INT, F(rotation), 0, 270, "0", "|0|90|180|270|"},
    {"display.width_mm", S_INT, F(width_mm), 0, 100000, "0", NULL},
    {"display.height_mm", S_INT, F(height_mm), 0, 100000, "0", NULL},
    {"display.vsync", S_BOOL, F(vsync), 0, 0, "true", NULL},
    {"display.renderer", S_STRING, F(renderer), 0, 0, "", NULL},
    {"display.hwdec", S_STRING, F(hwdec), 0, 0, "auto", "|auto|vaapi|v4l2m2m|none|"},
    {"display.hwdec_device", S_STRING, F(hwdec_device), 0, 0, "", NULL},
    {"audience.per_hour", S_NUMBERS, F(audience_per_hour), 0, 1e9, "", "|1|24|"},
    {"audience.method", S_STRING, F(audience_method), 0, 0, "prorated", "|prorated|dwell|"},
    {"notice.mode", S_STRING, F(notice_mode), 0, 0, "off", "|off|zone|slot|"},
    {"notice.languages", S_LIST, F(notice_languages), 0, 0, "en,es", NULL},
    {"notice.dir", S_PATH, F(notice_dir), 0, 0, "media/notice", NULL},
    {"notice.law", S_STRING, F(notice_law), 0, 0, "us-ca", NULL},
    {"notice.qr", S_STRING, F(notice_qr), 0, 2331, "", NULL},
    {"notice.position", S_STRING, F(notice_position), 0, 0, "auto", "|auto|right|bottom|"},
    {"notice.every", S_FLOAT, F(notice_every_s), 10, 86400, "300", NULL},
    {"notice.duration", S_FLOAT, F(notice_duration_s), 1, 3600, "20", NULL},
    {"notice.cycle", S_FLOAT, F(notice_cycle_s), 2, 3600, "20", NULL},
    {"content.url", S_STRING, F(content_url), 0, 0, "", NULL},
    {"content.public_key", S_STRING, F(content_public_key), 0, 0, "", NULL},
    {"content.dir", S_PATH, F(content_dir), 0, 0, "/var/lib/signage/content", NULL},
    {"content.group", S_STRING, F(content_group), 0, 0, "", NULL},
    {"content.every", S_FLOAT, F(content_every_s), 1, 86400, "300", NULL},
    {"content.max_kbps", S_INT, F(content_max_kbps), 0, 10000000, "0", NULL},
    {"display.driver", S_STRING, F(video_driver), 0, 0, "auto", "|auto|kmsdrm|x11|wayland|"},
    {"status_file", S_PATH, F(status_file), 0, 0, "", NULL},
    {"screen.on", S_LIST, F(screen_on), 0, 0, "", NULL},
    {"screen.days", S_LIST, F(screen_days), 0, 0, "", NULL},
    {"screen.off_command", S_STRING, F(screen_off_command), 0, 0, "", NULL},
    {"screen.on_command", S_STRING, F(screen_on_command), 0, 0, "", NULL},
    {"screen.dpms", S_BOOL, F(screen_dpms), 0, 0, "true", NULL},
    {"screenshots.every", S_FLOAT, F(shots_every_s), 0, 86400, "0", NULL},
    {"screenshots.dir", S_PATH, F(shots_dir), 0, 0, "", NULL},
    {"screenshots.keep", S_INT, F(shots_keep), 1, 100000, "96", NULL},
    {"kiosk", S_GROUP, F(kiosk), 0, 0, "false", NULL}, /* kiosk/flow.c reads it */
    {"alerts.feed", S_PATH, F(alerts_feed), 0, 0, "", NULL},
    {"alerts.every", S_FLOAT, F(alerts_every_s), 1, 86400, "60", NULL},
    {"alerts.area.geocodes", S_LIST, F(alerts_geocodes), 0, 0, "", NULL},
    {"alerts.area.point", S_NUMBERS, F(alerts_point), -180, 180, "", "|2|"},
    {"alerts.min_severity", S_STRING, F(alerts_min_severity), 0, 0, "Severe",
     "|Extreme|Severe|Moderate|Minor|Unknown|"},
    {"alerts.min_urgency", S_STRING, F(alerts_min_urgency), 0, 0, "Expected",
     "|Immediate|Expected|Future|Past|Unknown|"},
    {"alerts.show_tests", S_BOOL, F(alerts_show_tests), 0, 0, "false", NULL},
    {"alerts.cycle", S_FLOAT, F(alerts_cycle_s), 2, 600, "10", NULL},
    {"central.url", S_STRING, F(central_url), 0, 0, "", NULL},
    {"central.every", S_FLOAT, F(central_every_s), 0.1, 86400, "30", NULL},
    {"audio.enabled", S_BOOL, F(audio_enabled), 0, 0, "false", NULL},
    {"audio.volume", S_FLOAT, F(audio_volume), 0, 1, "0.8", NULL},
    {"audio.quiet", S_HOURS, F(audio_quiet), 0, 0, "", NULL},
    {"audio.quiet_volume", S_FLOAT, F(audio_quiet_volume), 0, 1, "0", NULL},
    {"captions.show", S_STRING, F(captions_show), 0, 0, "when_muted", "|always|when_muted|never|"},
};

#define N_DEFS (sizeof(setting_defs) / sizeof(setting_defs[0]))

static void *field_of(struct settings *s, const struct setting_def *def)
{
    return (char *)s + def->offset;
}

/* "|a|b|c|" as "a<sep>b<sep>c", for messages; caller frees. */
static char *choices_text(const char *choices, const char *sep)
{
    char *out = xstrdup("");
    const char *p = choices + 1;
    while (*p) {
        const char *bar = strchr(p, '|');
        char *next = xasprintf("%s%s%.*s", out, out[0] ? sep : "", (int)(bar - p), p);
        free(out);
        out = next;
        p = bar + 1;
    }
    return out;
}

static bool in_choices(const char *choices, const char *v)
{
    if (!choices)
        return true;
    if (!v[0] || strchr(v, '|')) /* "warn|info" would match inside "|warn|info|" */
        return false;
    char *key = xasprintf("|%s|", v);
    bool ok = strstr(choices, key) != NULL;
    free(key);
    return ok;
}

static void list_free(char ***field)
{
    for (char **p = *field; p && *p; p++)
        free(*p);
    free(*field);
    *field = NULL;
}

/* A NULL-ended list from a default written "a,b" ("" = empty). */
static char **list_split(const char *text)
{
    int n = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    char **list = xcalloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++) {
        const char *comma = strchr(text, ',');
        size_t len = comma ? (size_t)(comma - text) : strlen(text);
        list[i] = xcalloc(1, len + 1);
        memcpy(list[i], text, len);
        text += len + 1;
    }
    return list;
}

static void set_string(char **field, const char *v)
{
    free(*field);
    *field = xstrdup(v);
}

void settings_defaults(struct settings *s)
{
    memset(s, 0, sizeof(*s));
    s->screen_when = when_always();
    for (size_t i = 0; i < N_DEFS; i++) {
        const struct setting_def *def = &setting_defs[i];
        void *f = field_of(s, def);
        switch (def->type) {
        case S_STRING:
            set_string(f, def->def);
            break;
        case S_PATH: /* the source tree's file, else the installed one */
            *(char **)f = datadir_resolve(def->def);
            break;
        case S_LIST:
        case S_PATHS:
        case S_HOURS:
            *(char ***)f = list_split(def->def);
            break;
        case S_INT:
            *(int *)f = atoi(def->def);
            break;
        case S_FLOAT:
            *(double *)f = strtod(def->def, NULL);
            break;
        case S_BOOL:
        case S_GROUP:
            *(bool *)f = strcmp(def->def, "true") == 0;
            break;
        case S_NUMBERS:
            ((struct setting_numbers *)f)->n = 0; /* defaults are "none" */
            break;
        }
    }
}

void settings_free(struct settings *s)
{
    for (size_t i = 0; i < N_DEFS; i++) {
        const struct setting_def *def = &setting_defs[i];
        if (def->type == S_STRING || def->type == S_PATH) {
            char **f = field_of(s, def);
            free(*f);
            *f = NULL;
        } else if (def->type == S_LIST || def->type == S_PATHS || def->type == S_HOURS) {
            list_free(field_of(s, def));
        }
    }
    free(s->path);
    s->path = NULL;
}

static const struct setting_def *find_def(const char *name)
{
    for (size_t i = 0; i < N_DEFS; i++)
        if (strcmp(setting_defs[i].name, name) == 0)
            return &setting_defs[i];
    return NULL;
}

static bool is_group_prefix(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < N_DEFS; i++)
        if (strncmp(setting_defs[i].name, name, n) == 0 && setting_defs[i].name[n] == '.')
            return true;
    return false;
}

/* Reports every setting in the file that the table does not know. */
/* The file and line c was written on (an included file's when it was). */
static const char *where_of(const struct cfgfile *src, config_setting_t *c, int *line)
{
    const char *file;
    cfgfile_where(src, config_setting_source_line(c), &file, line);
    return file;
}

static void check_unknown(const struct cfgfile *src, config_setting_t *group, const char *prefix,
                          struct diag *d)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        config_setting_t *c = config_setting_get_elem(group, (unsigned)i);
        char *name = prefix[0] ? xasprintf("%s.%s", prefix, config_setting_name(c))
                               : xstrdup(config_setting_name(c));
        const struct setting_def *def = find_def(name);
        if (def && def->type == S_GROUP)
            ; /* its module checks what is inside */
        else if (config_setting_is_group(c) && is_group_prefix(name))
            check_unknown(src, c, name, d);
        else if (!def || is_group_prefix(name)) {
            int line;
            const char *file = where_of(src, c, &line);
            diag_add(d, "%s:%d: %s: unknown setting", file, line, name);
        }
        free(name);
    }
}

static const char *type_name(enum setting_type t)
{
    switch (t) {
    case S_STRING:
    case S_PATH:
        return "a string";
    case S_PATHS:
        return "a list of file names [\"a.cfg\", \"b.cfg\"]";
    case S_INT:
        return "an integer";
    case S_FLOAT:
        return "a number";
    case S_BOOL:
        return "true or false";
    case S_NUMBERS:
        return "a number or a list of numbers";
    case S_LIST:
        return "a list of strings [\"a\", \"b\"]";
    case S_HOURS:
        return "a list of hour ranges [\"22:00-07:00\"]";
    case S_GROUP:
        return "a group { ... }";
    }
    return "?";
}

bool settings_number_of(const config_setting_t *c, double *v)
{
    int t = config_setting_type(c);
    if (t == CONFIG_TYPE_FLOAT)
        *v = config_setting_get_float(c);
    else if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
        *v = (double)config_setting_get_int64(c);
    else
        return false;
    return true;
}

/* A number, or an array or list of numbers, each in range, in an allowed count. */
static int load_numbers(struct setting_numbers *out, const struct setting_def *def,
                        config_setting_t *c, const struct cfgfile *src, struct diag *d)
{
    int line;
    const char *file = where_of(src, c, &line);
    struct setting_numbers got = {0};
    bool aggregate = config_setting_is_aggregate(c);
    int n = aggregate ? config_setting_length(c) : 1;
    if (n > SETTINGS_NUMBERS_MAX)
        n = SETTINGS_NUMBERS_MAX + 1; /* reported below as a bad count */
    for (int i = 0; i < n && i < SETTINGS_NUMBERS_MAX; i++) {
        config_setting_t *e = aggregate ? config_setting_get_elem(c, (unsigned)i) : c;
        if (!settings_number_of(e, &got.v[i])) {
            diag_add(d, "%s:%d: %s: must be %s", file, line, def->name, type_name(def->type));
            return -1;
        }
        if (!(got.v[i] >= def->min && got.v[i] <= def->max)) {
            diag_add(d, "%s:%d: %s: %g is out of range %g..%g", file, line, def->name, got.v[i],
                     def->min, def->max);
            return -1;
        }
    }
    char count[16];
    snprintf(count, sizeof(count), "%d", n);
    if (!in_choices(def->choices, count)) {
        char *list = choices_text(def->choices, "/");
        diag_add(d, "%s:%d: %s: has %d values, must have %s", file, line, def->name, n, list);
        free(list);
        return -1;
    }
    got.n = n;
    *out = got;
    return 0;
}

static int load_one(struct settings *s, const struct setting_def *def, config_setting_t *c,
                    const struct cfgfile *src, const char *dir, struct diag *d)
{
    int line;
    const char *file = where_of(src, c, &line);
    int t = config_setting_type(c);
    void *f = field_of(s, def);

    switch (def->type) {
    case S_STRING:
    case S_PATH: {
        if (t != CONFIG_TYPE_STRING)
            break;
        const char *v = config_setting_get_string(c);
        if (def->max > 0 && strlen(v) > def->max) {
            diag_add(d, "%s:%d: %s: is longer than %.0f bytes%s", file, line, def->name, def->max,
                     def->offset == F(notice_qr) ? ", what a QR code holds" : "");
            return -1;
        }
        if (!in_choices(def->choices, v)) {
            char *list = choices_text(def->choices, ",");
            diag_add(d, "%s:%d: %s: \"%s\" is not one of %s", file, line, def->name, v, list);
            free(list);
            return -1;
        }
        if (def->type == S_PATH && v[0] && !strstr(v, "://")) /* a URL stays as written */
            *(char **)f = (free(*(char **)f), path_join(dir, v));
        else
            set_string(f, v);
        return 0;
    }
    case S_LIST:
    case S_PATHS:
    case S_HOURS: {
        if (!config_setting_is_array(c) && !config_setting_is_list(c))
            break;
        int n = config_setting_length(c);
        char **list = xcalloc((size_t)n + 1, sizeof(char *));
        for (int i = 0; i < n; i++) {
            const char *v = config_setting_get_string_elem(c, i);
            struct when_hours hours;
            if (!v || !v[0]) {
                diag_add(d, "%s:%d: %s: entry %d %s", file, line, def->name, i + 1,
                         def->type == S_PATHS ? "is not a file name"
                                              : "must be a non-empty string");
                list_free(&list);
                return -1;
            }
            for (int j = 0; j < i; j++) {
                if (strcmp(config_setting_get_string_elem(c, j), v) == 0) {
                    diag_add(d, "%s:%d: %s: \"%s\" is given twice", file, line, def->name, v);
                    list_free(&list);
                    return -1;
                }
            }
            if (def->type == S_HOURS && when_parse_hours(v, &hours) < 0) {
                diag_add(d, "%s:%d: %s: \"%s\" is not an hour range like \"22:00-07:00\"", file,
                         line, def->name, v);
                list_free(&list);
                return -1;
            }
            list[i] = def->type == S_PATHS ? path_join(dir, v) : xstrdup(v);
        }
        list_free(f);
        *(char ***)f = list;
        return 0;
    }
    case S_INT: {
        if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
            break;
        long long v = config_setting_get_int64(c);
        char buf[32];
        snprintf(buf, sizeof(buf), "%lld", v);
        if (v < def->min || v > def->max || !in_choices(def->choices, buf)) {
            if (def->choices) {
                char *list = choices_text(def->choices, ", ");
                diag_add(d, "%s:%d: %s: %lld is not one of %s", file, line, def->name, v, list);
                free(list);
            } else
                diag_add(d, "%s:%d: %s: %lld is out of range %.0f..%.0f", file, line, def->name, v,
                         def->min, def->max);
            return -1;
        }
        *(int *)f = (int)v;
        return 0;
    }
    case S_FLOAT: {
        double v;
        if (!settings_number_of(c, &v))
            break;
        if (!(v >= def->min && v <= def->max)) {
            diag_add(d, "%s:%d: %s: %g is out of range %g..%g", file, line, def->name, v, def->min,
                     def->max);
            return -1;
        }
        *(double *)f = v;
        return 0;
    }
    case S_BOOL:
        if (t != CONFIG_TYPE_BOOL)
            break;
        *(bool *)f = config_setting_get_bool(c);
        return 0;
    case S_NUMBERS:
        return load_numbers(f, def, c, src, d);
    case S_GROUP:
        if (!config_setting_is_group(c))
            break;
        *(bool *)f = true;
        return 0;
    }
    diag_add(d, "%s:%d: %s: must be %s", file, line, def->name, type_name(def->type));
    return -1;
}

/* screen.on and screen.days (read by the table as lists of strings) as a
 * window in the screen's time zone, as a playlist's `when` reads them; a
 * window that never opens is an error, not a screen dark for ever. */
static void load_screen_hours(struct settings *s, config_t *cfg, const char *file, struct diag *d)
{
    struct when w = when_always();
    config_setting_t *on = config_lookup(cfg, "screen.on");
    config_setting_t *days = config_lookup(cfg, "screen.days");
    int before = d->n_lines;
    for (int i = 0; s->screen_on[i]; i++) {
        if (i == WHEN_MAX_HOURS) {
            diag_add(d, "%s:%d: screen.on: at most %d hour ranges", file,
                     config_setting_source_line(on), WHEN_MAX_HOURS);
            break;
        }
        if (when_parse_hours(s->screen_on[i], &w.hours[w.n_hours]) < 0)
            diag_add(d, "%s:%d: screen.on: \"%s\" is not an hour range \"HH:MM-HH:MM\"", file,
                     config_setting_source_line(on), s->screen_on[i]);
        else
            w.n_hours++;
    }
    if (days) {
        w.days = 0;
        for (int i = 0; s->screen_days[i]; i++) {
            int wday;
            if (when_parse_day(s->screen_days[i], &wday) < 0)
                diag_add(d, "%s:%d: screen.days: \"%s\" is not a day (mon..sun)", file,
                         config_setting_source_line(days), s->screen_days[i]);
            else
                w.days |= (uint8_t)(1u << wday);
        }
    }
    if (d->n_lines > before)
        return;
    if (on && config_setting_length(on) == 0 && !days)
        return; /* screen.on = []: always on */
    w.set = on || days;
    if (w.set && when_week_minutes(&w) == 0) {
        config_setting_t *c = days && !s->screen_days[0] ? days : on ? on : days;
        diag_add(d,
                 "%s:%d: %s: the screen would never be on (no day or hour is open); "
                 "leave screen out to keep it on",
                 file, config_setting_source_line(c), c == days ? "screen.days" : "screen.on");
        return;
    }
    s->screen_when = w;
}

/* What one row of the table cannot say: a latitude's range, and that an
 * alert feed needs the screen's place. */
static void check_alerts(const struct settings *s, config_t *cfg, const char *file, struct diag *d)
{
    config_setting_t *pt = config_lookup(cfg, "alerts.area.point");
    if (pt && s->alerts_point.n == 2 && !(fabs(s->alerts_point.v[0]) <= 90))
        diag_add(d, "%s:%d: alerts.area.point: latitude %g is out of range -90..90 ([lat, lon])",
                 file, config_setting_source_line(pt), s->alerts_point.v[0]);
    config_setting_t *feed = config_lookup(cfg, "alerts.feed");
    if (feed && s->alerts_feed[0] && !s->alerts_point.n &&
        !(s->alerts_geocodes && s->alerts_geocodes[0]))
        diag_add(d,
                 "%s:%d: alerts.area: give geocodes or a point: without them no alert is for "
                 "this screen",
                 file, config_setting_source_line(feed));
}

int settings_load(struct settings *s, const char *path, struct diag *d)
{
    config_t cfg;
    config_init(&cfg);
    int before = d->n_lines;
    char *dir = path_dirname(path);
    struct cfgfile src;

    /* Read here, not by libconfig: see config/cfgfile.h. */
    if (cfgfile_parse(&src, &cfg, path, "config file", d) < 0)
        goto out;
    free(s->path);
    s->path = xstrdup(path);

    check_unknown(&src, config_root_setting(&cfg), "", d);
    for (size_t i = 0; i < N_DEFS; i++) {
        config_setting_t *c = config_lookup(&cfg, setting_defs[i].name);
        if (c)
            load_one(s, &setting_defs[i], c, &src, dir, d);
    }
    check_alerts(s, &cfg, path, d);

    load_screen_hours(s, &cfg, path, d);

out:
    free(dir);
    config_destroy(&cfg);
    cfgfile_free(&src);
    return d->n_lines > before ? -1 : 0;
}

char *settings_status_path(const struct settings *s, const char *ledger)
{
    if (s->status_file[0])
        return xstrdup(s->status_file);
    char *dir = path_dirname(ledger ? ledger : s->ledger);
    char *p = path_join(dir, "status.json");
    free(dir);
    return p;
}

char *settings_shots_dir(const struct settings *s, const char *ledger)
{
    if (s->shots_dir[0])
        return xstrdup(s->shots_dir);
    char *dir = path_dirname(ledger ? ledger : s->ledger);
    char *p = path_join(dir, "screenshots");
    free(dir);
    return p;
}

void settings_audience(const struct settings *s, struct audience *au)
{
    memset(au, 0, sizeof(*au));
    au->n_per_hour = s->audience_per_hour.n;
    for (int i = 0; i < s->audience_per_hour.n && i < 24; i++)
        au->per_hour[i] = s->audience_per_hour.v[i];
    if (audience_method_parse(s->audience_method, &au->method) < 0)
        au->method = AUDIENCE_PRORATED;
}

int fit_mode_parse(const char *name, enum fit_mode *out)
{
    static const char *const names[] = {"letterbox", "fill", "stretch"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum fit_mode)i;
            return 0;
        }
    }
    return -1;
}

const char *fit_mode_name(enum fit_mode fit)
{
    return fit == FIT_FILL ? "fill" : fit == FIT_STRETCH ? "stretch" : "letterbox";
}
