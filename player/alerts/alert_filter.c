#include "alerts/alert_filter.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define EARTH_RADIUS_KM 6371.0088

/* ---- the area ---- */

/* Ray casting, longitude as x and latitude as y: fine for areas that do
 * not straddle the antimeridian, which CAP areas of one authority do not. */
static bool in_polygon(const struct cap_polygon *pg, struct cap_point p)
{
    bool inside = false;
    for (int i = 0, j = pg->n - 1; i < pg->n; j = i++) {
        struct cap_point a = pg->pts[i], b = pg->pts[j];
        if ((a.lat > p.lat) != (b.lat > p.lat) &&
            p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon)
            inside = !inside;
    }
    return inside;
}

static double radians(double deg)
{
    return deg * M_PI / 180.0;
}

/* Great-circle distance (haversine). */
static double distance_km(struct cap_point a, struct cap_point b)
{
    double dlat = radians(b.lat - a.lat), dlon = radians(b.lon - a.lon);
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(radians(a.lat)) * cos(radians(b.lat)) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h > 1 ? 1 : h));
}

/* "SAME:006075" (the alert's) covers "SAME:106075" (the screen's): a
 * leading 0 is the whole county, another digit a part of it. */
static bool geocode_covers(const char *alert, const char *screen)
{
    const char *ac = strchr(alert, ':'), *sc = strchr(screen, ':');
    if (!ac || !sc || ac - alert != sc - screen || strncasecmp(alert, screen, ac - alert) != 0)
        return false;
    if (strcmp(ac + 1, sc + 1) == 0)
        return true;
    bool same = ac - alert == 4 && strncasecmp(alert, "SAME", 4) == 0;
    return same && strlen(ac + 1) == 6 && strlen(sc + 1) == 6 && ac[1] == '0' &&
           strcmp(ac + 2, sc + 2) == 0;
}

bool alert_filter_covers(const struct cap_area *area, const struct alert_rules *r)
{
    for (int g = 0; g < area->n_geocodes; g++)
        for (char **s = r->geocodes; s && *s; s++)
            if (geocode_covers(area->geocodes[g], *s))
                return true;
    if (!r->has_point)
        return false;
    for (int i = 0; i < area->n_polygons; i++)
        if (in_polygon(&area->polygons[i], r->point))
            return true;
    for (int i = 0; i < area->n_circles; i++)
        if (distance_km(area->circles[i].centre, r->point) <= area->circles[i].radius_km)
            return true;
    return false;
}

void alert_filter_rules(const struct settings *s, struct alert_rules *r)
{
    memset(r, 0, sizeof(*r));
    r->geocodes = s->alerts_geocodes;
    r->has_point = s->alerts_point.n == 2;
    if (r->has_point)
        r->point = (struct cap_point){s->alerts_point.v[0], s->alerts_point.v[1]};
    if (cap_severity_parse(s->alerts_min_severity, &r->min_severity) < 0)
        r->min_severity = CAP_SEVERE;
    if (cap_urgency_parse(s->alerts_min_urgency, &r->min_urgency) < 0)
        r->min_urgency = CAP_EXPECTED;
    r->show_tests = s->alerts_show_tests;
}

/* ---- one alert ---- */

static void time_text(int64_t ms, char *out, size_t len)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int64_t info_expiry(const struct cap_alert *a, const struct cap_info *in)
{
    return in->expires_ms ? in->expires_ms : a->sent_ms + ALERT_DEFAULT_LIFE_MS;
}

/* Why info in of a is not for this screen now, or "" when it is. */
static void judge_info(const struct cap_alert *a, const struct cap_info *in,
                       const struct alert_rules *r, int64_t now_ms, char *why, size_t len)
{
    char t[32];
    int64_t from = in->effective_ms ? in->effective_ms : a->sent_ms;
    int64_t until = info_expiry(a, in);
    why[0] = '\0';
    if (now_ms < from) {
        time_text(from, t, sizeof(t));
        snprintf(why, len, "not effective until %s", t);
    } else if (now_ms >= until) {
        time_text(until, t, sizeof(t));
        snprintf(why, len, "expired at %s%s", t,
                 in->expires_ms ? "" : " (no <expires>: 1 h after <sent>)");
    } else if (in->severity < r->min_severity) {
        snprintf(why, len, "severity %s is below min_severity %s", cap_severity_name(in->severity),
                 cap_severity_name(r->min_severity));
    } else if (in->urgency < r->min_urgency) {
        snprintf(why, len, "urgency %s is below min_urgency %s", cap_urgency_name(in->urgency),
                 cap_urgency_name(r->min_urgency));
    } else if (!r->has_point && !(r->geocodes && r->geocodes[0])) {
        snprintf(why, len, "the config gives no alerts.area for this screen");
    } else {
        for (int i = 0; i < in->n_areas; i++)
            if (alert_filter_covers(&in->areas[i], r))
                return;
        int n =
            snprintf(why, len, "%s", in->n_areas ? "the screen is outside its area" : "no <area>");
        for (int i = 0; i < in->n_areas && n > 0 && (size_t)n < len; i++)
            n += snprintf(why + n, len - (size_t)n, "%s%s", i ? "; " : " (", in->areas[i].desc);
        if (in->n_areas && n > 0 && (size_t)n < len)
            snprintf(why + n, len - (size_t)n, ")");
    }
}

static bool same_str(const char *x, const char *y)
{
    return x && y && strcmp(x, y) == 0;
}

/* The index of the message in the set that references a (an Update or a
 * Cancel of it, the latest sent), or -1. */
