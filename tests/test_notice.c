/* notice: the laws' data files, texts read from a law's folder word for
 * word with their hashes, the zone's geometry, the physical size of the
 * notice on a 55-inch 1080p landscape screen and a 75-inch 2160p portrait
 * one (both large enough), the warnings on a small screen under each law,
 * and the languages a law requires. Runs from tests/ (media is ../media). */
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "screen/fonts.h"
#include "screen/notice.h"
#include "testlib.h"

/* California Civil Code 52.6(b) as amended by AB 379 (2025), word for
 * word, as the player joins its lines: three paragraphs, the lead-in and
 * six entries, each ending with a period. */
static const char ca_text[] =
    "If you or someone you know is being forced to engage in any activity and cannot "
    "leave\u2014whether it is commercial sex, housework, farm work, construction, factory, "
    "retail, or restaurant work, or any other activity\u2014text 233-733 (Be Free) or call the "
    "National Human Trafficking Hotline at 1-888-373-7888 or the California Coalition to "
    "Abolish Slavery and Trafficking (CAST) at 1-888-KEY-2-FRE(EDOM) or 1-888-539-2373 to "
    "access help and services.\n\n"
    "Victims of slavery and human trafficking are protected under United States and California "
    "law.\n\n"
    "The hotlines are:\n"
    "\u2022 Available 24 hours a day, 7 days a week.\n"
    "\u2022 Toll-free.\n"
    "\u2022 Operated by nonprofit, nongovernmental organizations.\n"
    "\u2022 Anonymous and confidential.\n"
    "\u2022 Accessible in more than 160 languages.\n"
    "\u2022 Able to provide help, referral to services, training, and general information.";

/* sha256sum's answer for path. */
static void sha256sum(const char *path, char out[65])
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
    FILE *p = popen(cmd, "r");
    out[0] = '\0';
    if (p && fscanf(p, "%64s", out) != 1)
        out[0] = '\0';
    if (p)
        pclose(p);
}

static void test_text(void)
{
    struct diag d = {0};
    char *path = NULL, *sha = NULL, want[65];
    char *en = notice_read_text("../media/notice/us-ca", "en", &path, &sha, &d);
    EXPECT(en != NULL);
    if (en) {
        EXPECT_STR(en, ca_text);
        EXPECT_STR(path, "../media/notice/us-ca/en.txt");
        sha256sum(path, want);
        EXPECT_STR(sha, want);
    }
    free(en);
    free(path);
    free(sha);
    char *fl = notice_read_text("../media/notice/us-fl", "en", NULL, NULL, &d);
    EXPECT(fl && strstr(fl, "call the Florida Human Trafficking Hotline, 1-855-FLA-SAFE, to "
                            "access help and services.\n\nVictims of slavery"));
    free(fl);
    EXPECT_INT(d.n_lines, 0);
    EXPECT(notice_read_text("../media/notice/us-ca", "xx", NULL, NULL, &d) == NULL);
    EXPECT_INT(d.n_lines, 1);
    /* Texas sets no wording: every text is the operator's */
    EXPECT(notice_read_text("../media/notice/us-tx", "en", NULL, NULL, &d) == NULL);
    /* a directory, a device and a FIFO are refused, not read (or waited on) */
    EXPECT(notice_read_text("/dev", "zero", NULL, NULL, &d) == NULL);
    char fifo[] = "/tmp/signage-notice-XXXXXX";
    EXPECT(mkdtemp(fifo) != NULL);
    char *f = xasprintf("%s/en.txt", fifo);
    EXPECT_INT(mkfifo(f, 0600), 0);
    EXPECT(notice_read_text(fifo, "en", NULL, NULL, &d) == NULL);
    EXPECT(strstr(d.lines[d.n_lines - 1], "not a regular file") != NULL);
    unlink(f);
    free(f);
    rmdir(fifo);
    diag_free(&d);
}

