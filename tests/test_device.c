/* The appliance's pieces without a screen: notify (the sd_notify datagram
 * protocol against a socket bound here), the journal's priorities, the
 * watchdog's decision, commands that fail or hang, the status file and its
 * judgement, screenshots' names and pruning, the screen hours, the video
 * driver's choice, and the appliance settings' bad input. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/log.h"
#include "base/notify.h"
#include "base/run.h"
#include "base/tz.h"
#include "config/settings.h"
#include "device/driver.h"
#include "device/power.h"
#include "device/shots.h"
#include "device/status.h"
#include "device/supervise.h"
#include "ledger/ledger_db.h"
#include "ledger/playlog.h"
#include "ledger_query.h"
#include "settings_text.h"
#include "testlib.h"

static char tmp[] = "/tmp/test_device_XXXXXX";

/* A datagram socket bound at path (or abstract when path starts with '@'). */
static int bind_socket(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    size_t len = strlen(path);
    memcpy(a.sun_path, path, len);
    if (path[0] == '@')
        a.sun_path[0] = '\0';
    if (bind(fd, (struct sockaddr *)&a, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)))
        return -1;
    return fd;
}

static int receive(int fd, char *buf, size_t size)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 1000) != 1)
        return -1;
    ssize_t n = recv(fd, buf, size - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return (int)n;
}

static void test_notify(void)
{
    char buf[256];
    /* No socket: a no-op. */
    unsetenv("NOTIFY_SOCKET");
    EXPECT(notify_open() == NULL);
    EXPECT_INT(notify_send(NULL, "READY=1"), 0);

    char *path = xasprintf("%s/notify.sock", tmp);
    int fd = bind_socket(path);
    EXPECT(fd >= 0);
    setenv("NOTIFY_SOCKET", path, 1);
    setenv("WATCHDOG_USEC", "4000000", 1);
    char pid[16];
    snprintf(pid, sizeof(pid), "%d", (int)getpid());
    setenv("WATCHDOG_PID", pid, 1);
    struct notify *n = notify_open();
    EXPECT(n != NULL);
    EXPECT_INT(notify_watchdog_us(n), 4000000);
    EXPECT(getenv("NOTIFY_SOCKET") == NULL); /* commands do not inherit it */
    EXPECT(getenv("WATCHDOG_USEC") == NULL);
    EXPECT_INT(notify_send(n, "READY=1\nSTATUS=showing hotline"), 0);
    EXPECT(receive(fd, buf, sizeof(buf)) > 0);
    EXPECT_STR(buf, "READY=1\nSTATUS=showing hotline");
    EXPECT_INT(notify_send(n, "WATCHDOG=1"), 0);
    receive(fd, buf, sizeof(buf));
    EXPECT_STR(buf, "WATCHDOG=1");
    notify_close(n);
    close(fd);
    unlink(path);
    /* Gone socket: -1, no crash. */
    setenv("NOTIFY_SOCKET", path, 1);
    n = notify_open();
    EXPECT_INT(notify_send(n, "WATCHDOG=1"), -1);
    notify_close(n);
    free(path);

    /* Abstract names, and a watchdog meant for another process. */
    char abs_name[64];
    snprintf(abs_name, sizeof(abs_name), "@signage-test-%d", (int)getpid());
    fd = bind_socket(abs_name);
    EXPECT(fd >= 0);
    setenv("NOTIFY_SOCKET", abs_name, 1);
    setenv("WATCHDOG_USEC", "4000000", 1);
    setenv("WATCHDOG_PID", "1", 1);
    n = notify_open();
    EXPECT_INT(notify_watchdog_us(n), 0);
    EXPECT_INT(notify_send(n, "STATUS=x"), 0);
    receive(fd, buf, sizeof(buf));
    EXPECT_STR(buf, "STATUS=x");
    notify_close(n);
    close(fd);
    /* Not a socket name: ignored. */
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    EXPECT(notify_open() == NULL);
}

