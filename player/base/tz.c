#include "base/tz.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"

#define ZONEINFO      "/usr/share/zoneinfo"
#define MAX_TZIF_SIZE (1 << 20)
#define DAY_S         86400
#define MAX_UTOFF_S   (26 * 3600) /* no zone is further from UTC than 26 h (RFC 8536: 25h59m59s) */

/* One end of a POSIX daylight-saving rule: "Mm.w.d", "Jn" or "n", and a time. */
struct rule_date {
    char kind;      /* 'M' (month, week, weekday), 'J' (1-365, no Feb 29) or 'N' (0-365) */
    int m, w, d, n; /* fields of the form used */
    int32_t time_s; /* local time of day of the change, may be < 0 or > 24 h */
};

/* The TZ string of a TZif footer, e.g. "PST8PDT,M3.2.0,M11.1.0". */
struct posix_rule {
    int32_t std_off, dst_off; /* east positive */
    bool has_dst;
    struct rule_date start, end;
};

struct tz {
    char *name;
    int64_t *trans; /* transition instants, ascending */
    uint8_t *idx;   /* per transition: the type in force from it */
    int n_trans;
    int32_t *utoff; /* per type */
    int n_types;
    bool has_rule; /* footer rule for instants after the last transition */
    struct posix_rule rule;
};

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t tz_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t days, int *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = m;
    *day = d;
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
    return (int)(((days + 4) % 7 + 7) % 7);
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ---- the POSIX TZ rule ---- */

static const char *parse_abbr(const char *p)
{
    if (*p == '<') {
        const char *q = strchr(p, '>');
        return q && q > p + 1 ? q + 1 : NULL;
    }
    const char *q = p;
    while (isalpha((unsigned char)*q))
        q++;
    return q - p >= 3 ? q : NULL;
}

/* [+-]hh[:mm[:ss]] -> seconds; max_h bounds the hours. */
static const char *parse_hms(const char *p, int max_h, int32_t *out)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*p))
        return NULL;
    long v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        char *end;
        if (!isdigit((unsigned char)*p)) /* no sign inside: "1:-9223372036854775808" */
            return NULL;
        v[i] = strtol(p, &end, 10);
        if (end == p)
            return NULL;
        p = end;
        if (*p != ':' || i == 2)
            break;
        p++;
    }
    if (v[0] > max_h || v[1] > 59 || v[2] > 59)
        return NULL;
    *out = (int32_t)(sign * (v[0] * 3600 + v[1] * 60 + v[2]));
    return p;
}

static const char *parse_rule_date(const char *p, struct rule_date *r)
{
    char *end;
    r->time_s = 2 * 3600;
    if (*p == 'M') {
        r->kind = 'M';
        r->m = (int)strtol(p + 1, &end, 10);
        if (*end != '.')
            return NULL;
        r->w = (int)strtol(end + 1, &end, 10);
        if (*end != '.')
            return NULL;
        r->d = (int)strtol(end + 1, &end, 10);
        if (r->m < 1 || r->m > 12 || r->w < 1 || r->w > 5 || r->d < 0 || r->d > 6)
            return NULL;
    } else {
        r->kind = *p == 'J' ? 'J' : 'N';
        const char *q = *p == 'J' ? p + 1 : p;
        if (!isdigit((unsigned char)*q))
            return NULL;
        r->n = (int)strtol(q, &end, 10);
        if (r->n > 365 || (r->kind == 'J' && r->n < 1))
            return NULL;
    }
    p = end;
    if (*p == '/')
        p = parse_hms(p + 1, 167, &r->time_s);
    return p;
}

static int posix_parse(const char *s, struct posix_rule *r)
{
    memset(r, 0, sizeof(*r));
    int32_t v;
    const char *p = parse_abbr(s);
    if (!p || !(p = parse_hms(p, 24, &v)))
        return -1;
    r->std_off = -v;
    if (!*p)
        return 0;
    if (!(p = parse_abbr(p)))
        return -1;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, 24, &v)))
            return -1;
        r->dst_off = -v;
    }
    if (!*p) /* POSIX leaves the default rules to the implementation: US rules */
        p = ",M3.2.0,M11.1.0";
    if (*p != ',' || !(p = parse_rule_date(p + 1, &r->start)))
        return -1;
    if (*p != ',' || !(p = parse_rule_date(p + 1, &r->end)))
        return -1;
    return *p ? -1 : 0;
}

