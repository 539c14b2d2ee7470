/* layout: where the kiosk's buttons and text go on a screen, portrait or
 * landscape. Pure: no drawing, no fonts; the same numbers for the drawing, the
 * taps and the tests.
 *
 * Every button is at least KIOSK_TARGET_MM square on the configured screen
 * (display.width_mm / height_mm; 96 dpi when the size is unknown). Quick
 * exit is always at the top right, at the same place on every view, so a
 * hand finds it without reading. The chooser is a grid of one button per
 * language; a page is a header, the text (title, body, QR code) and a bar of
 * buttons: its links, read aloud, languages. Right-to-left languages read
 * the bar from the right. */
#ifndef SIGNAGE_LAYOUT_H
#define SIGNAGE_LAYOUT_H

#include <stdbool.h>

#include "kiosk/flow.h"

#define KIOSK_TARGET_MM     20 /* the least side of a button */
#define KIOSK_MAX_BUTTONS   (KIOSK_MAX_LANGS + KIOSK_MAX_LINKS + 4)
#define KIOSK_UNKNOWN_MM_PX (25.4 / 96)

struct kiosk_layout {
    struct kiosk_rect box;   /* the whole kiosk area */
    struct kiosk_rect title; /* the chooser's heading, or the page's text area */
    struct kiosk_button buttons[KIOSK_MAX_BUTTONS];
    int n_buttons;
    int target_px;  /* the least button side in pixels */
    bool too_small; /* the buttons could not all be made target_px square */
};

/* What this screen can do for each of flow->langs. */
struct kiosk_avail {
    bool can_speak[KIOSK_MAX_LANGS]; /* a voice, and not in quiet hours */
    bool no_font[KIOSK_MAX_LANGS];   /* no installed font draws its letters */
};

/* Lays out the view st is on (not KIOSK_OFF) in box, with mm_per_px the
 * physical size of a pixel (0 = unknown). A language without a font has a
 * disabled button labelled with its tag; one that cannot be spoken has a
 * disabled read-aloud button that says so. av NULL = fonts for all, no
 * speech. Labels point into f or into words.h. */
void kiosk_layout(const struct kiosk_flow *f, const struct kiosk_state *st, struct kiosk_rect box,
                  double mm_per_px, const struct kiosk_avail *av, struct kiosk_layout *out);

/* The least button side in pixels for mm_per_px (0 = unknown). */
int kiosk_target_px(double mm_per_px);

#endif
