/* Caption files: SubRip and WebVTT parsed, markup removed, bad files refused
 * with file:line, cues found by time. */
#include <stdlib.h>

#include "media/captions.h"
#include "screen/caption.h"
#include "testlib.h"

/* Parses text; returns the result and leaves the first problem in first_line. */
static int parse(const char *text, struct captions *c, char *first_line, size_t size)
{
    struct diag d = {0};
    memset(c, 0, sizeof(*c));
    int rc = captions_parse("t.srt", text, strlen(text), c, &d);
    snprintf(first_line, size, "%s", d.n_lines ? d.lines[0] : "");
    diag_free(&d);
    return rc;
}

static void test_srt(void)
{
    struct captions c;
    char err[512];
    const char *srt = "\xef\xbb\xbf"
                      "1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Forced to work</i>\r\n"
                      "and can't leave?\r\n\r\n"
                      "2\n00:00:03,000 --> 00:00:04,000\n{\\an8}Call &amp; text\n\n\n"
                      "3\n01:00:00,000 --> 01:00:00,001\n\n";
    EXPECT_INT(parse(srt, &c, err, sizeof(err)), 0);
    EXPECT_STR(err, "");
    EXPECT_INT(c.n, 3);
    EXPECT_INT(c.cues[0].start_us, 1000000);
    EXPECT_INT(c.cues[0].end_us, 2500000);
    EXPECT_STR(c.cues[0].text, "Forced to work\nand can't leave?");
    EXPECT_INT(c.cues[0].line, 2);
    EXPECT_STR(c.cues[1].text, "Call & text");
    EXPECT_INT(c.cues[1].line, 7);
    EXPECT_INT(c.cues[2].start_us, 3600000000LL);
    EXPECT_STR(c.cues[2].text, "");
    EXPECT_INT(captions_find(&c, 0), -1);
    EXPECT_INT(captions_find(&c, 999999), -1);
    EXPECT_INT(captions_find(&c, 1000000), 0);
    EXPECT_INT(captions_find(&c, 2499999), 0);
    EXPECT_INT(captions_find(&c, 2500000), -1);
    EXPECT_INT(captions_find(&c, 3500000), 1);
    EXPECT_INT(captions_find(&c, 3600000000LL), 2);
    EXPECT_INT(captions_find(&c, 3600001000LL), -1);
    captions_free(&c);
    captions_free(&c); /* freed twice: a no-op */
}

static void test_vtt(void)
{
    struct captions c;
    char err[512];
    const char *vtt = "WEBVTT - spots\nKind: captions\n\n"
                      "NOTE made by hand\nover two lines\n\n"
                      "STYLE\n::cue { color: yellow }\n\n"
                      "intro\n00:01.000 --> 00:02.000 align:start line:90%\n"
                      "<v Narrator>مرحبا</v> <c.yellow>world</c>\n\n"
                      "00:00:02.000 --> 00:00:05.250\n你好&nbsp;世界 &lt;3\n";
    EXPECT_INT(parse(vtt, &c, err, sizeof(err)), 0);
    EXPECT_STR(err, "");
    EXPECT_INT(c.n, 2);
    EXPECT_INT(c.cues[0].start_us, 1000000);
    EXPECT_STR(c.cues[0].text, "مرحبا world");
    EXPECT_INT(c.cues[1].end_us, 5250000);
    EXPECT_STR(c.cues[1].text, "你好\xc2\xa0世界 <3");
    EXPECT_INT(captions_find(&c, 2000000), 1); /* end excluded: back to back */
    captions_free(&c);
}

static void expect_bad(const char *text, const char *want)
{
    struct captions c;
    char err[512];
    EXPECT_INT(parse(text, &c, err, sizeof(err)), -1);
    EXPECT_STR(err, want);
    captions_free(&c);
}