static void test_journal(void)
{
    char *path = xasprintf("%s/journal.txt", tmp);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    struct stat st;
    fstat(fd, &st);
    char js[64];
    snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino);
    setenv("JOURNAL_STREAM", js, 1);
    bool on = log_detect_journal();
    log_error("broken %d", 1);
    log_warn("careful");
    log_info("fine");
    setenv("JOURNAL_STREAM", "1:2", 1); /* another stream: plain lines */
    bool off = !log_detect_journal();
    log_info("plain");
    dup2(saved, STDERR_FILENO);
    close(saved);
    EXPECT(on);
    EXPECT(off);
    char buf[512] = "";
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    EXPECT(strstr(buf, "<3>signage[error]: broken 1\n<4>signage[warn]: careful\n"
                       "<6>signage[info]: fine\n") == buf);
    EXPECT(strstr(buf, "Z signage[info]: plain\n") != NULL);
    unsetenv("JOURNAL_STREAM");
    log_detect_journal();
    free(path);
}

static void test_supervise(void)
{
    struct supervise s;
    struct supervise_health ok = {0}, frozen = {.picture_late_us = 6000000},
                            ledger = {.ledger_stuck_us = 31000000};
    supervise_init(&s, 0, 0);
    EXPECT_INT(supervise_tick(&s, &ok, 100), SUPERVISE_NOTHING); /* no watchdog */
    supervise_init(&s, 4000000, 0);
    EXPECT_INT(supervise_tick(&s, &ok, 0), SUPERVISE_PING);
    EXPECT_INT(supervise_tick(&s, &ok, 1000000), SUPERVISE_NOTHING);
    EXPECT_INT(supervise_tick(&s, &ok, 2000000), SUPERVISE_PING); /* every half interval */
    EXPECT_INT(supervise_tick(&s, &frozen, 4000000), SUPERVISE_HOLD);
    EXPECT(strstr(s.why, "no new picture for 6.0 s") != NULL);
    EXPECT_INT(supervise_tick(&s, &frozen, 5000000), SUPERVISE_NOTHING); /* held, said once */
    EXPECT_INT(supervise_tick(&s, &ok, 6000000), SUPERVISE_RESUME);
    EXPECT_STR(s.why, "");
    EXPECT_INT(supervise_tick(&s, &ledger, 8000000), SUPERVISE_HOLD);
    EXPECT(strstr(s.why, "ledger thread") != NULL);
    struct supervise_health almost = {.picture_late_us = SUPERVISE_PICTURE_LATE_US - 1};
    char why[160];
    EXPECT_STR(supervise_check(&almost, why, sizeof(why)), "");
}

/* Alive and not a zombie (an orphan may wait for a reaper that never comes). */
static bool process_alive(int pid)
{
    char path[64], buf[256] = "";
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return false;
    size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

static void test_run(void)
{
    char err[256];
    EXPECT_INT(run_command("true", 2000, err, sizeof(err)), 0);
    EXPECT_INT(run_command("exit 3", 2000, err, sizeof(err)), -1);
    EXPECT_STR(err, "exited with status 3");
    EXPECT_INT(run_command("kill -9 $$", 2000, err, sizeof(err)), -1);
    EXPECT_STR(err, "killed by signal 9");
    /* A command that hangs, and what it started, are killed at the timeout. */
    char *pidfile = xasprintf("%s/child.pid", tmp);
    char *cmd = xasprintf("sleep 30 & echo $! > %s; wait", pidfile);
    int64_t t0 = time_now_us();
    EXPECT_INT(run_command(cmd, 300, err, sizeof(err)), -1);
    int64_t took = time_now_us() - t0;
    EXPECT(strstr(err, "killed after 0.3 s") != NULL);
    EXPECT(took < 5000000);
    FILE *fp = fopen(pidfile, "r");
    int child = 0;
    if (fp) {
        EXPECT(fscanf(fp, "%d", &child) == 1);
        fclose(fp);
    }
    usleep(100000);
    EXPECT(child > 0 && !process_alive(child)); /* the background sleep went too */
    free(cmd);
    free(pidfile);
}

static void status_sample(struct status_info *in)
{
    memset(in, 0, sizeof(*in));
    snprintf(in->screen_id, sizeof(in->screen_id), "shelter-\"7\"");
    snprintf(in->version, sizeof(in->version), "0.1.0");
    in->started_utc_ms = 1000000;
    snprintf(in->item, sizeof(in->item), "hotline");
    snprintf(in->language, sizeof(in->language), "es");
    snprintf(in->kind, sizeof(in->kind), "filler");
    snprintf(in->play_id, sizeof(in->play_id), "a7b3f489-8a7d-42e6-a7b5-783ad859156b");
    in->screen_on = true;
    in->plays_today = 42;
}

static char *format(const struct status_info *in, int64_t written, int64_t free_b, bool running)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    status_format(fp, in, written, free_b, running);
    fclose(fp);
    return buf;
}

