/* alert_card: the picture of one emergency alert in one language, for the
 * whole screen or for a band across the top of the rotation. Main thread
 * only (SDL_ttf).
 *
 * Layout: a header strip (the label: "EMERGENCY ALERT · Earthquake ·
 * until 18:00") in white on black, over the alert's colour (red for an
 * Extreme alert, dark orange otherwise) holding the headline in bold and,
 * below a short rule, the description and the instruction, all sized to
 * fit with the slide layout (slide.h: the same margins, shaping, line
 * breaking and right-to-left handling). */
#ifndef SIGNAGE_ALERT_CARD_H
#define SIGNAGE_ALERT_CARD_H

#include <SDL.h>
#include <stdbool.h>

#include "screen/fonts.h"

#define ALERT_CARD_EXTREME_BG 0xb00020
#define ALERT_CARD_BG         0xa33b00
#define ALERT_CARD_HEADER_BG  0x111111

/* What the card says; strings borrowed for the call, any may be NULL. */
struct alert_card {
    const char *lang;  /* BCP 47 tag: font, direction, line breaks */
    const char *label; /* the header strip */
    const char *headline, *description, *instruction;
    bool extreme;
};

/* The band's box for an alert in a rotation area of box (its top part),
 * and what is left of the area for the rotation. */
void alert_card_band_split(const SDL_Rect *box, SDL_Rect *band, SDL_Rect *rest);

/* Draws c for a w x h box onto a texture of rr. Returns it (caller
 * destroys), or NULL after logging why. */
SDL_Texture *alert_card_render(SDL_Renderer *rr, struct fonts *fonts, const struct alert_card *c,
                               int w, int h);

#endif
