#include "alerts/alert_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alerts/alert_feed.h"
#include "alerts/alert_filter.h"

bool alert_check_is_cap(const char *arg)
{
    static const char *const ends[] = {".xml", ".cap", ".atom", ".rss"};
    struct stat st;
    if (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0 ||
        (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)))
        return true;
    size_t n = strlen(arg);
    for (int i = 0; i < 4; i++) {
        size_t k = strlen(ends[i]);
        if (n > k && strcmp(arg + n - k, ends[i]) == 0)
            return true;
    }
    return false;
}

static void utc_text(int64_t ms, char *out, size_t len)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* "Severe/Immediate": the highest of the alert's infos. */
static void levels_of(const struct cap_alert *a, char *out, size_t len)
{
    enum cap_severity sev;
    enum cap_urgency urg;
    alert_filter_levels(a, ~(uint64_t)0, &sev, &urg);
    if (a->n_infos)
        snprintf(out, len, ", %s/%s", cap_severity_name(sev), cap_urgency_name(urg));
    else
        out[0] = '\0';
}

int alert_check(const char *const *sources, int n_sources, const struct settings *s, int64_t now_ms,
                struct diag *out, struct diag *problems)
{
    int before = problems->n_lines;
    struct cap_doc *set = xcalloc(1, sizeof(*set));
    for (int i = 0; i < n_sources; i++) {
        struct cap_doc *one = alert_feed_read_once(sources[i], problems);
        for (int k = 0; k < one->n_alerts; k++)
            cap_doc_take(set, &one->alerts[k]);
        cap_doc_free(one);
        free(one);
    }
    struct alert_rules r;
    alert_filter_rules(s, &r);
    struct alert_verdict *v = xcalloc((size_t)set->n_alerts + 1, sizeof(*v));
    alert_filter_judge(set->alerts, set->n_alerts, &r, now_ms, v);
    for (int i = 0; i < set->n_alerts; i++) {
        const struct cap_alert *a = &set->alerts[i];
        char levels[64], until[32];
        levels_of(a, levels, sizeof(levels));
        if (!v[i].shown) {
            diag_add(out, "%s:%d: alert %s (%s, %s%s): not shown: %s", a->source, a->line,
                     a->identifier, cap_msg_type_name(a->msg_type), cap_status_name(a->status),
                     levels, v[i].why);
            continue;
        }
        char langs[256] = "";
        size_t n = 0;
        for (int k = 0; k < a->n_infos && k < ALERT_MAX_INFOS && n < sizeof(langs); k++)
            if (v[i].infos >> k & 1)
                n += (size_t)snprintf(langs + n, sizeof(langs) - n, "%s%s", n ? ", " : "",
                                      a->infos[k].lang);
        utc_text(v[i].until_ms, until, sizeof(until));
        diag_add(out, "%s:%d: alert %s (%s, %s%s): shown %s until %s, in %s", a->source, a->line,
                 a->identifier, cap_msg_type_name(a->msg_type), cap_status_name(a->status), levels,
                 v[i].full_screen ? "full screen" : "as a band", until, langs);
    }
    if (set->n_alerts == 0 && problems->n_lines == before)
        diag_add(out, "%s: no CAP 1.2 alert in it", n_sources == 1 ? sources[0] : "these");
    free(v);
    cap_doc_free(set);
    free(set);
    return problems->n_lines > before ? -1 : 0;
}
