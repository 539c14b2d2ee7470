/* test_kiosk: the kiosk's flow (loading, links, the state machine, idle)
 * and its layout (targets of 20 mm, portrait and landscape), without SDL. */
#include <stdlib.h>
#include <string.h>

#include "kiosk/flow.h"
#include "kiosk/layout.h"
#include "kiosk/words.h"
#include "testlib.h"

static const char *write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return NULL;
    fputs(text, fp);
    fclose(fp);
    return path;
}

static char *pl_langs[] = {"en", "es", "zh-Hant", "ar"};

static struct kiosk_flow *load_text(const char *text, struct diag *d, int *rc)
{
    const char *path = write_file("/tmp/test_kiosk.cfg", text);
    struct kiosk_flow *f = NULL;
    *rc = kiosk_flow_load(path, pl_langs, 4, &f, d);
    return f;
}

static void test_words(void)
{
    EXPECT_STR(kiosk_word("es", WORD_NAME), "Español");
    EXPECT_STR(kiosk_words_tag("zh-TW"), "zh-Hant");
    EXPECT_STR(kiosk_words_tag("zh-CN"), "zh-Hans");
    EXPECT_STR(kiosk_words_tag("es-MX"), "es");
    EXPECT_STR(kiosk_word("xx", WORD_NAME), "xx");
    EXPECT_STR(kiosk_word("xx", WORD_QUICK_EXIT), "Quick exit");
    EXPECT(kiosk_word_in("fa", WORD_QUICK_EXIT) == NULL);
    EXPECT_STR(kiosk_word("ar", WORD_NAME), "العربية");
}

static void test_load(void)
{
    struct diag d = {0};
    int rc;
    struct kiosk_flow *f = load_text("screen_id = \"x\";\n", &d, &rc);
    EXPECT_INT(rc, 0);
    EXPECT(f == NULL);

    f = load_text("kiosk = { idle = 30; };\n", &d, &rc);
    EXPECT_INT(rc, 1);
    EXPECT_INT(d.n_lines, 0);
    EXPECT(f && f->built_in);
    EXPECT_INT(f->n_langs, 4); /* the playlist's */
    EXPECT_INT(f->idle_s, 30);
    EXPECT_STR(kiosk_page_title(f, 0, "es"), "Hay ayuda disponible");
    EXPECT(strstr(kiosk_page_body(f, 0, "zh-Hant"), "1-888-373-7888") != NULL);
    /* A language without built-in words: English, title and body alike. */
    EXPECT_STR(kiosk_page_title(f, 0, "fa"), "Help is available");
    kiosk_flow_free(f);

    f = load_text("kiosk = {\n"
                  "  languages = [\"es\", \"en\"];\n"
                  "  quiet_hours = [\"22:00-07:00\"];\n"
                  "  volume = 50;\n"
                  "  pages = (\n"
                  "    { id = \"start\"; title = { en = \"Help\"; es = \"Ayuda\"; };\n"
                  "      body = \"1-888-373-7888\";\n"
                  "      links = ( { to = \"city\"; label = { en = \"City services\"; es = "
                  "\"Servicios\"; }; } ); },\n"
                  "    { id = \"city\"; title = \"311\"; qr = \"https://example.org\"; }\n"
                  "  );\n"
                  "};\n",
                  &d, &rc);
    EXPECT_INT(rc, 1);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "  %s\n", d.lines[i]);
    EXPECT_INT(d.n_lines, 0);
    EXPECT(f && !f->built_in);
    EXPECT_INT(f->n_langs, 2);
    EXPECT_STR(f->langs[0], "es");
    EXPECT_INT(f->n_pages, 2);
    EXPECT_INT(f->pages[0].links[0].page, 1);
    EXPECT_STR(kiosk_page_title(f, 0, "es"), "Ayuda");
    EXPECT_STR(kiosk_page_title(f, 1, "es"), "311");
    EXPECT(f->quiet.set && f->quiet.n_hours == 1);
    EXPECT_INT(f->volume, 50);
    kiosk_flow_free(f);
}

static void expect_error(const char *text, const char *want)
{
    struct diag d = {0};
    int rc;
    struct kiosk_flow *f = load_text(text, &d, &rc);
    EXPECT_INT(rc, -1);
    EXPECT(f == NULL);
    bool found = false;
    for (int i = 0; i < d.n_lines; i++)
        found |= strstr(d.lines[i], want) != NULL;
    if (!found) {
        fprintf(stderr, "want \"%s\" among:\n", want);
        for (int i = 0; i < d.n_lines; i++)
            fprintf(stderr, "  %s\n", d.lines[i]);
    }
    EXPECT(found);
    diag_free(&d);
}