static void test_status(void)
{
    struct status_info in;
    status_sample(&in);
    char *j = format(&in, 1060000, 1000000000, true);
    EXPECT(strstr(j, "\"screen_id\": \"shelter-\\\"7\\\"\"") != NULL);
    EXPECT(strstr(j, "\"uptime_s\": 60") != NULL);
    EXPECT(strstr(j, "\"on_screen\": {\"item\": \"hotline\", \"language\": \"es\"") != NULL);
    EXPECT(strstr(j, "\"plays_today\": 42, \"last_error\": null") != NULL);
    EXPECT(strstr(j, "\"screen\": \"on\"") != NULL);
    struct diag d = {0};
    EXPECT(status_assess(j, 1065000, &d));
    EXPECT(!status_assess(j, 1065000 + STATUS_STALE_MS, &d));
    EXPECT(d.n_lines == 1 && strstr(d.lines[0], "stale"));
    diag_free(&d);
    free(j);

    /* Dark, a recent error, a backlog, little space, stopped. */
    in.screen_on = false;
    snprintf(in.last_error, sizeof(in.last_error), "ledger x.db: disk full");
    in.last_error_utc_ms = 1050000;
    in.ledger_backlog = 3;
    j = format(&in, 1060000, 1000, false);
    EXPECT(strstr(j, "\"screen\": \"off\", \"on_screen\": null") != NULL);
    EXPECT(!status_assess(j, 1061000, &d));
    EXPECT_INT(d.n_lines, 4);
    EXPECT(d.n_lines == 4 && strstr(d.lines[0], "stopped") &&
           strstr(d.lines[1], "error 11 s ago") && strstr(d.lines[2], "3 play records") &&
           strstr(d.lines[3], "MB free"));
    diag_free(&d);
    /* The error ages out. */
    in.ledger_backlog = 0;
    free(j);
    j = format(&in, 1060000 + STATUS_ERROR_MS, -1, true);
    EXPECT(status_assess(j, 1061000 + STATUS_ERROR_MS, &d));
    diag_free(&d);
    free(j);
    EXPECT(!status_assess("{\"nonsense\": 1}", 0, &d));
    diag_free(&d);

    /* The writer: a file appears in a folder it makes, and is replaced whole. */
    char *path = xasprintf("%s/new-folder/status.json", tmp);
    struct status_writer *w = status_writer_start(path, tmp);
    status_sample(&in);
    status_writer_post(w, &in);
    for (int i = 0; i < 100 && !path_is_file(path); i++)
        usleep(20000);
    EXPECT(path_is_file(path));
    status_writer_stop(w);
    FILE *fp = fopen(path, "r");
    char buf[2048] = "";
    size_t n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;
    buf[n] = '\0';
    if (fp)
        fclose(fp);
    EXPECT(strstr(buf, "\"running\": false") != NULL);
    char *tmpfile = xasprintf("%s.tmp", path);
    EXPECT(!path_is_file(tmpfile));
    free(tmpfile);
    free(path);
    /* A status file that cannot be written (its folder is a file): logged, survived. */
    char *blocker = xasprintf("%s/not-a-folder", tmp);
    fclose(fopen(blocker, "w"));
    path = xasprintf("%s/status.json", blocker);
    free(blocker);
    w = status_writer_start(path, tmp);
    status_writer_post(w, &in);
    status_writer_stop(w); /* logs one error, no crash */
    EXPECT(!path_is_file(path));
    free(path);
}

