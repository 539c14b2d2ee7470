#include "ledger/compliance.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <libavutil/base64.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "ledger/ledger_db.h"
#include "screen/fonts.h"
#include "screen/notice.h"

#define MAX_SHOT_BYTES (8 << 20) /* a screenshot larger than this is linked, not embedded */
#define PDF_TIMEOUT_S  120

extern char **environ;

/* ---- reading the ledgers into a scratch database ---- */

static const char scratch_sql[] =
    "CREATE TABLE notice (play_id TEXT PRIMARY KEY, screen TEXT, lang TEXT, media TEXT,"
    " sha TEXT, started INTEGER, ended INTEGER, shown_ms INTEGER, status TEXT, day TEXT);"
    "CREATE TABLE shots (screen TEXT, taken INTEGER, path TEXT);";

/* Notice plays that left the screen in the period; a play found in several
 * ledgers (copies of one screen's) is kept once, as in report. */
static const char plays_sql[] =
    "SELECT p.play_id, k.screen_id, k.language, p.media, %s, p.started_utc_ms, p.ended_utc_ms,"
    " p.shown_ms, p.status FROM plays p JOIN play_keys k ON k.key_id = p.key_id"
    " WHERE k.kind = 'notice' AND p.status != 'playing'"
    " AND p.started_utc_ms >= ?1 AND p.started_utc_ms < ?2";

/* Screenshots the appliance recorded, with the screen they were taken on. */
static const char shots_sql[] =
    "SELECT k.screen_id, s.taken_utc_ms, s.path FROM screenshots s"
    " JOIN plays p ON p.play_id = s.play_id JOIN play_keys k ON k.key_id = p.key_id"
    " WHERE s.taken_utc_ms >= ?1 AND s.taken_utc_ms < ?2";

static bool has_column(sqlite3 *db, const char *table, const char *column)
{
    char *sql = xasprintf("SELECT 1 FROM pragma_table_info('%s') WHERE name = '%s'", table, column);
    sqlite3_stmt *st = NULL;
    bool yes =
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    free(sql);
    return yes;
}

static void bind_period(sqlite3_stmt *st, const struct report_opts *ro)
{
    sqlite3_bind_int64(st, 1, ro->from_utc_ms);
    sqlite3_bind_int64(st, 2, ro->to_utc_ms ? ro->to_utc_ms : INT64_MAX);
}

