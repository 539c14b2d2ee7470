/* notice: texts read from the notice folder, the zone's geometry, the
 * physical size of the notice on a 55-inch 1080p landscape screen and a
 * 75-inch 2160p portrait one (both large enough), and the warning on a
 * small screen. Runs from tests/ (media is ../media). */
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/fonts.h"
#include "screen/notice.h"
#include "testlib.h"

static void test_text(void)
{
    struct diag d = {0};
    char *en = notice_read_text("../media/notice", "en", &d);
    EXPECT(en != NULL);
    if (en) {
        EXPECT(strncmp(en, "If you or someone you know is being forced", 42) == 0);
        EXPECT(strstr(en, "#") == NULL); /* notes are not shown */
        EXPECT(strstr(en, "1-888-373-7888") != NULL);
        EXPECT(strstr(en, "\n\u2022 Toll-free\n") != NULL);
    }
    free(en);
    EXPECT(notice_read_text("../media/notice", "xx", &d) == NULL);
    EXPECT_INT(d.n_lines, 1);
    diag_free(&d);
}

static void test_zone(void)
{
    SDL_Rect all = {0, 0, 1920, 1080}, rot, zone;
    notice_zone_split(&all, "auto", &rot, &zone);
    EXPECT_INT(zone.h, 1080);
    EXPECT_INT(zone.w, 1080 * 85 / 110);
    EXPECT_INT(zone.x + zone.w, 1920);
    EXPECT_INT(rot.w + zone.w, 1920);
    all = (SDL_Rect){0, 0, 2160, 3840};
    notice_zone_split(&all, "auto", &rot, &zone);
    EXPECT_INT(zone.w, 2160);
    EXPECT_INT(zone.h, 2160 * 85 / 110);
    EXPECT_INT(rot.h + zone.h, 3840);
}

/* Measures the English notice on a screen; returns the warnings. */
static int measure(struct fonts *fonts, int panel_w, int panel_h, int rotation, int w_mm, int h_mm,
                   bool zone, struct notice_size *ns)
{
    struct settings s;
    settings_defaults(&s);
    s.rotation = rotation;
    s.width_mm = w_mm;
    s.height_mm = h_mm;
    free(s.notice_languages[1]); /* "en" only */
    s.notice_languages[1] = NULL;
    free(s.notice_dir);
    s.notice_dir = strdup("../media/notice");
    struct diag d = {0};
    struct item it;
    EXPECT_INT(notice_build_item(&s, &it, &d), 0);
    bool turned = rotation == 90 || rotation == 270;
    int w = turned ? panel_h : panel_w, h = turned ? panel_w : panel_h;
    struct screen_plan sp;
    notice_plan_screen(w, h, false, zone, "auto", &sp);
    SDL_Rect box = zone ? sp.zone : sp.rotation;
    EXPECT_INT(notice_measure(fonts, &it, box.w, box.h, notice_mm_per_px(&s, w, h, 0), ns), 0);
    int warnings = notice_check_size(ns, "test", &d);
    for (int i = 0; i < d.n_lines; i++)
        printf("  %s\n", d.lines[i]);
    diag_free(&d);
    playlist_item_free(&it);
    settings_free(&s);
    return warnings;
}

int main(void)
{
    test_text();
    test_zone();
    EXPECT_INT(TTF_Init(), 0);
    struct fonts *fonts = fonts_create(NULL);
    EXPECT(fonts != NULL);
    if (!fonts)
        return test_result("test_notice");
    struct notice_size ns;

    /* 55-inch 16:9 panel: 1218 x 685 mm. */
    EXPECT_INT(measure(fonts, 1920, 1080, 0, 1218, 685, true, &ns), 0);
    printf("55\" 1080p landscape, zone: %dx%d px = %.1f x %.1f in, type %d px = %.1f pt\n",
           ns.box_w, ns.box_h, ns.w_in, ns.h_in, ns.type_px, ns.type_pt);
    EXPECT(ns.w_in >= 8.5 && ns.h_in >= 11 && ns.type_pt >= 16);

    /* 75-inch 16:9 panel, hung portrait: 1660 x 934 mm. */
    EXPECT_INT(measure(fonts, 3840, 2160, 90, 1660, 934, true, &ns), 0);
    printf("75\" 2160p portrait, zone: %dx%d px = %.1f x %.1f in, type %d px = %.1f pt\n", ns.box_w,
           ns.box_h, ns.w_in, ns.h_in, ns.type_px, ns.type_pt);
    EXPECT(ns.w_in >= 11 && ns.h_in >= 8.5 && ns.type_pt >= 16);

    /* A 10-inch 1280x800 tablet, full screen: too small in both ways. */
    EXPECT_INT(measure(fonts, 1280, 800, 0, 217, 136, false, &ns), 2);
    EXPECT(ns.type_pt < 16);

    /* Unknown physical size: one warning saying so. */
    EXPECT_INT(measure(fonts, 1920, 1080, 0, 0, 0, true, &ns), 1);

    fonts_destroy(fonts);
    TTF_Quit();
    return test_result("test_notice");
}