static void test_laws(void)
{
    struct notice_law law;
    struct diag d = {0};
    EXPECT_INT(notice_law_load(&law, "../media/notice", "us-ca", "player.cfg", &d), 0);
    EXPECT_STR(law.name, "California Civil Code section 52.6");
    EXPECT(strstr(law.amended, "AB 379") != NULL);
    EXPECT(notice_law_requires(&law, "en") && notice_law_requires(&law, "es"));
    EXPECT(!notice_law_requires(&law, "fr"));
    EXPECT(law.min_width_in == 8.5 && law.min_height_in == 11.0 && law.min_type_pt == 16.0);
    notice_law_free(&law);
    EXPECT_INT(notice_law_load(&law, "../media/notice", "us-fl", "player.cfg", &d), 0);
    EXPECT_STR(law.name, "Florida Statutes section 787.29");
    EXPECT(law.min_type_pt == 16.0);
    notice_law_free(&law);
    EXPECT_INT(notice_law_load(&law, "../media/notice", "us-tx", "player.cfg", &d), 0);
    EXPECT(law.min_width_in == 0 && law.min_type_pt == 0);
    notice_law_free(&law);
    EXPECT_INT(d.n_lines, 0);
    /* a law nobody wrote, a name that is a path, a broken data file */
    EXPECT_INT(notice_law_load(&law, "../media/notice", "us-zz", "player.cfg", &d), -1);
    EXPECT(strstr(d.lines[0], "player.cfg: notice.law: \"us-zz\": no law file") != NULL);
    notice_law_free(&law);
    EXPECT_INT(notice_law_load(&law, "../media/notice", "../us-ca", "player.cfg", &d), -1);
    notice_law_free(&law);
    char dir[] = "/tmp/signage-law-XXXXXX";
    EXPECT(mkdtemp(dir) != NULL);
    char *sub = xasprintf("%s/xx", dir), *file = xasprintf("%s/xx/law.cfg", dir);
    mkdir(sub, 0700);
    FILE *fp = fopen(file, "w");
    fputs("law = {\n  name = \"X\";\n  languages = [\"en\"];\n  min_type_pt = \"big\";\n};\n", fp);
    fclose(fp);
    diag_free(&d);
    EXPECT_INT(notice_law_load(&law, dir, "xx", "player.cfg", &d), -1);
    EXPECT_INT(d.n_lines, 1);
    EXPECT(d.n_lines && strstr(d.lines[0], "law.cfg:4: law.min_type_pt: must be a number"));
    notice_law_free(&law);
    unlink(file);
    rmdir(sub);
    rmdir(dir);
    free(sub);
    free(file);
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
static int measure_under(const char *law_id, struct fonts *fonts, int panel_w, int panel_h,
                         int rotation, int w_mm, int h_mm, bool zone, struct notice_size *ns)
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
    struct notice_law law;
    EXPECT_INT(notice_law_load(&law, "../media/notice", law_id, NULL, &d), 0);
    if (strcmp(law_id, "us-tx") == 0) { /* no shipped text: use California's wording */
        free(law.dir);
        law.dir = strdup("../media/notice/us-ca");
    }
    EXPECT_INT(notice_build_item(&s, &law, &it, &d), 0);
    bool turned = rotation == 90 || rotation == 270;
    int w = turned ? panel_h : panel_w, h = turned ? panel_w : panel_h;
    struct screen_plan sp;
    notice_plan_screen(w, h, false, zone, "auto", &sp);
    SDL_Rect box = zone ? sp.zone : sp.rotation;
    EXPECT_INT(notice_measure(fonts, &it, box.w, box.h, notice_mm_per_px(&s, w, h, 0), ns), 0);
    int warnings = notice_check_size(ns, &law, "test", &d);
    for (int i = 0; i < d.n_lines; i++)
        printf("  %s\n", d.lines[i]);
    diag_free(&d);
    playlist_item_free(&it);
    notice_law_free(&law);
    settings_free(&s);
    return warnings;
}

static int measure(struct fonts *fonts, int panel_w, int panel_h, int rotation, int w_mm, int h_mm,
                   bool zone, struct notice_size *ns)
{
    return measure_under("us-ca", fonts, panel_w, panel_h, rotation, w_mm, h_mm, zone, ns);
}

/* The languages a law requires against a notice's. */
static void test_languages(void)
{
    struct notice_law law;
    struct diag d = {0};
    EXPECT_INT(notice_law_load(&law, "../media/notice", "us-ca", NULL, &d), 0);
    struct variant v[2] = {{.lang = "en"}, {.lang = "es"}};
    struct item it = {.variants = v, .n_variants = 1};
    EXPECT_INT(notice_check_languages(&it, &law, "test", &d), 1);
    EXPECT(d.n_lines == 1 && strstr(d.lines[0], "requires the notice in \"es\" too"));
    it.n_variants = 2;
    EXPECT_INT(notice_check_languages(&it, &law, "test", &d), 0);
    notice_law_free(&law);
    diag_free(&d);
}

int main(void)
{
    test_text();
    test_laws();
    test_languages();
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

    /* Florida's minimum is California's (its shorter text gets larger type);
     * Texas sets none ("clearly legible"). */
    EXPECT_INT(measure_under("us-fl", fonts, 1280, 800, 0, 217, 136, false, &ns), 1);
    EXPECT_INT(measure_under("us-tx", fonts, 1280, 800, 0, 217, 136, false, &ns), 0);

    /* Unknown physical size: one warning saying so. */
    EXPECT_INT(measure(fonts, 1920, 1080, 0, 0, 0, true, &ns), 1);

    fonts_destroy(fonts);
    TTF_Quit();
    return test_result("test_notice");
}