static void copy_text(sqlite3_stmt *to, int i, sqlite3_stmt *from, int j)
{
    const unsigned char *t = sqlite3_column_text(from, j);
    if (t)
        sqlite3_bind_text(to, i, (const char *)t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(to, i);
}

static int read_ledger(sqlite3 *scratch, const char *path, const struct report_opts *ro, char *err,
                       size_t errlen)
{
    char why[256];
    sqlite3 *db = ledger_db_open_read(path, why, sizeof(why));
    if (!db) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    char *sql =
        xasprintf(plays_sql, has_column(db, "plays", "media_sha256") ? "p.media_sha256" : "NULL");
    sqlite3_stmt *st = NULL, *ins = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(scratch,
                           "INSERT INTO notice VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                           " ON CONFLICT DO NOTHING",
                           -1, &ins, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        goto out;
    }
    bind_period(st, ro);
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_reset(ins);
        for (int i = 0; i < 5; i++)
            copy_text(ins, i + 1, st, i);
        int64_t started = sqlite3_column_int64(st, 5);
        sqlite3_bind_int64(ins, 6, started);
        sqlite3_bind_int64(ins, 7, sqlite3_column_int64(st, 6));
        sqlite3_bind_int64(ins, 8, sqlite3_column_int64(st, 7));
        copy_text(ins, 9, st, 8);
        struct tz_local t = tz_local_fields(ro->tz, started / 1000);
        char day[16];
        snprintf(day, sizeof(day), "%04d-%02d-%02d", t.year, t.month, t.day);
        sqlite3_bind_text(ins, 10, day, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            snprintf(err, errlen, "scratch database: %s", sqlite3_errmsg(scratch));
            goto out;
        }
    }
    rc = 0;
    /* No screenshots table (no appliance, an older ledger): no proof pictures. */
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    st = ins = NULL;
    if (sqlite3_prepare_v2(db, shots_sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(scratch, "INSERT INTO shots VALUES (?1, ?2, ?3)", -1, &ins, NULL) ==
            SQLITE_OK) {
        bind_period(st, ro);
        while (sqlite3_step(st) == SQLITE_ROW) {
            sqlite3_reset(ins);
            copy_text(ins, 1, st, 0);
            sqlite3_bind_int64(ins, 2, sqlite3_column_int64(st, 1));
            copy_text(ins, 3, st, 2);
            sqlite3_step(ins);
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    free(sql);
    ledger_db_close(db);
    return rc;
}

/* ---- the notice measured on the configured panel ---- */

struct size_check {
    bool measured;
    struct notice_size ns;
    struct diag warnings;
};

static void measure(const struct compliance_opts *o, struct size_check *sc)
{
    memset(sc, 0, sizeof(*sc));
    struct diag d = {0};
    struct item it;
    struct fonts *fonts = NULL;
    bool ttf = TTF_Init() == 0;
    if (ttf)
        fonts = fonts_create(o->s->font);
    if (notice_build_item(o->s, o->law, &it, &d) == 0 && fonts &&
        notice_measure_panel(fonts, o->s, &it, o->panel_w, o->panel_h, false, &sc->ns) == 0) {
        sc->measured = true;
        notice_check_size(&sc->ns, o->law, "the notice", &sc->warnings);
    }
    playlist_item_free(&it);
    fonts_destroy(fonts);
    if (ttf)
        TTF_Quit();
    diag_free(&d);
}

/* ---- the pages ---- */

static const char page_css[] =
    "@page { size: letter portrait; margin: 0.45in; }\n"
    "body { font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 9pt;"
    " color: #111; margin: 0; }\n"
    "section.page { page-break-after: always; break-after: page; }\n"
    "section.page:last-child { page-break-after: auto; break-after: auto; }\n"
    "h1 { font-size: 15pt; margin: 0 0 4pt 0; } h2 { font-size: 11pt; margin: 9pt 0 3pt 0;"
    " border-bottom: 1px solid #999; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt 0; }\n"
    "th, td { border: 1px solid #bbb; padding: 1pt 4pt; text-align: left; vertical-align: top; }\n"
    "td.sub { border-top: none; padding-bottom: 3pt; font-size: 8pt; }\n"
    "td.n { text-align: right; } code { font-size: 8.5pt; word-break: break-all; }\n"
    ".ok { color: #0a6b1f; font-weight: bold; } .no { color: #b00020; font-weight: bold; }\n"
    ".meta td { border: none; padding: 1pt 4pt 1pt 0; } .meta { width: auto; }\n"
    ".cols { display: flex; gap: 14pt; } .cols > div { flex: 1; min-width: 0; }\n"
    "img.proof { max-width: 100%; max-height: 2.0in; border: 1px solid #999; }\n"
    "p.note { font-size: 9pt; color: #444; }\n"
    "@media screen { body { max-width: 7.6in; margin: 0.4in auto; }"
    " section.page { border-bottom: 2px dashed #999; padding-bottom: 0.3in; } }\n";

static void text(FILE *fp, const char *s)
{
    report_html_text(fp, s ? s : "");
}

static void when_text(FILE *fp, const struct report_opts *ro, int64_t utc_ms)
{
    char buf[48];
    tz_format_iso(ro->tz, utc_ms / 1000, buf, sizeof(buf));
    text(fp, buf);
}

static void write_law(FILE *fp, const struct compliance_opts *o, const char *screen)
{
    const struct report_opts *ro = o->ro;
    char made[48];
    tz_format_iso(ro->tz, (int64_t)time(NULL), made, sizeof(made));
    fputs("<h1>Human-trafficking notice: evidence of display</h1>\n<table class=\"meta\">", fp);
    fputs("<tr><td>Screen</td><td><b>", fp);
    text(fp, screen);
    fputs("</b></td></tr><tr><td>Period</td><td>", fp);
    text(fp, ro->from_date ? ro->from_date : "the first play");
    fputs(" to ", fp);
    text(fp, ro->to_date ? ro->to_date : "the last play");
    fputs(" (", fp);
    text(fp, ro->timezone);
    fputs(")</td></tr><tr><td>Law</td><td>", fp);
    text(fp, o->law->name);
    if (o->law->amended && o->law->amended[0]) {
        fputs(", as amended by ", fp);
        text(fp, o->law->amended);
    }
    fputs("</td></tr><tr><td>Made</td><td>", fp);
    text(fp, made);
    fputs(" by signage report --compliance</td></tr></table>\n", fp);
}

/* The languages the law requires, and which were shown. */
static void write_languages(FILE *fp, sqlite3 *db, const struct compliance_opts *o,
                            const char *screen)
{
    fputs("<h2>Languages</h2>\n<table><tr><th>language</th><th>required</th>"
          "<th>shown</th><th>minutes on screen</th></tr>\n",
          fp);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "WITH l(lang) AS (SELECT value FROM json_each(?2) UNION"
                       " SELECT lang FROM notice WHERE screen = ?1)"
                       " SELECT l.lang, (SELECT sum(shown_ms) FROM notice n"
                       "  WHERE n.screen = ?1 AND n.lang = l.lang) FROM l ORDER BY l.lang",
                       -1, &st, NULL);
    /* the required languages as a JSON array, for json_each() */
    size_t len = 2;
    char *langs = xstrdup("[");
    for (int i = 0; o->law->languages && o->law->languages[i]; i++) {
        char *q = xasprintf("%s\"%s\"", i ? "," : "", o->law->languages[i]);
        langs = xrealloc(langs, len + strlen(q) + 1);
        strcat(langs, q);
        len += strlen(q);
        free(q);
    }
    strcat(langs, "]");
    sqlite3_bind_text(st, 1, screen, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, langs, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        int64_t ms = sqlite3_column_int64(st, 1);
        bool required = notice_law_requires(o->law, lang);
        fputs("<tr><td>", fp);
        text(fp, lang);
        fprintf(fp, "</td><td>%s</td><td class=\"%s\">%s</td><td class=\"n\">%.1f</td></tr>\n",
                required ? "yes" : "no", ms > 0 ? "ok" : "no", ms > 0 ? "yes" : "NOT SHOWN",
                ms / 60000.0);
    }
    sqlite3_finalize(st);
    free(langs);
    fputs("</table>\n<p class=\"note\">Required: ", fp);
    text(fp, o->law->languages_note);
    fputs(".</p>\n", fp);
}

/* The text files shown, with the hash the player recorded and the source
 * their notes give (read from the file here when its hash still matches). */
static void write_texts(FILE *fp, sqlite3 *db, const struct compliance_opts *o, const char *screen)
{
    fputs("<h2>Texts shown</h2>\n<table><tr><th>language</th><th>plays</th>"
          "<th>first shown</th><th>last shown</th></tr>\n",
          fp);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT lang, media, sha, count(*), min(started), max(ended) FROM notice"
                       " WHERE screen = ?1 GROUP BY lang, media, sha ORDER BY lang, min(started)",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, screen, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *media = (const char *)sqlite3_column_text(st, 1);
        const char *sha = (const char *)sqlite3_column_text(st, 2);
        fputs("<tr><td>", fp);
        text(fp, (const char *)sqlite3_column_text(st, 0));
        fprintf(fp, "</td><td class=\"n\">%lld</td><td>", (long long)sqlite3_column_int64(st, 3));
        when_text(fp, o->ro, sqlite3_column_int64(st, 4));
        fputs("</td><td>", fp);
        when_text(fp, o->ro, sqlite3_column_int64(st, 5));
        fputs("</td></tr>\n<tr><td class=\"sub\" colspan=\"4\">File <code>", fp);
        text(fp, media ? media : "(not recorded)");
        fputs("</code><br>SHA-256 <code>", fp);
        text(fp, sha ? sha : "(none: recorded by an older signage)");
        fputs("</code><br>Source: ", fp);
        char *now_sha = NULL, *notes = NULL, err[128];
        if (!media || notice_file_info(media, &now_sha, &notes, err, sizeof(err)) != 0)
            fputs("the file is not on this machine to read its notes", fp);
        else if (sha && strcmp(sha, now_sha) != 0)
            fputs("<span class=\"no\">the file has changed since it was shown</span>", fp);
        else
            text(fp, notes);
        free(now_sha);
        free(notes);
        fputs("</td></tr>\n", fp);
    }
    sqlite3_finalize(st);
    fputs("</table>\n", fp);
}

/* Minutes on screen per day (rows) and language (columns). */
static void write_days(FILE *fp, sqlite3 *db, const char *screen)
{
    sqlite3_stmt *langs = NULL, *days = NULL, *cell = NULL;
    sqlite3_prepare_v2(db, "SELECT DISTINCT lang FROM notice WHERE screen = ?1 ORDER BY lang", -1,
                       &langs, NULL);
    sqlite3_prepare_v2(db, "SELECT DISTINCT day FROM notice WHERE screen = ?1 ORDER BY day", -1,
                       &days, NULL);
    sqlite3_prepare_v2(db,
                       "SELECT coalesce(sum(shown_ms), 0) FROM notice WHERE screen = ?1"
                       " AND day = ?2 AND lang = ?3",
                       -1, &cell, NULL);
    sqlite3_bind_text(langs, 1, screen, -1, SQLITE_STATIC);
    sqlite3_bind_text(days, 1, screen, -1, SQLITE_STATIC);
    char *names[64];
    int n = 0;
    fputs("<h2>Minutes on screen per day</h2>\n<table><tr><th>day</th>", fp);
    while (n < 64 && sqlite3_step(langs) == SQLITE_ROW) {
        names[n] = xstrdup((const char *)sqlite3_column_text(langs, 0));
        fputs("<th>", fp);
        text(fp, names[n++]);
        fputs("</th>", fp);
    }
    fputs("<th>all</th></tr>\n", fp);
    while (sqlite3_step(days) == SQLITE_ROW) {
        const char *day = (const char *)sqlite3_column_text(days, 0);
        fputs("<tr><td>", fp);
        text(fp, day);
        fputs("</td>", fp);
        int64_t all = 0;
        for (int i = 0; i < n; i++) {
            sqlite3_reset(cell);
            sqlite3_bind_text(cell, 1, screen, -1, SQLITE_STATIC);
            sqlite3_bind_text(cell, 2, day, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(cell, 3, names[i], -1, SQLITE_STATIC);
            int64_t ms = sqlite3_step(cell) == SQLITE_ROW ? sqlite3_column_int64(cell, 0) : 0;
            all += ms;
            fprintf(fp, "<td class=\"n\">%.1f</td>", ms / 60000.0);
        }
        fprintf(fp, "<td class=\"n\"><b>%.1f</b></td></tr>\n", all / 60000.0);
    }
    fputs("</table>\n", fp);
    for (int i = 0; i < n; i++)
        free(names[i]);
    sqlite3_finalize(langs);
    sqlite3_finalize(days);
    sqlite3_finalize(cell);
}

static void write_size(FILE *fp, const struct compliance_opts *o, const struct size_check *sc)
{
    const struct settings *s = o->s;
    fputs("<h2>Size on the configured panel</h2>\n", fp);
    fprintf(fp, "<p>Panel %dx%d px", o->panel_w, o->panel_h);
    if (s->width_mm > 0 || s->height_mm > 0)
        fprintf(fp, ", %d x %d mm", s->width_mm, s->height_mm);
    fprintf(fp, ", rotation %d, notice mode %s. The law: ", s->rotation, s->notice_mode);
    text(fp, o->law->size_note);
    fputs(".</p>\n", fp);
    if (!sc->measured) {
        fputs("<p class=\"no\">The notice could not be measured (its texts are missing).</p>\n",
              fp);
        return;
    }
    fprintf(fp,
            "<table><tr><th>notice region</th><th>on screen</th><th>type</th><th>verdict</th>"
            "</tr>\n<tr><td>%d x %d px</td><td>%.1f x %.1f in</td><td>%d px = %.1f pt</td><td "
            "class=\"%s\">%s</td></tr></table>\n",
            sc->ns.box_w, sc->ns.box_h, sc->ns.w_in, sc->ns.h_in, sc->ns.type_px, sc->ns.type_pt,
            sc->warnings.n_lines ? "no" : "ok",
            sc->warnings.n_lines ? "does not meet the minimum" : "meets the minimum");
    for (int i = 0; i < sc->warnings.n_lines; i++) {
        fputs("<p class=\"no\">", fp);
        text(fp, sc->warnings.lines[i]);
        fputs("</p>\n", fp);
    }
}

/* The newest screenshot taken while the notice was on screen, embedded. */
static void write_proof(FILE *fp, sqlite3 *db, const struct compliance_opts *o, const char *screen)
{
    fputs("<h2>Proof picture</h2>\n", fp);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT s.path, s.taken FROM shots s WHERE s.screen = ?1 AND EXISTS"
                       " (SELECT 1 FROM notice n WHERE n.screen = s.screen"
                       "  AND s.taken BETWEEN n.started AND n.ended)"
                       " ORDER BY s.taken DESC LIMIT 1",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, screen, -1, SQLITE_STATIC);
    bool shown = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(st, 0);
        struct stat sb;
        FILE *img =
            path && stat(path, &sb) == 0 && sb.st_size <= MAX_SHOT_BYTES ? fopen(path, "rb") : NULL;
        uint8_t *png = img ? malloc((size_t)sb.st_size) : NULL;
        if (png && fread(png, 1, (size_t)sb.st_size, img) == (size_t)sb.st_size) {
            size_t n = AV_BASE64_SIZE((size_t)sb.st_size);
            char *b64 = xcalloc(n, 1);
            av_base64_encode(b64, (int)n, png, (int)sb.st_size);
            fputs("<p>Taken ", fp);
            when_text(fp, o->ro, sqlite3_column_int64(st, 1));
            fputs(" while the notice was on screen (<code>", fp);
            text(fp, path);
            fprintf(fp,
                    "</code>):</p>\n<img class=\"proof\" alt=\"screenshot\" "
                    "src=\"data:image/png;base64,%s\">\n",
                    b64);
            free(b64);
            shown = true;
        }
        free(png);
        if (img)
            fclose(img);
    }
    sqlite3_finalize(st);
    if (!shown)
        fputs("<p>No screenshot taken while the notice was on screen is on record (the "
              "player's <code>screenshots</code> setting records them).</p>\n",
              fp);
}

