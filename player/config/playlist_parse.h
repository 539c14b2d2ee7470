/* playlist_parse: what the files of the playlist loader share while they
 * read one playlist file - where they are, for messages, and the checks of
 * ids, language tags and numbers. Private to config/playlist*.c. */
#ifndef SIGNAGE_PLAYLIST_PARSE_H
#define SIGNAGE_PLAYLIST_PARSE_H

#include <libconfig.h>
#include <stdbool.h>

#include "config/cfgfile.h"
#include "config/playlist.h"

#define MAX_ITEMS                   10000
#define MAX_DURATION_S              86400.0 /* one day: anything longer is a typo */
#define MAX_ID_LEN                  64
#define MAX_CAMPAIGN_LEN            200   /* a ledger row each play: no essays */
#define MAX_QR_BYTES                2331  /* a QR code's capacity, 8-bit data at level M */
#define PLAYLIST_NOTICE_DURATION_MS 20000 /* as notice.duration in the config */

/* Where we are while loading, for messages. */
struct pl_ctx {
    const char *file;          /* the playlist file */
    const struct cfgfile *src; /* its text, includes expanded: maps lines back */
    const char *dir;
    const char *media_root;
    struct diag *d;
    int errors;
};

/* The file and line setting c was written on (an included file's, when it
 * was written there). */
const char *pl_where(const struct pl_ctx *x, config_setting_t *c, int *line);

/* Reports one problem as "file:line: item "id": setting: message". */
void pl_problem(struct pl_ctx *x, config_setting_t *at, const char *id, const char *setting,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* An int, int64 or float setting, and its value. */
bool pl_is_number(config_setting_t *c);
double pl_number(config_setting_t *c);

/* Letters, digits and "._-", 1..MAX_ID_LEN long. */
bool pl_valid_id(const char *s);

/* A BCP 47-shaped tag: 2-3 letters, then subtags of letters and digits. */
bool pl_valid_lang(const char *s);

/* Where lang is in the playlist's languages, or -1. */
int pl_lang_rank(const struct playlist *pl, const char *lang);

/* Reads a when = { from; until; days; hours; } group into w, reporting
 * each problem (id NULL for the playlist's own). */
void pl_when_parse(struct pl_ctx *x, config_setting_t *g, const char *id, struct when *w);

/* rel resolved against the playlist's folder, or else media_root when the
 * file is there; caller frees. */
char *pl_resolve_media(struct pl_ctx *x, const char *rel);

/* Reads an item's `captions = "file.srt";` or `captions = { en = "..."; };`
 * into its variants (videos only). A video given once with captions per
 * language becomes one variant per caption language, so that the
 * rotation's language picks the captions. Reports each problem. */
void pl_captions_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *c,
                       struct item *it);

/* Reads item number index (0-based) of pl from group g into it. Returns 0,
 * or -1 after reporting each problem. */
int pl_item_parse(struct pl_ctx *x, const struct playlist *pl, config_setting_t *g, int index,
                  struct item *it);

#endif
