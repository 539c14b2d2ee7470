/* notice: the human-trafficking notice a law requires (California Civil
 * Code 52.6 by default; notice.law picks another, see notice_law.h) as a
 * first-class display.
 *
 * Texts are files <lang>.txt in the law's folder (media/notice/us-ca/: the
 * statute's English ships; operators add the Attorney General's official
 * translations the same way). Each text's SHA-256 goes into the ledger with
 * its plays. Lines starting with '#' are notes (where the
 * wording comes from) and are not shown; a blank line starts a paragraph
 * (and shows as one);
 * a line starting with "- " is a list entry, shown with a bullet.
 *
 * The notice shows in one of two modes (config notice.mode, or a playlist
 * item `notice = ["en", "es"];`):
 *   zone: always on screen in a region of 8.5:11 proportions beside
 *         (landscape) or below (portrait) the rotation, which shrinks to fit;
 *         the languages take turns, notice.cycle seconds each;
 *   slot: full screen as a rotation item with `every` (the scheduler
 *         enforces it) and `duration`.
 * Each language's time on screen is a play of kind PLAY_NOTICE. */
#ifndef SIGNAGE_NOTICE_H
#define SIGNAGE_NOTICE_H

#include <SDL.h>
#include <stdbool.h>

#include "config/notice_law.h"
#include "config/playlist.h"
#include "screen/fonts.h"
#include "config/settings.h"
#include "base/util.h"

enum notice_mode { NOTICE_OFF, NOTICE_ZONE, NOTICE_SLOT };

enum notice_mode notice_mode_of(const struct settings *s);

/* True when a notice shows: the config's notice.mode, or a notice item in
 * one of the n playlists. */
bool notice_used(const struct settings *s, struct playlist *const *pls, int n);

/* The law of s (notice.dir/notice.law/law.cfg) into law. Returns 0 or -1
 * with lines in d; law must be freed with notice_law_free() either way. */
int notice_load_law(const struct settings *s, struct notice_law *law, struct diag *d);

/* Reads dir/<lang>.txt (a regular file of at most 64 KiB) into a slide
 * body (caller frees), its path into *path and its SHA-256 in hex into
 * *sha256 (caller frees both; either may be NULL). Returns NULL and adds a
 * line to d when the file is missing, not a regular file, too large or
 * empty. */
char *notice_read_text(const char *dir, const char *lang, char **path, char **sha256,
                       struct diag *d);

/* What an inspector checks of a text file: its SHA-256 in hex and its notes
 * (the '#' lines, joined by spaces). Returns 0, or -1 with why in err when
 * it cannot be read. Caller frees both. */
int notice_file_info(const char *path, char **sha256, char **notes, char *err, size_t errlen);

/* Fills every variant of a notice item (it->notice) with its text from the
 * law's folder and, where the variant has none, the QR code qr ("" = none).
 * Returns 0, or -1 after adding one line per missing text to d. */
int notice_fill_item(struct item *it, const struct notice_law *law, const char *qr, struct diag *d);

/* Builds the notice item the config describes (notice.languages, .qr,
 * .every, .duration), texts read. Returns 0, or -1 with lines in d (it is
 * then still freeable with playlist_item_free()). */
int notice_build_item(const struct settings *s, const struct notice_law *law, struct item *it,
                      struct diag *d);

/* Fills the texts of every notice item of pl from the law's folder, and
 * gives those without an `every` the config's notice.every. Returns 0 or
 * -1 with lines in d. */
int notice_fill_playlist(struct playlist *pl, const struct settings *s,
                         const struct notice_law *law, struct diag *d);

/* Reads the texts of pl's notice items and builds the config's notice
 * item: appended to pl in slot mode, stored in *zone_item in zone mode
 * (zeroed otherwise; free with playlist_item_free()). Adds a line to d for
 * each text missing; those languages show nothing. Returns 0 or -1. */
int notice_setup(struct playlist *pl, const struct settings *s, const struct notice_law *law,
                 struct item *zone_item, struct diag *d);

/* Draws each language of notice item it for a zone of box's size at body
 * size px: an array of it->n_variants textures of rr, NULL where a text is
 * missing. Free with notice_free_zone(). */
SDL_Texture **notice_render_zone(SDL_Renderer *rr, struct fonts *fonts, const struct item *it,
                                 const SDL_Rect *box, int px, double mm_per_px);

/* notice_free_zone(NULL, n) is a no-op. */
void notice_free_zone(SDL_Texture **tex, int n);

/* Measures notice item it in box, logs its size on screen and a warning
 * for each shortfall. Returns the body size in pixels, 0 when it does
 * not fit (logged). */
int notice_log_size(struct fonts *fonts, const struct item *it, const SDL_Rect *box,
                    double mm_per_px, const struct notice_law *law);

/* Zone mode: splits the logical screen box `all` into the rotation's box
 * and the notice's (8.5:11, the long side along the screen's short side).
 * position: "right", "bottom" or "auto" (right on landscape screens). */
void notice_zone_split(const SDL_Rect *all, const char *position, SDL_Rect *rotation,
                       SDL_Rect *zone);

/* How a logical w x h screen is shared: the rotation, the notice zone
 * (w = 0 when none) and the hotline band at the bottom (w = 0 when none). */
struct screen_plan {
    SDL_Rect rotation, zone, band;
};

void notice_plan_screen(int w, int h, bool band, bool zone, const char *position,
                        struct screen_plan *out);

/* Millimetres per logical pixel of a screen whose logical size is w x h,
 * from display.width_mm/height_mm (the panel's own, unrotated, size), or
 * from dpi when > 0 (SDL's reading of EDID); 0 when unknown. */
double notice_mm_per_px(const struct settings *s, int w, int h, double dpi);

/* What a notice measures on screen. */
struct notice_size {
    int box_w, box_h;  /* pixels of its region */
    int type_px;       /* body em size in pixels, the same for every language */
    double w_in, h_in; /* region size in inches (0 when mm_per_px is 0) */
    double type_pt;    /* body type size in points (1/72 in) */
};

/* Lays the notice item out in a box_w x box_h region and measures it.
 * Returns 0, or -1 when a language does not fit (logged). */
int notice_measure(struct fonts *fonts, const struct item *it, int box_w, int box_h,
                   double mm_per_px, struct notice_size *out);

/* Measures notice item it as it shows on a panel of panel_w x panel_h
 * pixels (before display.rotation) under s: in the zone or full screen by
 * notice.mode, beside a hotline band when band. Returns 0 or -1. */
int notice_measure_panel(struct fonts *fonts, const struct settings *s, const struct item *it,
                         int panel_w, int panel_h, bool band, struct notice_size *out);

/* Adds a "warning: ..." line to d for each way the size falls short of the
 * law's minimum, naming where the notice shows. Returns how many. */
int notice_check_size(const struct notice_size *ns, const struct notice_law *law, const char *where,
                      struct diag *d);

/* Adds a "warning: ..." line to d for each language the law requires that
 * it (the notice item shown) lacks. Returns how many. */
int notice_check_languages(const struct item *it, const struct notice_law *law, const char *where,
                           struct diag *d);

#endif
