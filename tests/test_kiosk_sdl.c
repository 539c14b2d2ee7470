/* test_kiosk_sdl: the kiosk with SDL's dummy video driver, fed events the
 * way the loop feeds them: finger touches (a touchscreen, which Xvfb cannot
 * give the X11 tests), keys, and a storm of taps pushed with SDL_PushEvent
 * and drained as the loop drains them, a redraw after each batch. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>

#include "base/util.h"
#include "kiosk/kiosk.h"
#include "kiosk/layout.h"
#include "testlib.h"

#define W 1280
#define H 720

static SDL_Event finger(double x, double y)
{
    SDL_Event e = {.type = SDL_FINGERDOWN};
    e.tfinger.x = (float)x;
    e.tfinger.y = (float)y;
    return e;
}

/* The centre of button i of the view st is on, as a finger's 0..1 position. */
static SDL_Event finger_on(const struct kiosk_flow *f, enum kiosk_view view, int lang, int i)
{
    struct kiosk_state st = {.view = view, .lang = lang, .focus = -1};
    struct kiosk_layout l;
    kiosk_layout(f, &st, (struct kiosk_rect){0, 0, W, H}, 0, NULL, &l);
    const struct kiosk_rect *r = &l.buttons[i].r;
    return finger((r->x + r->w / 2.0) / W, (r->y + r->h / 2.0) / H);
}

int main(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    EXPECT_INT(SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS), 0);
    EXPECT_INT(TTF_Init(), 0);
    char err[256] = "";
    struct render_opts ro = {.headless = true, .width = W, .height = H};
    struct render *r = render_create(&ro, err, sizeof(err));
    struct fonts *fonts = fonts_create("");
    EXPECT(r && fonts);
    if (!r || !fonts)
        return test_result("test_kiosk_sdl");
    char *langs[] = {"en", "es", "zh-Hant", "ar"};
    struct kiosk_flow *f = kiosk_flow_default(langs, 4, 45);
    f->speech = false; /* no audio here */
    struct kiosk_flow *layout_of = kiosk_flow_default(langs, 4, 45);
    layout_of->speech = false;
    SDL_Rect box = {0, 0, W, H};
    struct kiosk *k = kiosk_create(f, r, fonts, &box, 0);
    int64_t t = time_now_us(), wall = time_wall_ms();

    /* A touch opens the chooser; a touch on Spanish opens the page. */
    SDL_Event e = finger(0.5, 0.5);
    EXPECT_INT(kiosk_feed(k, &e, t, wall, NULL), OUT_OPENED);
    EXPECT(kiosk_is_open(k));
    e = finger_on(layout_of, KIOSK_CHOOSER, 0, 2);
    EXPECT_INT(kiosk_feed(k, &e, t, wall, NULL), OUT_SHOW);
    kiosk_draw_screen(k);
    /* A mouse event SDL made from a touch is not a second tap. */
    SDL_Event m = {.type = SDL_MOUSEBUTTONDOWN};
    m.button.which = SDL_TOUCH_MOUSEID;
    EXPECT_INT(kiosk_feed(k, &m, t, wall, NULL), OUT_NONE);
    /* Quick exit by touch, then by Escape. */
    e = finger_on(layout_of, KIOSK_PAGE, 1, 0);
    EXPECT_INT(kiosk_feed(k, &e, t, wall, NULL), OUT_QUICK_EXIT);
    EXPECT(!kiosk_is_open(k));
    SDL_Event key = {.type = SDL_KEYDOWN};
    key.key.keysym.sym = SDLK_SPACE;
    EXPECT_INT(kiosk_feed(k, &key, t, wall, NULL), OUT_OPENED);
    key.key.keysym.sym = SDLK_ESCAPE;
    EXPECT_INT(kiosk_feed(k, &key, t, wall, NULL), OUT_QUICK_EXIT);
    key.key.keysym.sym = SDLK_q; /* not the kiosk's: the loop's */
    EXPECT(!kiosk_key(SDLK_q));
    EXPECT_INT(kiosk_feed(k, &key, t, wall, NULL), OUT_NONE);
    EXPECT(!kiosk_is_open(k));

    /* The storm: batches of 500 taps anywhere, pushed onto SDL's queue,
     * drained and drawn once per batch as the loop does. */
    srand(11);
    int64_t t0 = time_now_us();
    int fed = 0, shows = 0, exits = 0, draws = 0;
    for (int batch = 0; batch < 8; batch++) {
        for (int i = 0; i < 500; i++) {
            SDL_Event s = finger(rand() / (double)RAND_MAX, rand() / (double)RAND_MAX);
            EXPECT_INT(SDL_PushEvent(&s), 1);
        }
        SDL_Event ev;
        while (SDL_PollEvent(&ev)) {
            enum kiosk_outcome o = kiosk_feed(k, &ev, t, wall, NULL);
            fed += ev.type == SDL_FINGERDOWN;
            shows += o == OUT_SHOW;
            exits += o == OUT_QUICK_EXIT;
        }
        kiosk_draw_screen(k);
        draws++;
    }
    double ms = (time_now_us() - t0) / 1000.0;
    printf(
        "storm: %d taps fed in %.0f ms (%.0f taps/s, %d draws): %d pages shown, %d quick exits\n",
        fed, ms, fed / (ms / 1000), draws, shows, exits);
    EXPECT_INT(fed, 4000);
    EXPECT(shows > 0 && exits > 0);
    /* Whatever the storm left, the counts are page views by the hour. */
    struct kiosk_tally *tally = kiosk_tally(k);
    EXPECT(tally->n > 0);
    EXPECT_INT(tally->hour_ms % KIOSK_HOUR_MS, 0);
    EXPECT_INT(tally->dropped, 0);

    kiosk_destroy(k);
    kiosk_flow_free(layout_of);
    fonts_destroy(fonts);
    render_destroy(r);
    TTF_Quit();
    SDL_Quit();
    return test_result("test_kiosk_sdl");
}
