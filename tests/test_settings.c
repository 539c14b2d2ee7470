/* settings: defaults, a full config, and every kind of mistake with its exact message. */
#include <stdlib.h>

#include "config/settings.h"
#include "settings_text.h"
#include "testlib.h"

static int load_text(const char *text, struct settings *s, struct diag *d)
{
    return settings_load_text("/tmp/signage-test-settings.cfg", text, s, d);
}

int main(void)
{
    struct settings s;
    struct diag d = {0};

    settings_defaults(&s);
    EXPECT_STR(s.screen_id, "screen-1");
    EXPECT_STR(s.playlist, "playlists/default.cfg");
    EXPECT_INT(s.rotation, 0);
    EXPECT(s.vsync);
    EXPECT(s.fallback_s == 10.0);
    settings_free(&s);

    /* The shipped config loads without a problem and resolves its paths. */
    EXPECT_INT(settings_load((settings_defaults(&s), &s), "../config/player.cfg", &d), 0);
    EXPECT_INT(d.n_lines, 0);
    EXPECT_STR(s.playlist, "../config/../playlists/default.cfg");
    settings_free(&s);

    EXPECT_INT(load_text("screen_id = \"shelter-42\";\n"
                         "display = { rotation = 270; width_mm = 1210; vsync = false; };\n"
                         "fallback_seconds = 30;\n"
                         "playlist = \"/abs/p.cfg\";\n"
                         "ledger = \"rel/ledger.db\";\n",
                         &s, &d),
               0);
    EXPECT_STR(s.screen_id, "shelter-42");
    EXPECT_INT(s.rotation, 270);
    EXPECT_INT(s.width_mm, 1210);
    EXPECT(!s.vsync);
    EXPECT(s.fallback_s == 30.0);
    EXPECT_STR(s.playlist, "/abs/p.cfg");
    EXPECT_STR(s.ledger, "/tmp/rel/ledger.db");
    settings_free(&s);

    EXPECT_INT(load_text("screen_id = 5;\n"
                         "display = { rotation = 45; index = 99; colour = 1; };\n"
                         "fit = \"zoom\";\n"
                         "fallback_seconds = \"ten\";\n"
                         "vsync = true;\n",
                         &s, &d),
               -1);
    const char *want[] = {
        "/tmp/signage-test-settings.cfg:2: display.colour: unknown setting",
        "/tmp/signage-test-settings.cfg:5: vsync: unknown setting",
        "/tmp/signage-test-settings.cfg:1: screen_id: must be a string",
        "/tmp/signage-test-settings.cfg:3: fit: \"zoom\" is not one of letterbox,fill,stretch",
        "/tmp/signage-test-settings.cfg:4: fallback_seconds: must be a number",
        "/tmp/signage-test-settings.cfg:2: display.index: 99 is out of range 0..15",
        "/tmp/signage-test-settings.cfg:2: display.rotation: 45 is not one of 0, 90, 180, 270",
    };
    EXPECT_INT(d.n_lines, sizeof(want) / sizeof(want[0]));
    for (int i = 0; i < d.n_lines && i < (int)(sizeof(want) / sizeof(want[0])); i++)
        EXPECT_STR(d.lines[i], want[i]);
    EXPECT_STR(s.screen_id, "screen-1"); /* bad settings keep their defaults */
    EXPECT_INT(s.rotation, 0);
    diag_free(&d);
    settings_free(&s);

    EXPECT_INT(load_text("screen_id = \"x\";\nplaylist = ;\n", &s, &d), -1);
    EXPECT_INT(d.n_lines, 1);
    EXPECT_STR(d.lines[0], "/tmp/signage-test-settings.cfg:2: syntax error");
    diag_free(&d);
    settings_free(&s);

    /* playlists: a list of paths, resolved against the config's folder. */
    settings_defaults(&s);
    EXPECT(s.playlists && !s.playlists[0]);
    settings_free(&s);
    EXPECT_INT(load_text("playlists = [\"night.cfg\", \"/srv/weekend.cfg\"];\n", &s, &d), 0);
    EXPECT_STR(s.playlists[0], "/tmp/night.cfg");
    EXPECT_STR(s.playlists[1], "/srv/weekend.cfg");
    EXPECT(s.playlists[2] == NULL);
    settings_free(&s);
    EXPECT_INT(load_text("playlists = \"night.cfg\";\n", &s, &d), -1);
    EXPECT_STR(d.lines[0], "/tmp/signage-test-settings.cfg:1: playlists: must be a list of file "
                           "names [\"a.cfg\", \"b.cfg\"]");
    diag_free(&d);
    settings_free(&s);
    EXPECT_INT(load_text("playlists = [\"a.cfg\", \"\"];\n", &s, &d), -1);
    EXPECT_STR(d.lines[0],
               "/tmp/signage-test-settings.cfg:1: playlists: entry 2 is not a file name");
    EXPECT(s.playlists && !s.playlists[0]); /* the default stays */
    diag_free(&d);
    settings_free(&s);

    settings_defaults(&s);
    EXPECT_INT(settings_load(&s, "/nonexistent/player.cfg", &d), -1);
    EXPECT_STR(d.lines[0], "/nonexistent/player.cfg: cannot read config file: No such file or "
                           "directory");
    diag_free(&d);
    settings_free(&s);

    /* The notice: a list of languages, a mode from a fixed set. */
    EXPECT_INT(load_text("notice = { mode = \"zone\"; languages = [\"en\", \"es\", \"zh-Hant\"];\n"
                         "  dir = \"texts\"; cycle = 12; };\n",
                         &s, &d),
               0);
    EXPECT_STR(s.notice_mode, "zone");
    EXPECT_STR(s.notice_languages[0], "en");
    EXPECT_STR(s.notice_languages[1], "es");
    EXPECT_STR(s.notice_languages[2], "zh-Hant");
    EXPECT(s.notice_languages[3] == NULL);
    EXPECT_STR(s.notice_dir, "/tmp/texts");
    EXPECT(s.notice_cycle_s == 12.0);
    settings_free(&s);
    EXPECT_INT(load_text("notice = { mode = \"corner\"; languages = (\"en\", 3); };\n", &s, &d),
               -1);
    EXPECT_INT(d.n_lines, 2);
    if (d.n_lines == 2) {
        EXPECT_STR(d.lines[0], "/tmp/signage-test-settings.cfg:1: notice.mode: \"corner\" is not "
                               "one of off,zone,slot");
        EXPECT_STR(d.lines[1], "/tmp/signage-test-settings.cfg:1: notice.languages: entry 2 must "
                               "be a non-empty string");
    }
    EXPECT_STR(s.notice_languages[0], "en");
    EXPECT_STR(s.notice_languages[1], "es");
    EXPECT(s.notice_languages[2] == NULL);
    diag_free(&d);
    settings_free(&s);

    /* Sound and captions: off and "when_muted" by default; quiet hours checked. */
    settings_defaults(&s);
    EXPECT(!s.audio_enabled);
    EXPECT(s.audio_volume == 0.8);
    EXPECT(s.audio_quiet && !s.audio_quiet[0]);
    EXPECT_STR(s.captions_show, "when_muted");
    settings_free(&s);
    EXPECT_INT(load_text("audio = { enabled = true; volume = 0.5; quiet = [\"22:00-07:00\"];\n"
                         "  quiet_volume = 0.1; };\ncaptions = { show = \"always\"; };\n",
                         &s, &d),
               0);
    EXPECT(s.audio_enabled && s.audio_volume == 0.5 && s.audio_quiet_volume == 0.1);
    EXPECT_STR(s.audio_quiet[0], "22:00-07:00");
    EXPECT(s.audio_quiet[1] == NULL);
    EXPECT_STR(s.captions_show, "always");
    settings_free(&s);
    EXPECT_INT(load_text("audio = { volume = 1.5;\n quiet = [\"10pm-7am\"]; };\n"
                         "captions = { show = \"muted\"; };\n",
                         &s, &d),
               -1);
    EXPECT_INT(d.n_lines, 3);
    if (d.n_lines == 3) {
        EXPECT_STR(d.lines[0], "/tmp/signage-test-settings.cfg:1: audio.volume: 1.5 is out of "
                               "range 0..1");
        EXPECT_STR(d.lines[1], "/tmp/signage-test-settings.cfg:2: audio.quiet: \"10pm-7am\" is "
                               "not an hour range like \"22:00-07:00\"");
        EXPECT_STR(d.lines[2], "/tmp/signage-test-settings.cfg:3: captions.show: \"muted\" is not "
                               "one of always,when_muted,never");
    }
    diag_free(&d);
    settings_free(&s);

    enum fit_mode f;
    EXPECT_INT(fit_mode_parse("fill", &f), 0);
    EXPECT_INT(f, FIT_FILL);
    EXPECT_INT(fit_mode_parse("cover", &f), -1);
    return test_result("test_settings");
}