static void test_bad(void)
{
    expect_bad("", "t.srt: empty, no captions in it");
    expect_bad(" \n\r\n\t\n", "t.srt: empty, no captions in it");
    expect_bad("just words\n", "t.srt:1: no timing line (\"00:00:01,000 --> 00:00:03,500\") in "
                               "this caption");
    expect_bad("1\n00:00:01,000 -> 00:00:02,000\nx\n",
               "t.srt:1: no timing line (\"00:00:01,000 --> 00:00:03,500\") in this caption");
    expect_bad("1\n00:00:01,000 --> 00:00:02\nx\n",
               "t.srt:2: bad timing \"00:00:01,000 --> 00:00:02\" (want 00:00:01,000 --> "
               "00:00:03,500)");
    expect_bad("1\n00:01,000 --> 00:02,000\nx\n", /* hours are not optional in SubRip */
               "t.srt:2: bad timing \"00:01,000 --> 00:02,000\" (want 00:00:01,000 --> "
               "00:00:03,500)");
    expect_bad("1\n00:00:61,000 --> 00:01:02,000\nx\n",
               "t.srt:2: bad timing \"00:00:61,000 --> 00:01:02,000\" (want 00:00:01,000 --> "
               "00:00:03,500)");
    expect_bad("1\n00:00:03,000 --> 00:00:02,000\nx\n",
               "t.srt:2: ends (00:00:02,000) before it starts (00:00:03,000)");
    expect_bad("1\n00:00:01,000 --> 00:00:03,000\na\n\n2\n00:00:02,000 --> 00:00:04,000\nb\n",
               "t.srt:6: overlaps the caption above it (line 2, which ends at 00:00:03,000)");
    expect_bad("1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:02,000\nb\n",
               "t.srt:6: starts (00:00:01,000) before the caption above it (line 2): times go "
               "backwards");
    expect_bad("WEBVTT\n\n00:01.000 --> 00:00.500\nx\n",
               "t.srt:3: ends (00:00:00.500) before it starts (00:00:01.000)");
    expect_bad("1\n00:00:01,000 --> 00:00:02,000\nna\xefve\n",
               "t.srt:3: not UTF-8 text (save the file as UTF-8)");
    expect_bad("1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n", /* Latin-1 */
               "t.srt:3: not UTF-8 text (save the file as UTF-8)");
    expect_bad("WEBVTT\n\nNOTE nothing else\n", "t.srt: no captions in it");

    struct captions c = {0};
    struct diag d = {0};
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    EXPECT_INT(captions_parse("x.srt", png, sizeof(png) - 1, &c, &d), -1);
    EXPECT_INT(d.n_lines, 1);
    EXPECT_STR(d.n_lines ? d.lines[0] : "",
               "x.srt: a binary file, not captions (SubRip .srt or WebVTT .vtt)");
    diag_free(&d);

    /* Every problem is reported, and the good cues are kept. */
    const char *two = "1\n00:00:03,000 --> 00:00:02,000\na\n\n2\n00:00:04,000 --> 00:00:05,000\nb\n"
                      "\n3\n00:00:04,500 --> 00:00:06,000\nc\n";
    EXPECT_INT(captions_parse("t.srt", two, strlen(two), &c, &d), -1);
    EXPECT_INT(d.n_lines, 2);
    EXPECT_INT(c.n, 1);
    diag_free(&d);
    captions_free(&c);

    EXPECT_INT(captions_load("/nonexistent/a.srt", NULL, &c, &d), -1);
    EXPECT_STR(d.n_lines ? d.lines[0] : "", "/nonexistent/a.srt: no such file");
    diag_free(&d);
    EXPECT_INT(captions_load("/", NULL, &c, &d), -1);
    EXPECT_STR(d.n_lines ? d.lines[0] : "", "/: not a regular file");
    diag_free(&d);
}

static void test_stream_cues(void)
{
    struct captions c = {0};
    EXPECT_INT(captions_add(&c, 1000, 5000, "a"), 0);
    EXPECT_INT(captions_add(&c, 3000, 6000, "b"), 0); /* cuts a at 3000 */
    EXPECT_INT(c.cues[0].end_us, 3000);
    EXPECT_INT(captions_add(&c, 2000, 2500, "late"), -1);
    EXPECT_INT(captions_add(&c, 7000, 7000, "empty"), -1);
    EXPECT_INT(captions_add(&c, 3000, 6500, "b again"), 0);
    EXPECT_INT(c.n, 2);
    EXPECT_STR(c.cues[1].text, "b again");
    EXPECT_INT(captions_find(&c, 6400), 1);
    captions_clear_from(&c, 5000); /* an empty event: the screen clears */
    EXPECT_INT(captions_find(&c, 5500), -1);
    EXPECT_INT(captions_find(&c, 4000), 1);
    captions_clear_from(&c, 9000); /* nothing showing then: no change */
    EXPECT_INT(c.cues[1].end_us, 5000);
    char *t = captions_clean_text("{\\i1}one\\Ntwo{\\i0}  \n\n three\\hfour ");
    EXPECT_STR(t, "one\ntwo\n three four");
    free(t);
    captions_free(&c);
}

static void test_placement(void)
{
    /* An eighteenth of the shorter side, either way up; 14 px at least. */
    EXPECT_INT(caption_px(&(SDL_Rect){0, 0, 1920, 1080}), 60);
    EXPECT_INT(caption_px(&(SDL_Rect){0, 0, 1080, 1920}), 60);
    EXPECT_INT(caption_px(&(SDL_Rect){0, 0, 160, 90}), 14);
    /* Centred, a twentieth of the box above its bottom, inside the box
     * (the rotation's: the notice zone and the band are outside it). */
    SDL_Rect box = {0, 0, 1440, 1000}; /* the rotation beside a zone, above a band */
    SDL_Rect r = caption_place(&box, 400, 80);
    EXPECT_INT(r.x, 520);
    EXPECT_INT(r.y, 1000 - 50 - 80);
    EXPECT(r.y + r.h <= box.y + box.h);
    box = (SDL_Rect){100, 200, 600, 60};
    r = caption_place(&box, 300, 100); /* taller than the box: kept at its top */
    EXPECT_INT(r.y, 200);
}

int main(void)
{
    test_placement();
    test_srt();
    test_vtt();
    test_bad();
    test_stream_cues();
    return test_result("test_captions");
}