int compliance_write_html(const struct compliance_opts *o, FILE *fp, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int rc = -1;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, scratch_sql, NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "scratch database: %s", db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    for (int i = 0; i < o->ro->n_dbs; i++)
        if (read_ledger(db, o->ro->dbs[i], o->ro, err, errlen) < 0)
            goto out;
    struct size_check sc;
    measure(o, &sc);
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<title>Human-trafficking notice: evidence of display</title>\n<style>\n",
          fp);
    fputs(page_css, fp);
    fputs("</style></head><body>\n", fp);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT DISTINCT screen FROM notice ORDER BY screen", -1, &st, NULL);
    int pages = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *screen = xstrdup((const char *)sqlite3_column_text(st, 0));
        fputs("<section class=\"page\">\n", fp);
        write_law(fp, o, screen);
        write_languages(fp, db, o, screen);
        write_days(fp, db, screen);
        write_texts(fp, db, o, screen);
        fputs("<div class=\"cols\"><div>\n", fp);
        write_size(fp, o, &sc);
        fputs("</div><div>\n", fp);
        write_proof(fp, db, o, screen);
        fputs("</div></div>\n", fp);
        fputs("<p class=\"note\">Each text's SHA-256 is the one the player recorded with its "
              "plays; <code>sha256sum FILE</code> on the screen's copy gives the same when the "
              "words are the same. Penalty: ",
              fp);
        text(fp, o->law->penalty[0] ? o->law->penalty : "see the law");
        fputs(".</p>\n</section>\n", fp);
        free(screen);
        pages++;
    }
    sqlite3_finalize(st);
    if (!pages) {
        fputs("<section class=\"page\">\n", fp);
        write_law(fp, o, "(none)");
        fputs("<p class=\"no\">These ledgers hold no play of the notice in this period.</p>\n"
              "</section>\n",
              fp);
    }
    fputs("</body></html>\n", fp);
    diag_free(&sc.warnings);
    rc = ferror(fp) ? -1 : 0;
    if (rc < 0)
        snprintf(err, errlen, "cannot write: %s", strerror(errno));