/* Days since the epoch of the day a rule date falls on in year. */
static int64_t rule_day(const struct rule_date *r, int year)
{
    int64_t jan1 = tz_days_from_civil(year, 1, 1);
    if (r->kind == 'J')
        return jan1 + r->n - 1 + (is_leap(year) && r->n >= 60);
    if (r->kind == 'N')
        return jan1 + r->n;
    int64_t first = tz_days_from_civil(year, r->m, 1);
    int64_t next =
        r->m == 12 ? tz_days_from_civil(year + 1, 1, 1) : tz_days_from_civil(year, r->m + 1, 1);
    int64_t day = first + (r->d - weekday(first) + 7) % 7 + 7 * (r->w - 1);
    while (day >= next)
        day -= 7;
    return day;
}

static int32_t posix_offset(const struct posix_rule *r, int64_t utc_s)
{
    if (!r->has_dst)
        return r->std_off;
    int year, month, day;
    tz_civil_from_days(floor_div(utc_s + r->std_off, DAY_S), &year, &month, &day);
    /* Each change is given in the local time in force just before it. */
    int64_t start = rule_day(&r->start, year) * DAY_S + r->start.time_s - r->std_off;
    int64_t end = rule_day(&r->end, year) * DAY_S + r->end.time_s - r->dst_off;
    bool dst = start < end ? (utc_s >= start && utc_s < end) : !(utc_s >= end && utc_s < start);
    return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ---- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars;
};

static size_t block_size(const struct tzif_counts *c, int time_size)
{
    return (size_t)c->time * (size_t)(time_size + 1) + (size_t)c->type * 6 + c->chars +
           (size_t)c->leap * (size_t)(time_size + 4) + c->isstd + c->isut;
}

