#include "config/when.h"

#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char *const day_long[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                        "thursday", "friday", "saturday"};

struct when when_always(void)
{
    struct when w = {.from_day = INT64_MIN, .until_day = INT64_MAX, .days = WHEN_ALL_DAYS};
    return w;
}

int when_parse_date(const char *s, int64_t *days)
{
    int y, m, d, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[n] || y < 1970 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return -1;
    int64_t v = tz_days_from_civil(y, m, d);
    int yy, mm, dd;
    tz_civil_from_days(v, &yy, &mm, &dd);
    if (mm != m || dd != d) /* 2026-02-30 */
        return -1;
    *days = v;
    return 0;
}

int when_parse_day(const char *s, int *wday)
{
    for (int i = 0; i < 7; i++) {
        if (strcmp(s, day_names[i]) == 0 || strcmp(s, day_long[i]) == 0) {
            *wday = i;
            return 0;
        }
    }
    return -1;
}

static int parse_clock(const char *s, int *min)
{
    if (strlen(s) < 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return -1;
    *min = h * 60 + m;
    return 0;
}

int when_parse_hours(const char *s, struct when_hours *h)
{
    int a, b;
    if (strlen(s) != 11 || s[5] != '-' || parse_clock(s, &a) < 0 || parse_clock(s + 6, &b) < 0)
        return -1;
    /* Equal ends are an empty range, "00:00-00:00" as much as "10:00-10:00";
     * all day is "00:00-24:00". 24:00 only ends a range. */
    if (a == b || a == 1440)
        return -1;
    if (b == 0)
        b = 1440; /* "22:00-00:00" ends at midnight */
    h->from_min = a;
    h->until_min = b;
    return 0;
}

static bool day_on(const struct when *w, int wday)
{
    return w->days & (1u << wday);
}

bool when_contains(const struct when *w, const struct tz_local *l)
{
    if (!w->set)
        return true;
    if (l->days < w->from_day || l->days > w->until_day)
        return false;
    if (w->n_hours == 0)
        return day_on(w, l->wday);
    int m = l->hour * 60 + l->minute;
    for (int i = 0; i < w->n_hours; i++) {
        const struct when_hours *h = &w->hours[i];
        if (h->from_min < h->until_min) {
            if (m >= h->from_min && m < h->until_min && day_on(w, l->wday))
                return true;
        } else if ((m >= h->from_min && day_on(w, l->wday)) ||
                   (m < h->until_min && day_on(w, (l->wday + 6) % 7))) {
            return true;
        }
    }
    return false;
}

int when_week_minutes(const struct when *w)
{
    if (!w->set)
        return 7 * 1440;
    int n_days = 0;
    for (int i = 0; i < 7; i++)
        n_days += day_on(w, i);
    if (w->n_hours == 0)
        return n_days * 1440;
    int per_day = 0;
    for (int i = 0; i < w->n_hours; i++) {
        const struct when_hours *h = &w->hours[i];
        per_day += h->from_min < h->until_min ? h->until_min - h->from_min
                                              : 1440 - h->from_min + h->until_min;
    }
    return n_days * (per_day > 1440 ? 1440 : per_day);
}

static void put(char *buf, size_t size, size_t *at, const char *fmt, int a, int b, int c)
{
    if (*at < size) {
        int n = snprintf(buf + *at, size - *at, fmt, a, b, c);
        *at += n > 0 ? (size_t)n : 0;
    }
}

char *when_format(const struct when *w, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    if (!w->set) {
        snprintf(buf, size, "always");
        return buf;
    }
    int y, m, d;
    if (w->from_day != INT64_MIN) {
        tz_civil_from_days(w->from_day, &y, &m, &d);
        put(buf, size, &at, "from=%04d-%02d-%02d ", y, m, d);
    }
    if (w->until_day != INT64_MAX) {
        tz_civil_from_days(w->until_day, &y, &m, &d);
        put(buf, size, &at, "until=%04d-%02d-%02d ", y, m, d);
    }
    if (w->days != WHEN_ALL_DAYS) {
        put(buf, size, &at, "days=", 0, 0, 0);
        for (int i = 0, first = 1; i < 7; i++) {
            if (day_on(w, (i + 1) % 7)) { /* Monday first, as people write weeks */
                if (at < size)
                    at += (size_t)snprintf(buf + at, size - at, "%s%s", first ? "" : ",",
                                           day_names[(i + 1) % 7]);
                first = 0;
            }
        }
        put(buf, size, &at, " ", 0, 0, 0);
    }
    for (int i = 0; i < w->n_hours; i++) {
        const struct when_hours *h = &w->hours[i];
        put(buf, size, &at, i ? ",%02d:%02d" : "hours=%02d:%02d", h->from_min / 60,
            h->from_min % 60, 0);
        put(buf, size, &at, "-%02d:%02d", h->until_min / 60, h->until_min % 60, 0);
    }
    while (at > 0 && at < size && buf[at - 1] == ' ')
        buf[--at] = '\0';
    return buf;
}