out:
    sqlite3_close(db);
    return rc;
}

/* ---- PDF through headless Chromium ---- */

static int run(char *const argv[], int timeout_s, char *err, size_t errlen)
{
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        snprintf(err, errlen, "cannot run %s: %s", argv[0], strerror(e));
        return -1;
    }
    int status = 0;
    for (int waited_ms = 0;; waited_ms += 100) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0 && errno != EINTR) {
            snprintf(err, errlen, "%s: %s", argv[0], strerror(errno));
            return -1;
        }
        if (waited_ms >= timeout_s * 1000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(err, errlen, "%s did not finish in %d s", argv[0], timeout_s);
            return -1;
        }
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "%s failed (status %d)", argv[0],
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

int compliance_print_pdf(const char *html_path, const char *pdf_path, char *err, size_t errlen)
{
    char *abs = realpath(html_path, NULL);
    char profile[] = "/tmp/signage-chromium-XXXXXX";
    if (!abs || !mkdtemp(profile)) {
        snprintf(err, errlen, "%s: %s", html_path, strerror(errno));
        free(abs);
        return -1;
    }
    char *url = xasprintf("file://%s", abs);
    char *out = xasprintf("--print-to-pdf=%s", pdf_path);
    char *dir = xasprintf("--user-data-dir=%s", profile);
    unlink(pdf_path);
    /* --no-sandbox: the sandbox cannot start as root, where CI runs */
    char *argv[] = {"chromium",
                    "--headless",
                    "--disable-gpu",
                    "--no-sandbox",
                    "--no-pdf-header-footer",
                    dir,
                    out,
                    url,
                    NULL};
    int rc = run(argv, PDF_TIMEOUT_S, err, errlen);
    if (rc == 0 && !path_is_file(pdf_path)) {
        snprintf(err, errlen, "chromium wrote no %s", pdf_path);
        rc = -1;
    }
    if (rc < 0 && strstr(err, "cannot run"))
        snprintf(err + strlen(err), errlen - strlen(err),
                 " (--format pdf needs Chromium: apt-get install chromium)");
    char *rm[] = {"rm", "-rf", profile, NULL};
    char ignored[64];
    run(rm, 30, ignored, sizeof(ignored));
    free(url);
    free(out);
    free(dir);
    free(abs);
    return rc;
}
