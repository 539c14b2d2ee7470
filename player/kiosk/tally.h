/* tally: the kiosk's page views counted per page and language for the hour,
 * the only record kept of anyone's visit. Nothing finer than the hour is
 * kept, and the counts are handed out sorted by page and language, so the
 * ledger rows made of them say nothing of the order a visitor went in.
 * Pure; one owner (the main thread). */
#ifndef SIGNAGE_TALLY_H
#define SIGNAGE_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#define KIOSK_TALLY_MAX 128
#define KIOSK_HOUR_MS   3600000

struct kiosk_count {
    char page[48]; /* page id, "chooser", "quick-exit" or "read-aloud" */
    char lang[24]; /* "" on the chooser */
    int views;
};

struct kiosk_tally {
    int64_t hour_ms; /* UTC start of the hour counted, 0 = nothing counted */
    struct kiosk_count c[KIOSK_TALLY_MAX];
    int n;
    int dropped; /* views not counted: more page/language pairs than fit */
};

/* Counts one view at wall-clock now_ms. The caller takes the counts of an
 * earlier hour first (kiosk_tally_due). */
void kiosk_tally_add(struct kiosk_tally *t, const char *page, const char *lang, int64_t now_ms);

/* True when counts are held of an hour before now_ms's. */
bool kiosk_tally_due(const struct kiosk_tally *t, int64_t now_ms);

/* Moves the counts, sorted by page then language, into out (up to max) and
 * empties t. Returns how many; *hour_ms gets the hour they belong to. */
int kiosk_tally_take(struct kiosk_tally *t, struct kiosk_count *out, int max, int64_t *hour_ms);

#endif