static void test_bad(void)
{
    expect_error(
        "kiosk = {\n pages = (\n  { id = \"a\"; title = \"A\";\n    links = ( { to = "
        "\"nowhere\"; label = \"Go\"; } ); }\n );\n};\n",
        "/tmp/test_kiosk.cfg:4: kiosk: page \"a\": links to \"nowhere\", which is not a page");
    expect_error("kiosk = { idle = 2; };\n", "/tmp/test_kiosk.cfg:1: kiosk: idle: must be");
    expect_error("kiosk = {\n  idel = 45; };\n",
                 "/tmp/test_kiosk.cfg:2: kiosk: idel: unknown setting");
    expect_error("kiosk = { pages = ( { id = \"a\"; }, { id = \"a\"; title = \"x\"; } ); };\n",
                 "another page has this id");
    expect_error("kiosk = { pages = ( { id = \"a\"; }); };\n", "needs a title or a body");
    expect_error("kiosk = { quiet_hours = [\"late\"]; };\n", "quiet_hours: \"late\"");
    expect_error("kiosk = 3;\n", ":1: kiosk: kiosk: must be a group");
}

/* A 55-inch landscape screen, and the same turned to portrait. */
static void test_layout(void)
{
    struct kiosk_flow *f = kiosk_flow_default(pl_langs, 4, 45);
    struct kiosk_state st = {0};
    EXPECT_INT(kiosk_open(f, &st, 0), OUT_OPENED);
    EXPECT_INT(st.view, KIOSK_CHOOSER);
    struct kiosk_avail av = {0};
    av.can_speak[0] = true;
    double mm_px = 1210.0 / 1920; /* 55", 1920 px across */
    struct kiosk_rect sizes[] = {{0, 0, 1920, 1080}, {0, 0, 1080, 1920}, {0, 0, 800, 480}};
    for (int s = 0; s < 3; s++) {
        struct kiosk_layout l;
        st.view = KIOSK_CHOOSER;
        kiosk_layout(f, &st, sizes[s], s == 2 ? 0 : mm_px, &av, &l);
        EXPECT_INT(l.n_buttons, 5); /* quick exit + 4 languages */
        EXPECT(!l.too_small);
        for (int i = 0; i < l.n_buttons; i++) {
            const struct kiosk_rect *r = &l.buttons[i].r;
            EXPECT(r->w >= l.target_px && r->h >= l.target_px);
            EXPECT(r->x >= 0 && r->y >= 0 && r->x + r->w <= sizes[s].w &&
                   r->y + r->h <= sizes[s].h);
            for (int k = 0; k < i; k++) { /* none overlaps another */
                const struct kiosk_rect *o = &l.buttons[k].r;
                EXPECT(r->x >= o->x + o->w || o->x >= r->x + r->w || r->y >= o->y + o->h ||
                       o->y >= r->y + r->h);
            }
        }
        EXPECT_INT(l.buttons[0].act, ACT_QUICK_EXIT);
        EXPECT(l.buttons[0].r.x + l.buttons[0].r.w > sizes[s].w * 3 / 4); /* top right */
        EXPECT(l.buttons[0].r.y < sizes[s].h / 8);
        EXPECT_STR(l.buttons[4].label, "العربية");
        /* A page in Arabic: the bar reads from the right. */
        st.view = KIOSK_PAGE;
        st.lang = 3;
        st.page = 0;
        kiosk_layout(f, &st, sizes[s], s == 2 ? 0 : mm_px, &av, &l);
        EXPECT_INT(l.n_buttons, 3); /* quick exit, read aloud (off), languages */
        EXPECT_INT(l.buttons[1].act, ACT_READ_ALOUD);
        EXPECT(!l.buttons[1].enabled);
        EXPECT(l.buttons[1].r.x > l.buttons[2].r.x);
        EXPECT(l.title.h > sizes[s].h / 2);
        EXPECT(!l.too_small);
    }
    /* A language no font can draw: its button is there, disabled, with its tag. */
    av.no_font[2] = true;
    st.view = KIOSK_CHOOSER;
    struct kiosk_layout nf;
    kiosk_layout(f, &st, sizes[0], mm_px, &av, &nf);
    EXPECT(!nf.buttons[3].enabled);
    EXPECT_STR(nf.buttons[3].label, "zh-Hant");
    EXPECT(nf.buttons[2].enabled);
    struct kiosk_input on_it = {IN_TAP, nf.buttons[3].r.x + 5, nf.buttons[3].r.y + 5};
    EXPECT_INT(kiosk_handle(f, &st, nf.buttons, nf.n_buttons, &on_it, 0), OUT_NONE);
    EXPECT_INT(st.view, KIOSK_CHOOSER);
    EXPECT_INT(kiosk_target_px(0.5), 40);
    /* 24 languages on a small screen: the layout says the targets are too small. */
    char *many[24];
    for (int i = 0; i < 24; i++)
        many[i] = "en";
    struct kiosk_flow *g = kiosk_flow_default(many, 24, 45);
    struct kiosk_layout l;
    st.view = KIOSK_CHOOSER;
    kiosk_layout(g, &st, (struct kiosk_rect){0, 0, 320, 240}, 0.5, NULL, &l);
    EXPECT(l.too_small);
    kiosk_flow_free(g);
    kiosk_flow_free(f);
}

