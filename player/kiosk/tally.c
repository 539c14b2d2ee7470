/* tally: counts per hour. */
#include "kiosk/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kiosk_tally_add(struct kiosk_tally *t, const char *page, const char *lang, int64_t now_ms)
{
    int64_t hour = now_ms / KIOSK_HOUR_MS * KIOSK_HOUR_MS;
    if (!t->n)
        t->hour_ms = hour;
    for (int i = 0; i < t->n; i++) {
        if (strcmp(t->c[i].page, page) == 0 && strcmp(t->c[i].lang, lang) == 0) {
            t->c[i].views++;
            return;
        }
    }
    if (t->n == KIOSK_TALLY_MAX) {
        t->dropped++;
        return;
    }
    struct kiosk_count *c = &t->c[t->n++];
    snprintf(c->page, sizeof(c->page), "%s", page);
    snprintf(c->lang, sizeof(c->lang), "%s", lang);
    c->views = 1;
}

bool kiosk_tally_due(const struct kiosk_tally *t, int64_t now_ms)
{
    return t->n > 0 && now_ms / KIOSK_HOUR_MS * KIOSK_HOUR_MS != t->hour_ms;
}

static int by_page_lang(const void *a, const void *b)
{
    const struct kiosk_count *x = a, *y = b;
    int c = strcmp(x->page, y->page);
    return c ? c : strcmp(x->lang, y->lang);
}

int kiosk_tally_take(struct kiosk_tally *t, struct kiosk_count *out, int max, int64_t *hour_ms)
{
    qsort(t->c, (size_t)t->n, sizeof(t->c[0]), by_page_lang);
    int n = t->n < max ? t->n : max;
    memcpy(out, t->c, sizeof(out[0]) * (size_t)n);
    *hour_ms = t->hour_ms;
    t->n = 0;
    t->hour_ms = 0;
    return n;
}