static int read_header(const uint8_t *p, size_t left, struct tzif_counts *c)
{
    if (left < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    if (c->type == 0 || c->type > 256 || c->time > 100000 || c->chars > 65536 || c->leap > 100000 ||
        (c->isut && c->isut != c->type) || (c->isstd && c->isstd != c->type))
        return -1;
    return 0;
}

struct tz *tz_parse(const char *name, const uint8_t *data, size_t len, char *err, size_t err_size)
{
    struct tz *tz = xcalloc(1, sizeof(*tz));
    tz->name = xstrdup(name);
    const char *why = "not a TZif file";
    struct tzif_counts c;
    if (read_header(data, len, &c) < 0)
        goto fail;
    int version = data[4] ? data[4] - '0' : 1;
    int time_size = 4;
    const uint8_t *p = data + 44;
    size_t left = len - 44;
    if (version >= 2) { /* skip the 32-bit block: the 64-bit one follows */
        size_t skip = block_size(&c, 4);
        if (left < skip || read_header(p + skip, left - skip, &c) < 0)
            goto fail;
        p += skip + 44;
        left -= skip + 44;
        time_size = 8;
    }
    why = "truncated TZif file";
    if (left < block_size(&c, time_size))
        goto fail;
    tz->n_trans = (int)c.time;
    tz->n_types = (int)c.type;
    tz->trans = xcalloc(c.time, sizeof(int64_t));
    tz->idx = xcalloc(c.time, 1);
    tz->utoff = xcalloc(c.type, sizeof(int32_t));
    for (uint32_t i = 0; i < c.time; i++, p += time_size)
        tz->trans[i] = time_size == 8 ? be64(p) : (int32_t)be32(p);
    why = "bad TZif transition table";
    for (uint32_t i = 0; i < c.time; i++, p++) {
        tz->idx[i] = *p;
        if (*p >= c.type || (i > 0 && tz->trans[i] <= tz->trans[i - 1]))
            goto fail;
    }
    why = "bad TZif UT offset";
    for (uint32_t i = 0; i < c.type; i++, p += 6) {
        tz->utoff[i] = (int32_t)be32(p);
        if (tz->utoff[i] < -MAX_UTOFF_S || tz->utoff[i] > MAX_UTOFF_S) /* RFC 8536: not -2^31 */
            goto fail;
    }
    p += c.chars + (size_t)c.leap * (size_t)(time_size + 4) + c.isstd + c.isut;
    left = len - (size_t)(p - data);
    if (version >= 2 && left > 2 && p[0] == '\n') {
        const uint8_t *nl = memchr(p + 1, '\n', left - 1);
        if (nl && nl > p + 1) {
            char footer[128];
            size_t n = (size_t)(nl - p - 1);
            why = "footer TZ rule too long";
            if (n >= sizeof(footer))
                goto fail;
            memcpy(footer, p + 1, n);
            footer[n] = '\0';
            if (posix_parse(footer, &tz->rule) < 0) {
                snprintf(err, err_size, "%s: cannot read its TZ rule \"%s\"", name, footer);
                tz_free(tz);
                return NULL;
            }
            tz->has_rule = true;
        }
    }
    return tz;

fail:
    snprintf(err, err_size, "%s: %s", name, why);
    tz_free(tz);
    return NULL;
}

struct tz *tz_utc(void)
{
    struct tz *tz = xcalloc(1, sizeof(*tz));
    tz->name = xstrdup("UTC");
    tz->utoff = xcalloc(1, sizeof(int32_t));
    tz->n_types = 1;
    return tz;
}

static bool valid_zone_name(const char *name)
{
    if (name[0] == '/' || strstr(name, "..") || strlen(name) > 200)
        return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
            return false;
    return true;
}

/* A zone that is only a POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0", "UTC0"),
 * or NULL when text is not one. */
static struct tz *tz_of_rule(const char *text)
{
    struct posix_rule rule;
    if (posix_parse(text, &rule) < 0)
        return NULL;
    struct tz *tz = tz_utc();
    free(tz->name);
    tz->name = xstrdup(text);
    tz->utoff[0] = rule.std_off;
    tz->rule = rule;
    tz->has_rule = true;
    return tz;
}

/* The zone the TZ variable names, as the C library reads it: ":/path" or
 * ":Area/City", a zone name, or a POSIX rule. Sets *path to the file to
 * read, or returns the zone a rule makes; NULL and *path NULL when it is
 * none of these (err says so). */
static struct tz *zone_of_env(const char *env, char **path, char *err, size_t err_size)
{
    const char *name = env[0] == ':' ? env + 1 : env;
    *path = NULL;
    if (name[0] == '/')
        *path = xstrdup(name);
    else if (valid_zone_name(name) && strchr(name, '/'))
        *path = xasprintf("%s/%s", ZONEINFO, name);
    else if (valid_zone_name(name) && !isdigit((unsigned char)name[strlen(name) - 1]))
        *path = xasprintf("%s/%s", ZONEINFO, name); /* "UTC", "Japan", "EST5EDT" is a rule */
    if (*path)
        return NULL;
    struct tz *tz = env[0] == ':' ? NULL : tz_of_rule(env);
    if (!tz)
        snprintf(err, err_size,
                 "TZ=\"%.64s\" is not a time zone name, \":/path\" or a POSIX rule such as "
                 "\"EST5EDT,M3.2.0,M11.1.0\"",
                 env);
    return tz;
}

struct tz *tz_load(const char *name, char *err, size_t err_size)
{
    struct tz *tz = NULL;
    char *path = NULL;
    uint8_t *buf = NULL;
    const char *label = name;
    if (!name[0]) {
        const char *env = getenv("TZ"); /* read only: never set, see tz.h */
        if (env && env[0]) {
            tz = zone_of_env(env, &path, err, err_size);
            if (!path) /* a rule, or nothing a zone can be made of */
                goto out;
            label = env[0] == ':' ? env + 1 : env;
            if (!path_is_file(path) && env[0] != ':' && (tz = tz_of_rule(env)) != NULL)
                goto out; /* "EST5EDT" without tzdata */
        } else {
            path = xstrdup("/etc/localtime");
            label = "localtime";
            if (!path_is_file(path)) { /* what the C library does too */
                tz = tz_utc();
                goto out;
            }
        }
    } else if (strcmp(name, "UTC") == 0 && !path_is_file(ZONEINFO "/UTC")) {
        tz = tz_utc();
        goto out;
    } else if (!valid_zone_name(name)) {
        snprintf(err, err_size, "\"%s\" is not a time zone name such as \"America/Los_Angeles\"",
                 name);
        goto out;
    } else {
        path = xasprintf("%s/%s", ZONEINFO, name);
    }
    char why[200];
    size_t len = 0;
    buf = (uint8_t *)file_read(path, MAX_TZIF_SIZE, &len, why, sizeof(why));
    if (!buf) {
        if (!path_is_file(path) && access(path, F_OK) != 0)
            snprintf(err, err_size, "unknown time zone \"%s\" (no file %s; is tzdata installed?)",
                     label, path);
        else
            snprintf(err, err_size, "time zone \"%s\": %s %s", label, path, why);
        goto out;
    }
    tz = tz_parse(label, buf, len, err, err_size);

out:
    free(buf);
    free(path);
    return tz;
}

void tz_free(struct tz *tz)
{
    if (!tz)
        return;
    free(tz->name);
    free(tz->trans);
    free(tz->idx);
    free(tz->utoff);
    free(tz);
}

const char *tz_name(const struct tz *tz)
{
    return tz->name;
}

int32_t tz_offset(const struct tz *tz, int64_t utc_s)
{
    int n = tz->n_trans;
    if (n == 0 || utc_s >= tz->trans[n - 1]) {
        if (tz->has_rule)
            return posix_offset(&tz->rule, utc_s);
        return tz->utoff[n ? tz->idx[n - 1] : 0];
    }
    if (utc_s < tz->trans[0])
        return tz->utoff[0];
    int lo = 0, hi = n - 1; /* trans[lo] <= utc_s < trans[hi] */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (tz->trans[mid] <= utc_s)
            lo = mid;
        else
            hi = mid;
    }
    return tz->utoff[tz->idx[lo]];
}

