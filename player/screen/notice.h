/* notice: the human-trafficking notice of California Civil Code 52.6
 * ("SB 1193") as a first-class display.
 *
 * Texts are files <lang>.txt in the notice folder (media/notice/: English
 * and Spanish ship; operators add the Attorney General's other official
 * translations the same way). Lines starting with '#' are notes (where the
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

#include "screen/fonts.h"
#include "config/playlist.h"
#include "config/settings.h"
#include "base/util.h"

/* The smallest size the statute allows: 8.5 x 11 inches, 16-point type. */
#define NOTICE_MIN_SHORT_IN 8.5
#define NOTICE_MIN_LONG_IN  11.0
#define NOTICE_MIN_TYPE_PT  16.0

enum notice_mode { NOTICE_OFF, NOTICE_ZONE, NOTICE_SLOT };

enum notice_mode notice_mode_of(const struct settings *s);

/* Reads dir/<lang>.txt into a slide body (caller frees). Returns NULL and
 * adds a line to d when the file is missing or empty. */
char *notice_read_text(const char *dir, const char *lang, struct diag *d);

/* Fills every variant of a notice item (it->notice) with its text from dir
 * and, where the variant has none, the QR code qr ("" = none). Returns 0,
 * or -1 after adding one line per missing text to d. */
int notice_fill_item(struct item *it, const char *dir, const char *qr, struct diag *d);

/* Builds the notice item the config describes (notice.languages, .qr,
 * .every, .duration), texts read. Returns 0, or -1 with lines in d (it is
 * then still freeable with playlist_item_free()). */
int notice_build_item(const struct settings *s, struct item *it, struct diag *d);

/* Fills the texts of every notice item of pl from the config's notice
 * folder, and gives those without an `every` the config's notice.every.
 * Returns 0 or -1 with lines in d. */
int notice_fill_playlist(struct playlist *pl, const struct settings *s, struct diag *d);

/* Reads the texts of pl's notice items and builds the config's notice
 * item: appended to pl in slot mode, stored in *zone_item in zone mode
 * (zeroed otherwise; free with playlist_item_free()). Adds a line to d for
 * each text missing; those languages show nothing. Returns 0 or -1. */
int notice_setup(struct playlist *pl, const struct settings *s, struct item *zone_item,
                 struct diag *d);

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
                    double mm_per_px);

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

/* Adds a "warning: ..." line to d for each way the size falls short of the
 * statute's minimum, naming where the notice shows. Returns how many. */
int notice_check_size(const struct notice_size *ns, const char *where, struct diag *d);

#endif