static void test_state(void)
{
    struct kiosk_flow *f = kiosk_flow_default(pl_langs, 4, 45);
    struct kiosk_state st = {.focus = -1};
    struct kiosk_layout l;
    struct kiosk_avail av = {0};
    struct kiosk_rect box = {0, 0, 1920, 1080};
    int64_t t = 1000000;
    struct kiosk_input tap = {IN_TAP, 5, 5};
    /* Off: any input opens the chooser and does nothing else. */
    EXPECT_INT(kiosk_handle(f, &st, NULL, 0, &tap, t), OUT_OPENED);
    EXPECT_INT(st.view, KIOSK_CHOOSER);
    kiosk_layout(f, &st, box, 0, &av, &l);
    /* A tap on Spanish shows the page in Spanish. */
    const struct kiosk_rect *es = &l.buttons[2].r;
    tap = (struct kiosk_input){IN_TAP, es->x + es->w / 2, es->y + es->h / 2};
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &tap, t + 1), OUT_SHOW);
    EXPECT_INT(st.view, KIOSK_PAGE);
    EXPECT_STR(kiosk_state_lang(f, &st), "es");
    EXPECT_STR(kiosk_state_page(f, &st), "hotline");
    kiosk_layout(f, &st, box, 0, &av, &l);
    /* A tap between buttons does nothing, and still counts as input. */
    tap = (struct kiosk_input){IN_TAP, 1, 1};
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &tap, t + 40000000), OUT_NONE);
    EXPECT_INT(kiosk_tick(f, &st, t + 80000000), OUT_NONE);
    EXPECT_INT(kiosk_tick(f, &st, t + 85000001), OUT_IDLE);
    EXPECT_INT(st.view, KIOSK_OFF);
    /* The keys: open, move, press. */
    struct kiosk_input k = {IN_PRESS, 0, 0};
    EXPECT_INT(kiosk_handle(f, &st, NULL, 0, &k, t), OUT_OPENED);
    kiosk_layout(f, &st, box, 0, &av, &l);
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_FOCUS); /* shows focus */
    EXPECT_INT(st.focus, 0);
    k.kind = IN_NEXT;
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_FOCUS);
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_FOCUS);
    EXPECT_INT(st.focus, 2);
    k.kind = IN_PRESS;
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_SHOW);
    EXPECT_STR(kiosk_state_lang(f, &st), "es");
    kiosk_layout(f, &st, box, 0, &av, &l);
    /* Read aloud is disabled (no voice): its key does nothing. */
    k.kind = IN_SPEAK;
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_NONE);
    av.can_speak[1] = true;
    kiosk_layout(f, &st, box, 0, &av, &l);
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_READ_ALOUD);
    k.kind = IN_PREV; /* from no focus, the last button */
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_FOCUS);
    EXPECT_INT(l.buttons[st.focus].act, ACT_CHOOSER);
    /* Escape is the quick exit. */
    k.kind = IN_EXIT_KEY;
    EXPECT_INT(kiosk_handle(f, &st, l.buttons, l.n_buttons, &k, t), OUT_QUICK_EXIT);
    EXPECT_INT(st.view, KIOSK_OFF);
    /* A tap storm: thousands of taps anywhere never leave a bad state. */
    srand(7);
    int exits = 0, shows = 0;
    for (int i = 0; i < 20000; i++) {
        if (st.view != KIOSK_OFF)
            kiosk_layout(f, &st, box, 0, &av, &l);
        else
            l.n_buttons = 0;
        struct kiosk_input in = {IN_TAP, rand() % 1920, rand() % 1080};
        enum kiosk_outcome o = kiosk_handle(f, &st, l.buttons, l.n_buttons, &in, t);
        exits += o == OUT_QUICK_EXIT;
        shows += o == OUT_SHOW;
        EXPECT(st.view >= KIOSK_OFF && st.view <= KIOSK_PAGE);
        EXPECT(st.lang >= 0 && st.lang < f->n_langs);
        EXPECT(st.page >= 0 && st.page < f->n_pages);
    }
    EXPECT(exits > 0 && shows > 0);
    kiosk_flow_free(f);

    /* One language: no chooser, and the languages button is not there. */
    struct kiosk_flow *one = kiosk_flow_default(pl_langs, 1, 45);
    st = (struct kiosk_state){.focus = -1};
    EXPECT_INT(kiosk_open(one, &st, 0), OUT_OPENED);
    EXPECT_INT(st.view, KIOSK_PAGE);
    kiosk_layout(one, &st, box, 0, NULL, &l);
    EXPECT_INT(l.n_buttons, 2);
    kiosk_flow_free(one);
}

int main(void)
{
    test_words();
    test_load();
    test_bad();
    test_layout();
    test_state();
    return test_result("test_kiosk");
}
