/* slide_wrap: Latin wraps at spaces, CJK between characters, never inside a
 * phone number; closing punctuation never starts a line; "\n" always breaks. */
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "fonts.h"
#include "slide.h"
#include "testlib.h"

static char *line_text(const char *text, const struct slide_line *l)
{
    char *s = calloc(1, (size_t)l->len + 1);
    memcpy(s, text + l->start, (size_t)l->len);
    return s;
}

static int wrap(TTF_Font *font, const char *text, int width, char **out, int max)
{
    struct slide_line lines[32];
    int n = slide_wrap(font, text, width, lines, 32);
    for (int i = 0; i < n && i < max; i++)
        out[i] = line_text(text, &lines[i]);
    return n;
}

static void free_lines(char **lines, int n)
{
    for (int i = 0; i < n; i++)
        free(lines[i]);
}

int main(void)
{
    EXPECT_INT(TTF_Init(), 0);
    struct fonts *fonts = fonts_create(NULL);
    EXPECT(fonts != NULL);
    TTF_Font *latin = fonts_get(fonts, "en", false);
    TTF_Font *cjk = fonts_get(fonts, "zh-Hant", false);
    EXPECT(latin && cjk);
    if (!latin || !cjk)
        return test_result("test_slide_wrap");
    TTF_SetFontSize(latin, 20);
    TTF_SetFontSize(cjk, 20);
    char *l[32];
    int w_word, h;

    /* Everything on one line when it fits. */
    int n = wrap(latin, "Call 1-888-373-7888", 2000, l, 32);
    EXPECT_INT(n, 1);
    EXPECT_STR(l[0], "Call 1-888-373-7888");
    free_lines(l, n);

    /* Narrow: words move down, the phone number stays whole. */
    TTF_SizeUTF8(latin, "1-888-373-7888", &w_word, &h);
    n = wrap(latin, "Call 1-888-373-7888 now", w_word + 2, l, 32);
    EXPECT_INT(n, 3);
    if (n == 3) {
        EXPECT_STR(l[0], "Call");
        EXPECT_STR(l[1], "1-888-373-7888");
        EXPECT_STR(l[2], "now");
    }
    free_lines(l, n);

    /* A piece wider than the line cannot be wrapped. */
    EXPECT_INT(wrap(latin, "1-888-373-7888", w_word / 2, l, 32), -1);

    /* Hard breaks, and an empty paragraph between two. */
    n = wrap(latin, "one\n\ntwo", 2000, l, 32);
    EXPECT_INT(n, 3);
    if (n == 3) {
        EXPECT_STR(l[0], "one");
        EXPECT_STR(l[1], "");
        EXPECT_STR(l[2], "two");
    }
    free_lines(l, n);

    /* Chinese breaks between characters; "，" never starts a line. */
    int w_char;
    TTF_SizeUTF8(cjk, "被迫工", &w_char, &h);
    n = wrap(cjk, "被迫工作，無法離開？", w_char + 2, l, 32);
    EXPECT(n >= 3);
    for (int i = 0; i < n; i++) {
        EXPECT(strncmp(l[i], "，", strlen("，")) != 0);
        EXPECT(strncmp(l[i], "？", strlen("？")) != 0);
        int w;
        TTF_SizeUTF8(cjk, l[i], &w, &h);
        EXPECT(w <= w_char + 2 || strlen(l[i]) <= 6);
    }
    char joined[256] = "";
    for (int i = 0; i < n; i++)
        strcat(joined, l[i]);
    EXPECT_STR(joined, "被迫工作，無法離開？");
    free_lines(l, n);

    /* A number inside Chinese text stays whole. */
    TTF_SizeUTF8(cjk, "請致電 1-888-373-7888", &w_word, &h);
    n = wrap(cjk, "請致電 1-888-373-7888 或發短信", w_word - 1, l, 32);
    bool whole = false;
    for (int i = 0; i < n; i++)
        whole |= strstr(l[i], "1-888-373-7888") != NULL;
    EXPECT(whole);
    free_lines(l, n);

    fonts_destroy(fonts);
    TTF_Quit();
    return test_result("test_slide_wrap");
}
