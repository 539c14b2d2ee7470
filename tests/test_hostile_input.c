/* Files thrown at the loaders as an attacker would (defects 4, 8 and 9 and
 * the smaller ones of issue 16): FIFOs, devices, directories, symlink loops
 * and huge files where a text is read; "|" in a setting with a fixed set of
 * values; integers past 32 bits; a UTF-8 byte order mark; a language given
 * twice; TZ as a POSIX rule or ":/path". Each must give one clear line,
 * never a hang. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/tz.h"
#include "config/literal.h"
#include "config/playlist.h"
#include "screen/notice.h"
#include "settings_text.h"
#include "testlib.h"

#define DIR_T "/tmp/signage-test-hostile"

static bool contains(const char *s, const char *part)
{
    return s && strstr(s, part);
}

static void test_file_read(void)
{
    char err[200];
    size_t len = 0;
    mkdir(DIR_T, 0755);
    unlink(DIR_T "/fifo");
    EXPECT_INT(mkfifo(DIR_T "/fifo", 0644), 0);
    /* A FIFO nobody writes: refused at once, not waited on. */
    EXPECT(file_read(DIR_T "/fifo", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a FIFO, not a file");
    EXPECT(file_read("/dev/zero", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a device, not a file");
    EXPECT(file_read("/dev/urandom", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT(file_read(DIR_T, 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a directory, not a file");
    unlink(DIR_T "/loop");
    EXPECT_INT(symlink(DIR_T "/loop", DIR_T "/loop"), 0);
    EXPECT(file_read(DIR_T "/loop", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "is a symbolic link loop");
    EXPECT(file_read(DIR_T "/none", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "No such file or directory");
    FILE *fp = fopen(DIR_T "/big", "w");
    for (int i = 0; i < 3000; i++)
        fputs("0123456789", fp);
    fclose(fp);
    EXPECT(file_read(DIR_T "/big", 1000, NULL, err, sizeof(err)) == NULL);
    EXPECT(contains(err, "is 30 kB, more than the 1 kB"));
    char *text = file_read(DIR_T "/big", 30000, &len, err, sizeof(err));
    EXPECT(text && len == 30000 && text[30000] == '\0');
    free(text);
    EXPECT_INT(file_check(DIR_T "/big", 30000, err, sizeof(err)), 0);
    EXPECT_INT(file_check(DIR_T "/fifo", 30000, err, sizeof(err)), -1);
}

static void test_utf8(void)
{
    EXPECT(utf8_valid("plain ascii"));
    EXPECT(utf8_valid("Trata de personas \xc2\xbf\xe8\x87\xb4\xe9\x9b\xbb"));
    EXPECT(!utf8_valid("caf\xe9"));          /* Latin-1 */
    EXPECT(!utf8_valid("\xc0\xaf"));         /* overlong '/' */
    EXPECT(!utf8_valid("\xed\xa0\x80"));     /* a surrogate */
    EXPECT(!utf8_valid("\xf4\x90\x80\x80")); /* past U+10FFFF */
    EXPECT(!utf8_valid("\xe2\x82"));         /* cut short */
    char *r = utf8_repair("caf\xe9!");
    EXPECT_STR(r, "caf\xef\xbf\xbd!");
    free(r);
}

static void test_literals(void)
{
    struct diag d = {0};
    EXPECT_INT(literal_check("a = 2147483647; b = -2147483648; c = 1.5e300; d = 5000000000L;\n"
                             "e = \"4294967297\"; # 4294967297\n/* 4294967297 */ zh-Hant99 = 1;",
                             "f.cfg", &d),
               0);
    EXPECT_INT(literal_check("x = 1;\n  duration = 4294967297;\n", "f.cfg", &d), 1);
    EXPECT_STR(d.lines[0], "f.cfg:2: duration: 4294967297 is out of range for a whole number "
                           "(-2147483648..2147483647)");
    EXPECT_INT(
        literal_check("a = -2147483649; b = 0x100000001; c = 99999999999999999999L;", "f.cfg", &d),
        3);
    EXPECT_STR(literal_skip_bom("\xef\xbb\xbfx = 1;"), "x = 1;");
    diag_free(&d);
}

#define CFG DIR_T "/player.cfg"

/* Loads text as a config; returns the first problem, or "" (caller frees). */
static char *problem_of(const char *text)
{
    struct settings s;
    struct diag d = {0};
    settings_load_text(CFG, text, &s, &d);
    char *first = xstrdup(d.n_lines ? d.lines[0] : "");
    diag_free(&d);
    settings_free(&s);
    return first;
}

static void expect_problem(const char *text, const char *want)
{
    char *got = problem_of(text);
    EXPECT_STR(got, want);
    free(got);
}

static void test_settings(void)
{
    /* Defect 8: a "|" slipped past the allowed values (strstr). */
    expect_problem("log_level = \"warn|info\";",
                   CFG ":1: log_level: \"warn|info\" is not one of error,warn,info,debug");
    expect_problem("fit = \"fill|stretch\";",
                   CFG ":1: fit: \"fill|stretch\" is not one of letterbox,fill,stretch");
    expect_problem("notice = { mode = \"off|zone\"; };",
                   CFG ":1: notice.mode: \"off|zone\" is not one of off,zone,slot");
    expect_problem("notice = { position = \"|auto\"; };",
                   CFG ":1: notice.position: \"|auto\" is not one of auto,right,bottom");
    expect_problem("audience = { method = \"dwell|\"; };",
                   CFG ":1: audience.method: \"dwell|\" is not one of prorated,dwell");
    expect_problem("log_level = \"\";",
                   CFG ":1: log_level: \"\" is not one of error,warn,info,debug");
    /* Defect 9: 2^32 + 1 came back as 1. */
    expect_problem("display = {\n  width_mm = 4294967297;\n};",
                   CFG ":2: width_mm: 4294967297 is out of range for a whole number "
                       "(-2147483648..2147483647)");
    expect_problem("display = { width_mm = 4294967297L; };",
                   CFG ":1: display.width_mm: 4294967297 is out of range 0..100000");
    /* A byte order mark is read past, not a bare "syntax error". */
    expect_problem("\xef\xbb\xbfscreen_id = \"lobby\";", "");
    /* A notice language given twice. */
    expect_problem("notice = { languages = [\"en\", \"es\", \"en\"]; };",
                   CFG ":1: notice.languages: \"en\" is given twice");
    /* The config itself a FIFO, a device, a directory. */
    struct settings s;
    struct diag d = {0};
    settings_defaults(&s);
    EXPECT_INT(settings_load(&s, DIR_T "/fifo", &d), -1);
    EXPECT_STR(d.lines[0], DIR_T "/fifo: cannot read config file: is a FIFO, not a file");
    EXPECT_INT(settings_load(&s, "/dev/zero", &d), -1);
    EXPECT_STR(d.lines[1], "/dev/zero: cannot read config file: is a device, not a file");
    EXPECT_INT(settings_load(&s, DIR_T, &d), -1);
    EXPECT_STR(d.lines[2], DIR_T ": cannot read config file: is a directory, not a file");
    diag_free(&d);
    settings_free(&s);
}

static void test_notice_texts(void)
{
    struct diag d = {0};
    unlink(DIR_T "/en.txt");
    unlink(DIR_T "/es.txt");
    EXPECT_INT(symlink("/dev/zero", DIR_T "/en.txt"), 0);
    EXPECT_INT(mkfifo(DIR_T "/es.txt", 0644), 0);
    EXPECT(notice_read_text(DIR_T, "en", NULL, NULL, &d) == NULL);
    EXPECT(notice_read_text(DIR_T, "es", NULL, NULL, &d) == NULL);
    EXPECT_INT(d.n_lines, 2);
    EXPECT(contains(d.lines[0], "en.txt: notice text for \"en\": is a device, not a file"));
    EXPECT(contains(d.lines[1], "es.txt: notice text for \"es\": is a FIFO, not a file"));
    unlink(DIR_T "/en.txt");
    FILE *fp = fopen(DIR_T "/en.txt", "w");
    fputs("Caf\xe9 text\n", fp);
    fclose(fp);
    EXPECT(notice_read_text(DIR_T, "en", NULL, NULL, &d) == NULL);
    EXPECT(contains(d.lines[2], "is not UTF-8 text"));
    diag_free(&d);
}

#define PL DIR_T "/pl.cfg"

/* Loads a playlist of one slide item with extra settings; returns its first
 * problem, or "" (caller frees). */
static char *playlist_problem(const char *top, const char *item)
{
    FILE *fp = fopen(PL, "w");
    fprintf(fp,
            "%splaylist = {\n  name = \"p\";\n  items = (\n    { id = \"a\"; slide = { title = "
            "\"A\"; }; duration = 5.0; %s }\n  );\n};\n",
            top, item);
    fclose(fp);
    struct diag d = {0};
    struct playlist *pl = playlist_load(PL, NULL, FIT_LETTERBOX, &d);
    char *first = xstrdup(d.n_lines ? d.lines[0] : "");
    EXPECT((pl == NULL) == (d.n_lines > 0));
    playlist_free(pl);
    diag_free(&d);
    return first;
}

static void expect_playlist(const char *top, const char *item, const char *want)
{
    char *got = playlist_problem(top, item);
    EXPECT_STR(got, want);
    free(got);
}

static void test_playlists(void)
{
    /* Defect 9: 2^32 + 1 seconds played for 1 s; a priority wrapped. */
    expect_playlist("", "priority = 4294967297;",
                    PL ":4: priority: 4294967297 is out of range for a whole number "
                       "(-2147483648..2147483647)");
    expect_playlist("", "priority = 4294967297L;",
                    PL ":4: item \"a\": priority: 4.29497e+09 is out of range 0..100");
    expect_playlist("", "every = 4294967297;",
                    PL ":4: every: 4294967297 is out of range for a whole number "
                       "(-2147483648..2147483647)");
    /* Defect 13: names that are not UTF-8 are refused at load. */
    expect_playlist("", "campaign = \"caf\xe9\";",
                    PL ":4: not UTF-8 text (byte 0xE9); save the file as UTF-8");
    /* A campaign is a name, not a megabyte in every ledger row. */
    char *big = xcalloc(1, 400);
    memset(big, 'c', 300);
    char *item = xasprintf("campaign = \"%s\";", big);
    expect_playlist("", item, PL ":4: item \"a\": campaign: is longer than 200 bytes");
    free(item);
    /* Defect 10: a QR payload the player cannot draw. */
    char *qr = xcalloc(1, 2400);
    memset(qr, 'q', 2340);
    item = xasprintf("qr = \"%s\";", qr);
    expect_playlist("", item,
                    PL ":4: item \"a\": qr: is longer than the 2331 bytes a QR code holds");
    free(item);
    free(qr);
    free(big);
    /* A byte order mark is read past. */
    expect_playlist("\xef\xbb\xbf", "", "");
    /* A notice language given twice. */
    FILE *fp = fopen(PL, "w");
    fputs("playlist = { name = \"p\"; items = (\n  { id = \"n\"; notice = [\"en\", \"en\"]; }\n); "
          "};\n",
          fp);
    fclose(fp);
    struct diag d = {0};
    EXPECT(playlist_load(PL, NULL, FIT_LETTERBOX, &d) == NULL);
    EXPECT(d.n_lines > 0 && contains(d.lines[0], "item \"n\": notice: \"en\" is given twice"));
    diag_free(&d);
}

static void test_tz_env(void)
{
    char err[300];
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    struct tz *tz = tz_load("", err, sizeof(err));
    EXPECT(tz != NULL);
    if (tz) {
        EXPECT_INT(tz_offset(tz, 1767225600), -5 * 3600); /* 2026-01-01: EST */
        EXPECT_INT(tz_offset(tz, 1782864000), -4 * 3600); /* 2026-07-01: EDT */
        tz_free(tz);
    }
    setenv("TZ", ":/usr/share/zoneinfo/Asia/Tokyo", 1);
    tz = tz_load("", err, sizeof(err));
    EXPECT(tz && tz_offset(tz, 1767225600) == 9 * 3600);
    tz_free(tz);
    setenv("TZ", ":" DIR_T "/fifo", 1);
    tz = tz_load("", err, sizeof(err));
    EXPECT(tz == NULL && contains(err, "is a FIFO, not a file"));
    tz_free(tz);
    setenv("TZ", "not a zone!", 1);
    tz = tz_load("", err, sizeof(err));
    EXPECT(tz == NULL && contains(err, "is not a time zone name"));
    tz_free(tz);
    unsetenv("TZ");
}

int main(void)
{
    test_file_read();
    test_utf8();
    test_literals();
    test_settings();
    test_notice_texts();
    test_playlists();
    test_tz_env();
    return test_result("test_hostile_input");
}