static int count_pngs(const char *dir)
{
    char *cmd = xasprintf("ls %s | grep -c '\\.png$'", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    free(cmd);
    return n;
}

static void test_shots(void)
{
    char name[128];
    shots_name(name, sizeof(name), 1796163300123LL, "a7b3f489-8a7d-42e6-a7b5-783ad859156b");
    EXPECT_STR(name, "20261201T221500.123Z_a7b3f489-8a7d-42e6-a7b5-783ad859156b.png");
    EXPECT(shots_is_ours(name));
    shots_name(name, sizeof(name), 1796163300123LL, "");
    EXPECT_STR(name, "20261201T221500.123Z_none.png");
    EXPECT(!shots_is_ours("holiday.png"));
    EXPECT(!shots_is_ours("20261201T221500.123Z_x.jpg"));

    char *dir = xasprintf("%s/shots/deeper", tmp);
    struct shots *s = shots_start(dir, 3, 1.0, 0);
    EXPECT(!shots_due(s, 999999));
    EXPECT(shots_due(s, 1000000));
    for (int i = 0; i < 5; i++) {
        int w = 16, h = 8;
        uint8_t *rgb = xcalloc((size_t)w * h, 3);
        memset(rgb, 40 * i, (size_t)w * h * 3);
        char id[40];
        snprintf(id, sizeof(id), "play-%d", i);
        shots_take(s, rgb, w, h, id, 1796163300000LL + i * 1000, 1000000 + i);
        usleep(50000); /* let the encoder keep up: SHOTS_PENDING_MAX is small */
    }
    EXPECT(!shots_due(s, 1500000));
    shots_stop(s);
    struct shot_done done;
    int n_done = 0;
    while (shots_poll(s, &done))
        n_done++;
    EXPECT_INT(n_done, 5);
    EXPECT_STR(done.play_id, "play-4");
    EXPECT(strstr(done.path, "/shots/deeper/20261201T221504.000Z_play-4.png") != NULL);
    shots_free(s);
    /* A file of someone else's in the folder is never deleted. */
    EXPECT_INT(count_pngs(dir), 3);
    char *other = xasprintf("%s/holiday.png", dir);
    FILE *fp = fopen(other, "w");
    fclose(fp);
    EXPECT_INT(shots_prune(dir, 1), 2);
    EXPECT(path_is_file(other));
    free(other);
    free(dir);
    EXPECT_INT(shots_prune("/nonexistent-folder", 1), -1);
}

static void test_power(void)
{
    char err[256];
    struct tz *la = tz_load("America/Los_Angeles", err, sizeof(err));
    EXPECT(la != NULL);
    struct when w = when_always();
    w.set = true;
    EXPECT_INT(when_parse_hours("06:00-01:00", &w.hours[0]), 0);
    w.n_hours = 1;
    /* 2026-12-01 is a Tuesday; LA is UTC-8 then. */
    int64_t midnight_utc_ms = (tz_days_from_civil(2026, 12, 1) * 86400 + 8 * 3600) * 1000LL;
    EXPECT(power_wanted(&w, la, midnight_utc_ms + 6 * 3600000LL));               /* 06:00 */
    EXPECT(!power_wanted(&w, la, midnight_utc_ms + 5 * 3600000LL + 3540000));    /* 05:59 */
    EXPECT(power_wanted(&w, la, midnight_utc_ms + 24 * 3600000LL + 30 * 60000)); /* 00:30 */
    EXPECT(!power_wanted(&w, la, midnight_utc_ms + 25 * 3600000LL));             /* 01:00 */
    w.days = 1u << 2;                                                            /* tuesday only */
    EXPECT(power_wanted(&w, la, midnight_utc_ms + 24 * 3600000LL + 30 * 60000)); /* tue night */
    EXPECT(!power_wanted(&w, la, midnight_utc_ms + 30 * 3600000LL));             /* wed 06:00 */
    struct when always = when_always();
    EXPECT(power_wanted(&always, la, 0));
    tz_free(la);

    /* The thread: a failing command and a hanging one are reported, not waited for. */
    char *mark = xasprintf("%s/panel", tmp);
    char *off = xasprintf("echo off > %s", mark);
    struct power_opts o = {.off_command = off, .on_command = "exit 7", .driver = "dummy"};
    struct power *p = power_start(&o);
    struct power_result r;
    EXPECT(!power_poll(p, &r));
    power_set(p, false);
    for (int i = 0; i < 200 && !power_poll(p, &r); i++)
        usleep(10000);
    EXPECT(r.ok && !r.on);
    EXPECT_STR(r.how, "command");
    EXPECT(path_is_file(mark));
    power_set(p, true);
    memset(&r, 0, sizeof(r));
    for (int i = 0; i < 300 && !power_poll(p, &r); i++)
        usleep(10000);
    EXPECT(!r.ok && r.on);
    EXPECT(strstr(r.error, "screen.on_command \"exit 7\": exited with status 7") != NULL);
    power_stop(p);
    free(off);
    free(mark);
}

static void test_driver(void)
{
    char buf[64];
    EXPECT_STR(driver_choice("auto", NULL, NULL, buf, sizeof(buf)), "kmsdrm");
    EXPECT_STR(driver_choice("auto", "", ":0", buf, sizeof(buf)), "x11,kmsdrm");
    EXPECT_STR(driver_choice("auto", "wayland-0", ":0", buf, sizeof(buf)), "wayland,x11,kmsdrm");
    EXPECT_STR(driver_choice("x11", "wayland-0", NULL, buf, sizeof(buf)), "x11");
    EXPECT_STR(driver_choice("kmsdrm", NULL, ":0", buf, sizeof(buf)), "kmsdrm");
    EXPECT(driver_choice("fbdev", NULL, NULL, buf, sizeof(buf)) == NULL);
}

/* Loads text as a config; returns the first problem, or "" (static buffer). */
static const char *load(const char *text, struct settings *s)
{
    static char first[512];
    char *path = xasprintf("%s/player.cfg", tmp);
    struct diag d = {0};
    int rc = settings_load_text(path, text, s, &d);
    snprintf(first, sizeof(first), "%s", d.n_lines ? d.lines[0] : "");
    EXPECT((rc < 0) == (d.n_lines > 0));
    diag_free(&d);
    free(path);
    const char *slash = strrchr(first, '/');
    return slash ? slash + 1 : first;
}

static void test_settings_appliance(void)
{
    struct settings s;
    EXPECT_STR(load("screen = { on = [\"06:00-01:00\"]; days = [\"mon\", \"sat\"]; };\n"
                    "screenshots = { every = 900.0; keep = 10; };\n"
                    "display = { driver = \"kmsdrm\"; };\n",
                    &s),
               "");
    EXPECT(s.screen_when.set && s.screen_when.n_hours == 1 && s.screen_when.days == 0x42);
    EXPECT_STR(s.video_driver, "kmsdrm");
    EXPECT_INT(s.shots_keep, 10);
    char *dir = settings_shots_dir(&s, NULL);
    char *status = settings_status_path(&s, NULL);
    EXPECT_STR(dir, "screenshots"); /* beside the default ledger, in the current folder */
    EXPECT_STR(status, "status.json");
    free(dir);
    free(status);
    /* Beside the ledger played into (play --db). */
    status = settings_status_path(&s, "/run/x/ledger.db");
    EXPECT_STR(status, "/run/x/status.json");
    free(status);
    settings_free(&s);
    EXPECT_STR(load("x = 1;\n", &s), "player.cfg:1: x: unknown setting");
    EXPECT(!s.screen_when.set);
    settings_free(&s);
    /* An unknown driver. */
    EXPECT_STR(load("display = {\n driver = \"fbdev\"; };\n", &s),
               "player.cfg:2: display.driver: \"fbdev\" is not one of auto,kmsdrm,x11,wayland");
    settings_free(&s);
    /* An on window that never opens. */
    EXPECT_STR(load("screen = {\n on = [\"06:00-22:00\"];\n days = [];\n};\n", &s),
               "player.cfg:3: screen.days: the screen would never be on (no day or hour is open); "
               "leave screen out to keep it on");
    settings_free(&s);
    EXPECT_STR(load("screen = { on = [\"06:00-06:00\"]; };\n", &s),
               "player.cfg:1: screen.on: \"06:00-06:00\" is not an hour range \"HH:MM-HH:MM\"");
    settings_free(&s);
    EXPECT_STR(load("screen = { on = [\"6-22\"]; };\n", &s),
               "player.cfg:1: screen.on: \"6-22\" is not an hour range \"HH:MM-HH:MM\"");
    settings_free(&s);
    EXPECT_STR(load("screen = { days = [\"someday\"]; };\n", &s),
               "player.cfg:1: screen.days: \"someday\" is not a day (mon..sun)");
    settings_free(&s);
    EXPECT_STR(load("screenshots = { keep = 0; };\n", &s),
               "player.cfg:1: screenshots.keep: 0 is out of range 1..100000");
    settings_free(&s);
}

/* Screen events and screenshots go through the ledger's queue into their
 * tables, beside the plays; a ledger of the schema before them is migrated. */
static void test_ledger_notes(void)
{
    char *path = xasprintf("%s/notes.db", tmp);
    struct playlog *pl = playlog_open(path, "screen-9", 0);
    struct play_record rec = {.campaign = "c",
                              .item = "ad",
                              .language = "en",
                              .started_utc_ms = 1000,
                              .scheduled_ms = 5000};
    playlog_begin(pl, &rec);
    playlog_screen(pl, false, 2000, "DPMS, command", NULL);
    playlog_screen(pl, true, 3000, "command", "screen.on_command \"x\": exited with status 1");
    playlog_screenshot(pl, rec.play_id, 1500, "/var/lib/signage/screenshots/a.png");
    EXPECT_INT(playlog_flush(pl), 0);
    EXPECT_INT(playlog_backlog(pl), 0);
    EXPECT_INT(playlog_stuck_us(pl), 0);
    playlog_close(pl);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays"), 1);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM screen_events WHERE state = 'off' AND "
                               "utc_ms = 2000 AND how = 'DPMS, command' AND error IS NULL"),
               1);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM screen_events WHERE state = 'on' AND "
                               "error LIKE '%exited with status 1'"),
               1);
    char *sql = xasprintf("SELECT count(*) FROM screenshots s JOIN plays p USING (play_id) "
                          "WHERE p.play_id = '%s' AND s.taken_utc_ms = 1500",
                          rec.play_id);
    EXPECT_INT(query_int(path, sql), 1);
    free(sql);

    /* The schema before: the new tables are made, the plays kept. */
    sqlite3 *raw = NULL;
    sqlite3_open(path, &raw);
    /* Schema 3, the step before the appliance's 3 -> 4 (later steps run again too). */
    char *back = xasprintf("DROP TABLE screen_events; DROP TABLE screenshots; "
                           "PRAGMA user_version = %d",
                           3);
    sqlite3_exec(raw, back, NULL, NULL, NULL);
    free(back);
    sqlite3_close(raw);
    char err[256];
    sqlite3 *db = ledger_db_open(path, NULL, err, sizeof(err));
    EXPECT(db != NULL);
    ledger_db_close(db);
    EXPECT_INT(query_int(path, "PRAGMA user_version"), PLAYLOG_SCHEMA_VERSION);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM screen_events"), 0);
    EXPECT_INT(query_int(path, "SELECT count(*) FROM plays"), 1);
    free(path);
}

int main(void)
{
    if (!mkdtemp(tmp))
        return 1;
    test_notify();
    test_journal();
    test_supervise();
    test_run();
    test_status();
    test_shots();
    test_power();
    test_driver();
    test_settings_appliance();
    test_ledger_notes();
    char *rm = xasprintf("rm -rf %s", tmp);
    if (system(rm) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(rm);
    return test_result("test_device");
}
