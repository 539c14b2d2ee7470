/* kiosk: the help flow on screen. Turns touches, clicks and keys into the
 * flow's inputs (flow.h), lays out and draws the view (layout.h, draw.h),
 * reads pages aloud (speak.h) and counts page views for the ledger
 * (tally.h). The play loop owns one when the config or playlist has a
 * `kiosk` group; it asks kiosk_feed() about each event and kiosk_poll()
 * each turn, and draws with kiosk_draw_screen() while kiosk_is_open().
 * Main thread only. */
#ifndef SIGNAGE_KIOSK_H
#define SIGNAGE_KIOSK_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/tz.h"
#include "kiosk/flow.h"
#include "kiosk/tally.h"
#include "screen/fonts.h"
#include "screen/render.h"

struct kiosk;

/* Takes f. box is where the kiosk shows, in logical pixels (the rotation's
 * box: the notice zone and the band stay); mm_per_px the pixel's physical
 * size, 0 = unknown. Starts read aloud when the flow offers it (which may
 * find no audio and say so once). Checks that a font draws each language
 * (kiosk_check_fonts). Never NULL. */
struct kiosk *kiosk_create(struct kiosk_flow *f, struct render *r, struct fonts *fonts,
                           const SDL_Rect *box, double mm_per_px);

/* Moves the kiosk to box (the rotation's box changed: an alert band came
 * or went), laying the open view out again. k may be NULL. */
void kiosk_set_box(struct kiosk *k, const SDL_Rect *box);

/* kiosk_destroy(NULL) is a no-op. */
void kiosk_destroy(struct kiosk *k);

bool kiosk_is_open(const struct kiosk *k);

/* Applies ev when it is the kiosk's: a touch, a mouse click, or one of its
 * keys (arrows, Tab, Enter, Space, the keypad, R to read aloud, Escape for
 * quick exit); any of them opens the flow when it is off. Returns what
 * happened (OUT_NONE for an event it does not take). now_us: monotonic;
 * wall_ms and tz: for the hour a view is counted in and the quiet hours. */
enum kiosk_outcome kiosk_feed(struct kiosk *k, const SDL_Event *ev, int64_t now_us, int64_t wall_ms,
                              const struct tz *tz);

/* True for the keys kiosk_feed() takes (the loop then does not treat them
 * as its own, e.g. Escape). */
bool kiosk_key(SDL_Keycode key);

/* Closes the flow after its idle time without input (OUT_IDLE). */
enum kiosk_outcome kiosk_poll(struct kiosk *k, int64_t now_us);

/* Draws the open view into its box (redrawing its picture only when the
 * view or the focus changed). */
void kiosk_draw_screen(struct kiosk *k);

/* The views counted so far, for the loop to hand to the ledger when the
 * hour turns (kiosk_tally_due) and at the end. */
struct kiosk_tally *kiosk_tally(struct kiosk *k);

#endif