static int superseded_by(const struct cap_alert *alerts, int n, int self)
{
    const struct cap_alert *a = &alerts[self];
    int by = -1;
    for (int i = 0; i < n; i++) {
        const struct cap_alert *u = &alerts[i];
        if (i == self || (u->msg_type != CAP_UPDATE && u->msg_type != CAP_CANCEL))
            continue;
        for (int k = 0; k < u->n_refs; k++)
            if (same_str(u->refs[k].identifier, a->identifier) &&
                same_str(u->refs[k].sender, a->sender) &&
                (by < 0 || u->sent_ms > alerts[by].sent_ms))
                by = i;
    }
    return by;
}

static void judge(const struct cap_alert *alerts, int n, int self, const struct alert_rules *r,
                  int64_t now_ms, struct alert_verdict *v)
{
    const struct cap_alert *a = &alerts[self];
    memset(v, 0, sizeof(*v));
    bool test = a->status == CAP_EXERCISE || a->status == CAP_TEST;
    if (a->status != CAP_ACTUAL && !(test && r->show_tests)) {
        snprintf(v->why, sizeof(v->why), "status %s%s", cap_status_name(a->status),
                 test ? " (show_tests = false)" : " is never shown");
        return;
    }
    if (a->msg_type == CAP_CANCEL || a->msg_type == CAP_ACK || a->msg_type == CAP_ERROR) {
        snprintf(v->why, sizeof(v->why), "msgType %s%s", cap_msg_type_name(a->msg_type),
                 a->msg_type == CAP_CANCEL ? ": it cancels earlier messages, it has nothing to show"
                                           : " is not shown");
        return;
    }
    if (a->scope != CAP_PUBLIC) {
        snprintf(v->why, sizeof(v->why), "scope %s: not for a public screen",
                 cap_scope_name(a->scope));
        return;
    }
    int by = superseded_by(alerts, n, self);
    if (by >= 0) {
        snprintf(v->why, sizeof(v->why), "%s by %s",
                 alerts[by].msg_type == CAP_CANCEL ? "cancelled" : "superseded",
                 alerts[by].identifier);
        return;
    }
    if (a->n_infos == 0) {
        snprintf(v->why, sizeof(v->why), "no <info>: nothing to show");
        return;
    }
    for (int i = 0; i < a->n_infos && i < ALERT_MAX_INFOS; i++) {
        const struct cap_info *in = &a->infos[i];
        char why[sizeof(v->why)];
        judge_info(a, in, r, now_ms, why, sizeof(why));
        if (why[0]) {
            if (!v->why[0])
                snprintf(v->why, sizeof(v->why), "%s", why);
            continue;
        }
        v->infos |= (uint64_t)1 << i;
        v->full_screen |= in->severity == CAP_EXTREME && in->urgency == CAP_IMMEDIATE;
        if (info_expiry(a, in) > v->until_ms)
            v->until_ms = info_expiry(a, in);
    }
    v->shown = v->infos != 0;
    if (v->shown)
        v->why[0] = '\0';
}

void alert_filter_judge(const struct cap_alert *alerts, int n, const struct alert_rules *r,
                        int64_t now_ms, struct alert_verdict *out)
{
    for (int i = 0; i < n; i++)
        judge(alerts, n, i, r, now_ms, &out[i]);
}

void alert_filter_levels(const struct cap_alert *a, uint64_t mask, enum cap_severity *severity,
                         enum cap_urgency *urgency)
{
    *severity = CAP_SEVERITY_UNKNOWN;
    *urgency = CAP_URGENCY_UNKNOWN;
    for (int i = 0; i < a->n_infos && i < ALERT_MAX_INFOS; i++) {
        if (!(mask >> i & 1))
            continue;
        if (a->infos[i].severity > *severity)
            *severity = a->infos[i].severity;
        if (a->infos[i].urgency > *urgency)
            *urgency = a->infos[i].urgency;
    }
}

/* ---- languages ---- */

bool alert_filter_lang_match(const char *x, const char *y, bool primary_only)
{
    if (!x || !y)
        return false;
    size_t nx = strlen(x), ny = strlen(y);
    if (primary_only) {
        nx = strcspn(x, "-_");
        ny = strcspn(y, "-_");
        return nx == ny && strncasecmp(x, y, nx) == 0;
    }
    size_t n = nx < ny ? nx : ny;
    if (strncasecmp(x, y, n) != 0)
        return false;
    const char *rest = nx > ny ? x + n : y + n;
    return *rest == '\0' || *rest == '-' || *rest == '_';
}

static int find_info(const struct cap_alert *a, uint64_t mask, const char *lang, bool primary)
{
    for (int i = 0; i < a->n_infos && i < ALERT_MAX_INFOS; i++)
        if ((mask >> i & 1) && alert_filter_lang_match(a->infos[i].lang, lang, primary))
            return i;
    return -1;
}

int alert_filter_infos(const struct cap_alert *a, uint64_t mask, char *const *langs, int n_langs,
                       int *out, const char **lang_out, int max)
{
    int n = 0;
    for (int l = 0; l < n_langs && n < max; l++) {
        int i = find_info(a, mask, langs[l], false);
        if (i < 0)
            i = find_info(a, mask, langs[l], true);
        bool again = false;
        for (int k = 0; k < n; k++)
            again |= out[k] == i;
        if (i < 0 || again)
            continue;
        if (lang_out)
            lang_out[n] = langs[l];
        out[n++] = i;
    }
    for (int i = 0; i < a->n_infos && i < ALERT_MAX_INFOS && n < max; i++) {
        if (!(mask >> i & 1) || (n_langs > 0 && n > 0))
            continue;
        if (lang_out)
            lang_out[n] = a->infos[i].lang;
        out[n++] = i;
        if (n_langs > 0)
            break; /* none in the playlist's languages: the first one */
    }
    return n;
}
