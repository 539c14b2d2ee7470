/* cap_copy: freeing and deep copies of parsed CAP alerts (part of cap.h). */
#include "alerts/cap.h"

#include <stdlib.h>
#include <string.h>

static void strv_free(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void area_free(struct cap_area *ar)
{
    free(ar->desc);
    for (int i = 0; i < ar->n_polygons; i++)
        free(ar->polygons[i].pts);
    free(ar->polygons);
    free(ar->circles);
    strv_free(ar->geocodes, ar->n_geocodes);
}

static void info_free(struct cap_info *in)
{
    free(in->lang);
    free(in->event);
    free(in->headline);
    free(in->description);
    free(in->instruction);
    free(in->sender_name);
    for (int i = 0; i < in->n_areas; i++)
        area_free(&in->areas[i]);
    free(in->areas);
}

void cap_alert_free(struct cap_alert *a)
{
    free(a->identifier);
    free(a->sender);
    for (int i = 0; i < a->n_refs; i++) {
        free(a->refs[i].sender);
        free(a->refs[i].identifier);
    }
    free(a->refs);
    for (int i = 0; i < a->n_infos; i++)
        info_free(&a->infos[i]);
    free(a->infos);
    free(a->source);
    memset(a, 0, sizeof(*a));
}

void cap_doc_free(struct cap_doc *doc)
{
    if (!doc)
        return;
    for (int i = 0; i < doc->n_alerts; i++)
        cap_alert_free(&doc->alerts[i]);
    free(doc->alerts);
    strv_free(doc->links, doc->n_links);
    memset(doc, 0, sizeof(*doc));
}

void cap_doc_take(struct cap_doc *doc, struct cap_alert *a)
{
    doc->alerts = xrealloc(doc->alerts, (size_t)(doc->n_alerts + 1) * sizeof(*doc->alerts));
    doc->alerts[doc->n_alerts++] = *a;
    memset(a, 0, sizeof(*a));
}

static void *dup_array(const void *src, int n, size_t size)
{
    if (n <= 0)
        return NULL;
    void *p = xcalloc((size_t)n, size);
    memcpy(p, src, (size_t)n * size);
    return p;
}

static char **strv_copy(char *const *v, int n)
{
    char **out = n > 0 ? xcalloc((size_t)n, sizeof(char *)) : NULL;
    for (int i = 0; i < n; i++)
        out[i] = xstrdup(v[i]);
    return out;
}

void cap_alert_copy(struct cap_alert *dst, const struct cap_alert *a)
{
    *dst = *a;
    dst->identifier = xstrdup(a->identifier);
    dst->sender = xstrdup(a->sender);
    dst->source = xstrdup(a->source);
    dst->refs = dup_array(a->refs, a->n_refs, sizeof(*a->refs));
    for (int i = 0; i < a->n_refs; i++) {
        dst->refs[i].sender = xstrdup(a->refs[i].sender);
        dst->refs[i].identifier = xstrdup(a->refs[i].identifier);
    }
    dst->infos = dup_array(a->infos, a->n_infos, sizeof(*a->infos));
    for (int i = 0; i < a->n_infos; i++) {
        const struct cap_info *si = &a->infos[i];
        struct cap_info *di = &dst->infos[i];
        di->lang = xstrdup(si->lang);
        di->event = xstrdup(si->event);
        di->headline = xstrdup(si->headline);
        di->description = xstrdup(si->description);
        di->instruction = xstrdup(si->instruction);
        di->sender_name = xstrdup(si->sender_name);
        di->areas = dup_array(si->areas, si->n_areas, sizeof(*si->areas));
        for (int k = 0; k < si->n_areas; k++) {
            const struct cap_area *sa = &si->areas[k];
            struct cap_area *da = &di->areas[k];
            da->desc = xstrdup(sa->desc);
            da->polygons = dup_array(sa->polygons, sa->n_polygons, sizeof(*sa->polygons));
            for (int p = 0; p < sa->n_polygons; p++)
                da->polygons[p].pts =
                    dup_array(sa->polygons[p].pts, sa->polygons[p].n, sizeof(struct cap_point));
            da->circles = dup_array(sa->circles, sa->n_circles, sizeof(*sa->circles));
            da->geocodes = strv_copy(sa->geocodes, sa->n_geocodes);
        }
    }
}