struct tz_local tz_local_fields(const struct tz *tz, int64_t utc_s)
{
    struct tz_local l;
    l.utoff_s = tz_offset(tz, utc_s);
    int64_t local = utc_s + l.utoff_s;
    l.days = floor_div(local, DAY_S);
    int64_t secs = local - l.days * DAY_S;
    tz_civil_from_days(l.days, &l.year, &l.month, &l.day);
    l.hour = (int)(secs / 3600);
    l.minute = (int)(secs / 60 % 60);
    l.second = (int)(secs % 60);
    l.wday = weekday(l.days);
    return l;
}

int64_t tz_to_utc(const struct tz *tz, int64_t local_s, enum tz_fold *fold)
{
    /* Zones change offset at most once within a day or so: the offsets a day
     * before and a day after are the only candidates. */
    int32_t before = tz_offset(tz, local_s - DAY_S);
    int32_t after = tz_offset(tz, local_s + DAY_S);
    int64_t u_before = local_s - before, u_after = local_s - after;
    bool ok_before = tz_offset(tz, u_before) == before;
    bool ok_after = tz_offset(tz, u_after) == after;
    enum tz_fold f = TZ_UNIQUE;
    int64_t u;
    if (ok_before && ok_after) {
        u = u_before < u_after ? u_before : u_after;
        f = u_before != u_after ? TZ_AMBIGUOUS : TZ_UNIQUE;
    } else if (ok_before || ok_after) {
        u = ok_before ? u_before : u_after;
    } else {
        u = u_before;
        f = TZ_GAP;
    }
    if (fold)
        *fold = f;
    return u;
}

char *tz_format_iso(const struct tz *tz, int64_t utc_s, char *buf, size_t size)
{
    struct tz_local l = tz_local_fields(tz, utc_s);
    int off = l.utoff_s < 0 ? -l.utoff_s : l.utoff_s;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", l.year, l.month, l.day, l.hour,
             l.minute, l.second, l.utoff_s < 0 ? '-' : '+', off / 3600, off / 60 % 60);
    return buf;
}

static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

int tz_parse_iso(const struct tz *tz, const char *s, int64_t *utc_s)
{
    /* Fixed shape, digits where digits go: "YYYY-MM-DD" then "THH:MM" then ":SS". */
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    int len = 0;
    while (s[len] && shape[len] &&
           (shape[len] == 'd'   ? isdigit((unsigned char)s[len])
            : shape[len] == 'T' ? s[len] == 'T' || s[len] == ' '
                                : s[len] == shape[len]))
        len++;
    if (len != 10 && len != 16 && len != 19)
        return -1;
    /* Exactly the digits of each field: atoi() would read on into
     * "02:3023..." and overflow. */
    int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
    int h = len > 10 ? digits(s + 11, 2) : 0, mi = len > 10 ? digits(s + 14, 2) : 0;
    int sec = len > 16 ? digits(s + 17, 2) : 0;
    const char *p = s + len;
    int64_t days = tz_days_from_civil(y, mo, d);
    int yy, mm, dd;
    tz_civil_from_days(days, &yy, &mm, &dd);
    if (mm != mo || dd != d || h > 23 || mi > 59 || sec > 59)
        return -1;
    int64_t local = days * DAY_S + h * 3600 + mi * 60 + sec;
    if (!*p) {
        *utc_s = tz_to_utc(tz, local, NULL);
        return 0;
    }
    if (strcmp(p, "Z") == 0) {
        *utc_s = local;
        return 0;
    }
    int32_t off;
    const char *end = (*p == '+' || *p == '-') ? parse_hms(p, 24, &off) : NULL;
    if (!end || *end)
        return -1;
    *utc_s = local - off;
    return 0;
}
