#include "ledger/report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger/report_read.h"
#include "base/util.h"

static const char *const field_names[N_REPORT_FIELDS] = {"day",      "hour", "screen",
                                                         "campaign", "item", "language"};

const char *report_field_name(enum report_field f)
{
    return f >= 0 && f < N_REPORT_FIELDS ? field_names[f] : "?";
}

int report_fields_parse(const char *list, enum report_field *by, int *n_by, char *err,
                        size_t errlen)
{
    char *copy = xstrdup(list), *save = NULL;
    int n = 0, rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int f = 0;
        while (f < N_REPORT_FIELDS && strcmp(tok, field_names[f]) != 0)
            f++;
        bool repeated = false;
        for (int i = 0; i < n; i++)
            repeated |= by[i] == (enum report_field)f;
        if (f == N_REPORT_FIELDS || repeated) {
            snprintf(err, errlen, "\"%s\" is %s", tok,
                     repeated ? "given twice"
                              : "not one of day, hour, screen, campaign, item, language");
            rc = -1;
            goto out;
        }
        by[n++] = (enum report_field)f;
    }
    *n_by = n;
out:
    free(copy);
    return rc;
}

int report_format_parse(const char *name, enum report_format *out)
{
    static const char *const names[] = {"table", "csv", "json", "html"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum report_format)i;
            return 0;
        }
    }
    return -1;
}

int report_date_parse(const struct tz *tz, const char *date, int days, int64_t *utc_ms)
{
    int y, m, d;
    char tail;
    if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
        m > 12 || d < 1 || d > 31 || y < 1970 || !isdigit((unsigned char)date[0]))
        return -1;
    int y2, m2, d2; /* "2026-02-30" is no date: it would come back as March 2 */
    tz_civil_from_days(tz_days_from_civil(y, m, d), &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return -1;
    int64_t local_s = (tz_days_from_civil(y, m, d) + days) * 86400;
    *utc_ms = tz_to_utc(tz, local_s, NULL) * 1000; /* a midnight in a gap moves forward */
    return 0;
}

/* ---- groups: a hash table of rows keyed by their field values ---- */

static uint64_t hash_fields(const char *const *v)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        for (const char *p = v[f] ? v[f] : ""; *p; p++)
            h = (h ^ (uint8_t)*p) * 1099511628211ULL;
        h = (h ^ 0x1f) * 1099511628211ULL;
    }
    return h;
}

static bool same_fields(char *const *a, const char *const *b)
{
    for (int f = 0; f < N_REPORT_FIELDS; f++) {
        if (!a[f] != !b[f] || (a[f] && strcmp(a[f], b[f]) != 0))
            return false;
    }
    return true;
}

static void table_grow(struct report_table *t)
{
    int n_slots = t->n_slots ? t->n_slots * 2 : 256;
    free(t->slots);
    t->slots = xcalloc((size_t)n_slots, sizeof(int));
    t->n_slots = n_slots;
    for (int i = 0; i < n_slots; i++)
        t->slots[i] = -1;
    for (int r = 0; r < t->n_rows; r++) {
        uint64_t h = hash_fields((const char *const *)t->rows[r].fields);
        int s = (int)(h & (uint64_t)(n_slots - 1));
        while (t->slots[s] >= 0)
            s = (s + 1) & (n_slots - 1);
        t->slots[s] = r;
    }
}

/* The row of these field values, added (zeroed) when new. */
static struct report_row *table_row(struct report_table *t, const char *const *v)
{
    if ((t->n_rows + 1) * 2 > t->n_slots)
        table_grow(t);
    uint64_t h = hash_fields(v);
    int s = (int)(h & (uint64_t)(t->n_slots - 1));
    for (; t->slots[s] >= 0; s = (s + 1) & (t->n_slots - 1)) {
        struct report_row *r = &t->rows[t->slots[s]];
        if (same_fields(r->fields, v))
            return r;
    }
    if (t->n_rows == t->cap_rows) {
        t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 64;
        t->rows = xrealloc(t->rows, (size_t)t->cap_rows * sizeof(t->rows[0]));
    }
    struct report_row *r = &t->rows[t->n_rows];
    memset(r, 0, sizeof(*r));
    for (int f = 0; f < N_REPORT_FIELDS; f++)
        r->fields[f] = xstrdup(v[f]);
    t->slots[s] = t->n_rows++;
    return r;
}

