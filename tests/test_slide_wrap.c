/* Line breaking and bidi (text.h): Latin wraps at spaces, CJK between
 * characters, never inside a phone number; closing punctuation never starts
 * a line; "\n" always breaks; right-to-left lines put their runs right to
 * left with numbers kept left to right; a run missing from the language's
 * font falls back to a font that has it. */
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "screen/fonts.h"
#include "screen/text.h"
#include "testlib.h"

static char *line_text(const char *text, const struct text_line *l)
{
    char *s = calloc(1, (size_t)l->len + 1);
    memcpy(s, text + l->start, (size_t)l->len);
    return s;
}

static int wrap(const struct text_style *st, const char *text, int width, char **out, int max)
{
    struct text_line lines[32];
    int n = text_wrap(st, text, width, lines, 32);
    for (int i = 0; i < n && i < max; i++)
        out[i] = line_text(text, &lines[i]);
    return n;
}

static void free_lines(char **lines, int n)
{
    for (int i = 0; i < n; i++)
        free(lines[i]);
}

static int width_of(const struct text_style *st, const char *s)
{
    return text_width(st, s, (int)strlen(s));
}

static void test_latin(struct fonts *fonts)
{
    struct text_style st = {fonts, "en", false, 20};
    char *l[32];
    int n = wrap(&st, "Call 1-888-373-7888", 2000, l, 32);
    EXPECT_INT(n, 1);
    EXPECT_STR(l[0], "Call 1-888-373-7888");
    free_lines(l, n);

    /* Narrow: words move down, the phone number stays whole. */
    int w_word = width_of(&st, "1-888-373-7888");
    n = wrap(&st, "Call 1-888-373-7888 now", w_word + 2, l, 32);
    EXPECT_INT(n, 3);
    if (n == 3) {
        EXPECT_STR(l[0], "Call");
        EXPECT_STR(l[1], "1-888-373-7888");
        EXPECT_STR(l[2], "now");
    }
    free_lines(l, n);

    /* A piece wider than the line cannot be wrapped. */
    EXPECT_INT(wrap(&st, "1-888-373-7888", w_word / 2, l, 32), -1);

    /* Hard breaks, and an empty paragraph between two. */
    n = wrap(&st, "one\n\ntwo", 2000, l, 32);
    EXPECT_INT(n, 3);
    if (n == 3) {
        EXPECT_STR(l[0], "one");
        EXPECT_STR(l[1], "");
        EXPECT_STR(l[2], "two");
    }
    free_lines(l, n);
}

static void test_cjk(struct fonts *fonts)
{
    struct text_style st = {fonts, "zh-Hant", false, 20};
    char *l[32];
    /* Chinese breaks between characters; "，" and "？" never start a line. */
    int w_char = width_of(&st, "被迫工");
    int n = wrap(&st, "被迫工作，無法離開？", w_char + 2, l, 32);
    EXPECT(n >= 3);
    char joined[256] = "";
    for (int i = 0; i < n; i++) {
        EXPECT(strncmp(l[i], "，", strlen("，")) != 0);
        EXPECT(strncmp(l[i], "？", strlen("？")) != 0);
        EXPECT(width_of(&st, l[i]) <= w_char + 2);
        strcat(joined, l[i]);
    }
    EXPECT_STR(joined, "被迫工作，無法離開？");
    free_lines(l, n);

    /* A number inside Chinese text stays whole. */
    int w_word = width_of(&st, "請致電 1-888-373-7888");
    n = wrap(&st, "請致電 1-888-373-7888 或發短信", w_word - 1, l, 32);
    bool whole = false;
    for (int i = 0; i < n; i++)
        whole |= strstr(l[i], "1-888-373-7888") != NULL;
    EXPECT(whole);
    free_lines(l, n);

    /* Japanese: kana and kanji break between characters; "、" stays put. */
    st.lang = "ja";
    int w_ja = width_of(&st, "働くことを");
    n = wrap(&st, "働くことを強いられ、逃げられませんか？", w_ja, l, 32);
    EXPECT(n >= 3);
    for (int i = 0; i < n; i++) {
        EXPECT(strncmp(l[i], "、", strlen("、")) != 0);
        EXPECT(width_of(&st, l[i]) <= w_ja);
    }
    free_lines(l, n);
}

static void test_rtl(struct fonts *fonts)
{
    struct text_style st = {fonts, "ar", false, 20};
    const char *s = "اتصل على 1-888-373-7888";
    struct text_run_info runs[8];
    int n = text_runs(&st, s, (int)strlen(s), runs, 8);
    EXPECT(n >= 2);
    if (n >= 2) {
        /* Visual order: the number (left to right) at the left end, the
         * Arabic (right to left) to its right, where the line starts. */
        EXPECT(!runs[0].rtl);
        EXPECT(strncmp(s + runs[0].start, "1-888-373-7888", 14) == 0);
        EXPECT(runs[n - 1].rtl);
        EXPECT_INT(runs[n - 1].start, 0);
        EXPECT_STR(runs[n - 1].script, "Arab");
    }

    /* Wrapping keeps the logical order: the first line holds the first words. */
    char *l[32];
    const char *para = "الخط الساخن الوطني لمكافحة الاتجار بالبشر";
    int w = width_of(&st, "الخط الساخن الوطني");
    n = wrap(&st, para, w + 2, l, 32);
    EXPECT(n >= 2);
    if (n >= 2)
        EXPECT(strncmp(l[0], "الخط الساخن", strlen("الخط الساخن")) == 0);
    free_lines(l, n);

    /* Farsi with a zero-width non-joiner: nothing missing. */
    st.lang = "fa";
    const char *fa = "نمی‌توانید";
    EXPECT_INT(text_count_missing(&st, fa, (int)strlen(fa)), 0);
}

static void test_fallback(struct fonts *fonts)
{
    /* English text with Chinese and Armenian in it: each run finds a font. */
    struct text_style st = {fonts, "en", false, 20};
    const char *s = "Hotline 熱線 Թեժ գիծ 1-888-373-7888";
    EXPECT_INT(text_count_missing(&st, s, (int)strlen(s)), 0);
    struct text_run_info runs[16];
    int n = text_runs(&st, s, (int)strlen(s), runs, 16);
    EXPECT(n >= 3);
    EXPECT_INT(fonts_misses(fonts), 0);

    /* A character no font has is counted, once per look-up, not hidden. */
    const char *tofu = "a\U0010FFFDb";
    EXPECT_INT(text_count_missing(&st, tofu, (int)strlen(tofu)), 1);
    EXPECT(fonts_misses(fonts) >= 1);
}

int main(void)
{
    EXPECT_INT(TTF_Init(), 0);
    struct fonts *fonts = fonts_create(NULL);
    EXPECT(fonts != NULL);
    if (!fonts)
        return test_result("test_slide_wrap");
    test_latin(fonts);
    test_cjk(fonts);
    test_rtl(fonts);
    test_fallback(fonts);
    fonts_destroy(fonts);
    TTF_Quit();
    return test_result("test_slide_wrap");
}