static void table_free(struct report_table *t)
{
    for (int r = 0; r < t->n_rows; r++)
        for (int f = 0; f < N_REPORT_FIELDS; f++)
            free(t->rows[r].fields[f]);
    free(t->rows);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

/* Sorting: each row's values in the grouping order, so that the comparison
 * needs no context. */
struct sort_key {
    const char *v[N_REPORT_FIELDS]; /* in --by order; NULL past n_by */
    int row;
};

static int sort_key_cmp(const void *pa, const void *pb)
{
    const struct sort_key *a = pa, *b = pb;
    for (int i = 0; i < N_REPORT_FIELDS && a->v[i]; i++) {
        int c = strcmp(a->v[i], b->v[i]);
        if (c)
            return c;
    }
    return 0;
}

static void table_sort(struct report_table *t, const enum report_field *by, int n_by)
{
    struct sort_key *keys = xcalloc((size_t)t->n_rows, sizeof(keys[0]));
    for (int r = 0; r < t->n_rows; r++) {
        keys[r].row = r;
        for (int i = 0; i < n_by; i++)
            keys[r].v[i] = t->rows[r].fields[by[i]] ? t->rows[r].fields[by[i]] : "";
    }
    qsort(keys, (size_t)t->n_rows, sizeof(keys[0]), sort_key_cmp);
    struct report_row *sorted = xcalloc((size_t)t->n_rows, sizeof(sorted[0]));
    for (int r = 0; r < t->n_rows; r++)
        sorted[r] = t->rows[keys[r].row];
    free(t->rows);
    free(keys);
    t->rows = sorted;
    t->cap_rows = t->n_rows;
    free(t->slots); /* the hash index is stale now: the table is read-only */
    t->slots = NULL;
    t->n_slots = 0;
}

static void fig_add(struct report_row *r, const struct report_row *f)
{
    r->plays += f->plays;
    r->complete += f->complete;
    r->partial += f->partial;
    r->errors += f->errors;
    r->interrupted += f->interrupted;
    r->shown_ms += f->shown_ms;
    r->impressions += f->impressions;
    r->n_impressions += f->n_impressions;
}

struct fold {
    const struct report_opts *o;
    struct report *r;
    bool use[N_REPORT_FIELDS]; /* the fields grouped by */
};

/* Puts one sum into its group, the total and the chart tables. */
static void fold_one(void *ctx, const char *const *all, const struct report_row *fig)
{
    struct fold *f = ctx;
    const char *v[N_REPORT_FIELDS];
    for (int i = 0; i < N_REPORT_FIELDS; i++)
        v[i] = f->use[i] ? all[i] : NULL;
    fig_add(table_row(&f->r->groups, v), fig);
    fig_add(&f->r->total, fig);
    if (f->o->charts) {
        const char *d[N_REPORT_FIELDS] = {[FIELD_DAY] = all[FIELD_DAY]};
        const char *c[N_REPORT_FIELDS] = {[FIELD_CAMPAIGN] = all[FIELD_CAMPAIGN]};
        fig_add(table_row(&f->r->by_day, d), fig);
        fig_add(table_row(&f->r->by_campaign, c), fig);
    }
}

struct report *report_build(const struct report_opts *o, char *err, size_t errlen)
{
    if (o->from_utc_ms && o->to_utc_ms && o->from_utc_ms >= o->to_utc_ms) {
        snprintf(err, errlen, "--from %s is after --to %s: no day is in that range",
                 o->from_date ? o->from_date : "?", o->to_date ? o->to_date : "?");
        return NULL;
    }
    struct report *r = xcalloc(1, sizeof(*r));
    struct fold f = {.o = o, .r = r};
    for (int i = 0; i < o->n_by; i++)
        f.use[o->by[i]] = true;
    int rc = (o->source ? o->source : report_read)(o, fold_one, &f, err, errlen);
    if (rc < 0) {
        report_free(r);
        return NULL;
    }
    table_sort(&r->groups, o->by, o->n_by);
    static const enum report_field day = FIELD_DAY, campaign = FIELD_CAMPAIGN;
    table_sort(&r->by_day, &day, 1);
    table_sort(&r->by_campaign, &campaign, 1);
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    table_free(&r->groups);
    table_free(&r->by_day);
    table_free(&r->by_campaign);
    free(r);
}
