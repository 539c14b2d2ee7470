/* signage: a digital-signage player for public-awareness campaigns.
 * Argument parsing and dispatch to the verbs; exit codes: 0 success,
 * 1 runtime failure, 2 bad usage, config or playlist. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loop/app.h"
#include "lineup/check.h"
#include "schedule/dryrun.h"
#include "lineup/lineup.h"
#include "base/log.h"
#include "media/media.h"
#include "ledger/report.h"
#include "config/settings.h"
#include "base/tz.h"
#include "base/util.h"

#define DEFAULT_CONFIG "config/player.cfg"

static const char usage_main[] =
    "Usage: signage VERB [OPTION]... [ARG]...\n"
    "A fullscreen player for public-awareness campaigns, with proof of play.\n"
    "\n"
    "Verbs:\n"
    "  play [PLAYLIST]      play a playlist in a loop (default: the config's playlist)\n"
    "  check PLAYLIST...    validate playlists and decode every media file they name\n"
    "  schedule [PLAYLIST]  what would play, when, in which language: a dry run as CSV\n"
    "  report               plays, impressions and errors from proof-of-play ledgers\n"
    "\n"
    "  signage VERB --help  describes the options of a verb\n"
    "  signage --version    prints the version\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage, config or playlist.\n";

static const char usage_play[] =
    "Usage: signage play [OPTION]... [PLAYLIST]\n"
    "Plays PLAYLIST (default: the playlist named in the config) fullscreen, in a loop,\n"
    "until SIGINT or SIGTERM.\n"
    "\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG "; built-in\n"
    "                         defaults when that file does not exist)\n"
    "      --headless         no display needed: SDL's dummy video driver and the\n"
    "                         software renderer\n"
    "      --size WxH         screen size when headless (default 1920x1080)\n"
    "      --for SECONDS      play that long, then exit cleanly\n"
    "      --plays N          exit cleanly after N plays have ended\n"
    "      --screenshot FILE  write the last presented frame to FILE as PNG at exit\n"
    "      --db FILE          proof-of-play ledger (default: the config's ledger)\n"
    "      --stats FILE       write figures (frames, drops, CPU, memory) as JSON at exit\n"
    "      --untimed          run on a virtual clock as fast as pictures decode, showing\n"
    "                         every one (benchmarks: work done, independent of load)\n"
    "      --log-level LEVEL  error, warn, info or debug (default: the config's)\n"
    "  -h, --help             this help\n";

static const char usage_check[] =
    "Usage: signage check [OPTION]... PLAYLIST...\n"
    "Validates each playlist without playing it: every setting and type, and every\n"
    "media file opened and its first picture decoded. Prints one line per problem.\n"
    "Exits 0 when all is well, 2 when anything is wrong.\n"
    "\n"
    "When a notice shows (config notice.mode or a playlist's notice item), prints\n"
    "its size on the configured screen (display.width_mm, display.height_mm) and\n"
    "warns when it is under 8.5 x 11 inches or 16-point type; warnings alone exit 0.\n"
    "\n"
    "  -c, --config FILE      player config (for media_root; default " DEFAULT_CONFIG ")\n"
    "      --size WxH         the screen's pixels, unrotated (default 1920x1080)\n"
    "  -h, --help             this help\n";

static const char usage_schedule[] =
    "Usage: signage schedule [OPTION]... [PLAYLIST]\n"
    "Prints what would play over the next H hours of elapsed time, without playing:\n"
    "one CSV line per play, \"start,item,language,duration_s\" (start in local time\n"
    "with its UTC offset), then plays and share of voice per item. It runs the same\n"
    "scheduler as `signage play`, with the config's time zone and playlists.\n"
    "\n"
    "  -c, --config FILE      player config (timezone, playlists; default " DEFAULT_CONFIG ")\n"
    "      --from TIME        first start, local \"2026-03-08T00:00[:SS]\" or \"2026-03-08\"\n"
    "                         (midnight), or with \"Z\" or \"+HH:MM\" (default: now)\n"
    "      --hours H          elapsed hours to cover (default 24)\n"
    "  -h, --help             this help\n"
    "\n"
    "Videos without a duration are opened to read their length; when it cannot be\n"
    "read, 30 s is assumed and a note says so on stderr.\n";

static const char usage_report[] =
    "Usage: signage report [OPTION]...\n"
    "Counts what the screens showed, from their proof-of-play ledgers: plays,\n"
    "complete, partial, errors, interrupted, seconds on screen and impressions, per\n"
    "group, with totals. Only complete plays count as plays; impressions are those\n"
    "of complete plays. Ledgers are read without disturbing a player writing them.\n"
    "\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG "): its ledger\n"
    "                         and time zone are the defaults\n"
    "      --db FILE          a ledger; give several to merge the ledgers of many\n"
    "                         screens (the same play in several copies counts once)\n"
    "      --from DATE        plays that started on or after DATE (YYYY-MM-DD)\n"
    "      --to DATE          plays that started on or before DATE (inclusive)\n"
    "      --by FIELDS        group by a comma-separated list of day, hour, screen,\n"
    "                         campaign, item, language (default day,campaign,item,language)\n"
    "      --kind KIND        only plays of this kind: ad, notice or filler\n"
    "      --format FORMAT    table (default), csv, json, or html (one file with charts)\n"
    "      --out FILE         write to FILE instead of standard output\n"
    "      --timezone ZONE    dates in this IANA time zone (default: the config's)\n"
    "  -h, --help             this help\n"
    "\n"
    "Dates and hours are in the screen's time zone, which the report states.\n";

enum {
    OPT_HEADLESS = 256,
    OPT_SIZE,
    OPT_FOR,
    OPT_PLAYS,
    OPT_SCREENSHOT,
    OPT_DB,
    OPT_STATS,
    OPT_LOG_LEVEL,
    OPT_UNTIMED,
    OPT_FROM,
    OPT_HOURS,
    OPT_TO,
    OPT_BY,
    OPT_KIND,
    OPT_FORMAT,
    OPT_OUT,
    OPT_TIMEZONE
};

static void set_log_level(enum log_level level)
{
    log_set_level(level);
    media_log_init(level >= LOG_DEBUG);
}

static int bad_usage(const char *fmt, const char *arg, const char *verb)
{
    fprintf(stderr, "signage: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'signage %s--help'.\n", verb ? verb : "");
    return 2;
}

/* Loads the config: the file given, or config/player.cfg when it exists, or
 * the built-in defaults. Returns 0, or 2 after printing every problem. */
static int load_config(struct settings *s, const char *path)
{
    settings_defaults(s);
    if (!path && !path_is_file(DEFAULT_CONFIG))
        return 0;
    struct diag d = {0};
    int rc = settings_load(s, path ? path : DEFAULT_CONFIG, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    diag_free(&d);
    if (rc == 0) {
        enum log_level level;
        if (log_level_parse(s->log_level, &level) == 0)
            set_log_level(level);
    }
    return rc == 0 ? 0 : 2;
}

static int parse_number(const char *arg, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

static int cmd_play(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"headless", no_argument, NULL, OPT_HEADLESS},
        {"size", required_argument, NULL, OPT_SIZE},
        {"for", required_argument, NULL, OPT_FOR},
        {"plays", required_argument, NULL, OPT_PLAYS},
        {"screenshot", required_argument, NULL, OPT_SCREENSHOT},
        {"db", required_argument, NULL, OPT_DB},
        {"stats", required_argument, NULL, OPT_STATS},
        {"untimed", no_argument, NULL, OPT_UNTIMED},
        {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct app_opts o = {.width = 1920, .height = 1080};
    const char *config = NULL, *log_level = NULL;
    double v;
    int c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case OPT_HEADLESS:
            o.headless = true;
            break;
        case OPT_SIZE:
            if (sscanf(optarg, "%dx%d", &o.width, &o.height) != 2 || o.width < 16 ||
                o.height < 16 || o.width > 16384 || o.height > 16384)
                return bad_usage("--size: \"%s\" is not WIDTHxHEIGHT (16..16384)", optarg, "play ");
            break;
        case OPT_FOR:
            if (parse_number(optarg, 0.001, 1e9, &o.for_s) < 0)
                return bad_usage("--for: \"%s\" is not a number of seconds", optarg, "play ");
            break;
        case OPT_PLAYS:
            if (parse_number(optarg, 1, 1e9, &v) < 0 || v != (int)v)
                return bad_usage("--plays: \"%s\" is not a positive whole number", optarg, "play ");
            o.plays = (int)v;
            break;
        case OPT_SCREENSHOT:
            o.screenshot = optarg;
            break;
        case OPT_DB:
            o.db = optarg;
            break;
        case OPT_STATS:
            o.stats = optarg;
            break;
        case OPT_UNTIMED:
            o.untimed = true;
            break;
        case OPT_LOG_LEVEL:
            log_level = optarg;
            break;
        case 'h':
            fputs(usage_play, stdout);
            return 0;
        default:
            return bad_usage("%s", "bad option", "play ");
        }
    }
    if (argc - optind > 1)
        return bad_usage("play takes one playlist, not \"%s\" too", argv[optind + 1], "play ");

    struct settings s;
    int rc = load_config(&s, config);
    if (rc == 0 && log_level) {
        enum log_level level;
        if (log_level_parse(log_level, &level) < 0)
            rc = bad_usage("--log-level: \"%s\" is not error, warn, info or debug", log_level,
                           "play ");
        else
            set_log_level(level);
    }
    if (rc == 0) {
        o.settings = &s;
        o.playlist = optind < argc ? argv[optind] : s.playlist;
        o.playlist_from_config = optind >= argc;
        rc = app_run(&o);
    }
    settings_free(&s);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"size", required_argument, NULL, OPT_SIZE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL;
    struct check_opts co = {.width = 1920, .height = 1080};
    int c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        if (c == 'c') {
            config = optarg;
        } else if (c == OPT_SIZE) {
            if (sscanf(optarg, "%dx%d", &co.width, &co.height) != 2 || co.width < 16 ||
                co.height < 16 || co.width > 16384 || co.height > 16384)
                return bad_usage("--size: \"%s\" is not WIDTHxHEIGHT (16..16384)", optarg,
                                 "check ");
        } else if (c == 'h') {
            fputs(usage_check, stdout);
            return 0;
        } else {
            return bad_usage("%s", "bad option", "check ");
        }
    }
    if (optind >= argc)
        return bad_usage("%s", "check needs at least one playlist", "check ");

    struct settings s;
    int rc = load_config(&s, config);
    if (rc == 0) {
        set_log_level(LOG_ERROR); /* each problem is printed once, below */
        struct diag d = {0}, notes = {0};
        rc =
            check_playlists((const char *const *)argv + optind, argc - optind, &s, &co, &d, &notes);
        for (int i = 0; i < d.n_lines; i++)
            printf("%s\n", d.lines[i]);
        for (int i = 0; i < notes.n_lines; i++)
            printf("%s\n", notes.lines[i]);
        diag_free(&notes);
        if (rc == 0)
            printf("%d playlist%s OK\n", argc - optind, argc - optind == 1 ? "" : "s");
        diag_free(&d);
        rc = rc == 0 ? 0 : 2;
    }
    settings_free(&s);
    return rc;
}

static int cmd_schedule(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"from", required_argument, NULL, OPT_FROM},
        {"hours", required_argument, NULL, OPT_HOURS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *from = NULL;
    double hours = 24;
    int c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case OPT_FROM:
            from = optarg;
            break;
        case OPT_HOURS:
            if (parse_number(optarg, 0.001, 24 * 366, &hours) < 0)
                return bad_usage("--hours: \"%s\" is not a number of hours (up to a year)", optarg,
                                 "schedule ");
            break;
        case 'h':
            fputs(usage_schedule, stdout);
            return 0;
        default:
            return bad_usage("%s", "bad option", "schedule ");
        }
    }
    if (argc - optind > 1)
        return bad_usage("schedule takes one playlist, not \"%s\" too", argv[optind + 1],
                         "schedule ");

    struct settings s;
    struct lineup *l = NULL;
    struct diag d = {0};
    int rc = load_config(&s, config);
    if (rc != 0)
        goto out;
    log_set_level(LOG_ERROR); /* FFmpeg's own chatter is not ours to print */
    struct diag notes = {0};
    l = lineup_load(optind < argc ? argv[optind] : s.playlist, &s, false, &d, &notes);
    for (int i = 0; i < notes.n_lines; i++)
        fprintf(stderr, "%s\n", notes.lines[i]);
    diag_free(&notes);
    if (!l) {
        rc = 2;
        goto out;
    }
    int64_t start_s = time_wall_ms() / 1000;
    if (from && tz_parse_iso(l->tz, from, &start_s) < 0) {
        rc = bad_usage("--from: \"%s\" is not a time \"2026-03-08T00:00\"", from, "schedule ");
        goto out;
    }
    lineup_probe_lengths(l, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "signage: note: %s\n", d.lines[i]);
    diag_free(&d);
    struct dryrun_opts o = {start_s * 1000, (int64_t)(hours * 3.6e6), l->fallback_ms};
    dryrun_print(stdout, l->sched, l->tz, &o);

out:
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    diag_free(&d);
    lineup_free(l);
    settings_free(&s);
    return rc;
}

/* The name of zone for a report to state: the system's zone is named by
 * /etc/timezone when there is one. */
static void timezone_name(const struct tz *zone, const char *given, char *buf, size_t n)
{
    snprintf(buf, n, "%s", tz_name(zone));
    if (given[0])
        return;
    FILE *fp = fopen("/etc/timezone", "r");
    if (fp && fgets(buf, (int)n, fp) && buf[0] != '\n')
        buf[strcspn(buf, "\n")] = '\0';
    else
        snprintf(buf, n, "the system's time zone (%s)", tz_name(zone));
    if (fp)
        fclose(fp);
}

static int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, OPT_DB},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"by", required_argument, NULL, OPT_BY},
        {"kind", required_argument, NULL, OPT_KIND},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        {"timezone", required_argument, NULL, OPT_TIMEZONE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct report_opts ro = {
        .by = {FIELD_DAY, FIELD_CAMPAIGN, FIELD_ITEM, FIELD_LANGUAGE},
        .n_by = 4,
    };
    enum report_format format = FORMAT_TABLE;
    const char *config = NULL, *out = NULL, *zone = NULL;
    const char **dbs = xcalloc((size_t)argc, sizeof(dbs[0]));
    char err[512], tz[128];
    struct settings s;
    bool have_settings = false;
    struct report *r = NULL;
    struct tz *zone_tz = NULL;
    FILE *fp = NULL;
    int n_dbs = 0, rc = 2, c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case OPT_DB:
            dbs[n_dbs++] = optarg;
            break;
        case OPT_FROM:
            ro.from_date = optarg;
            break;
        case OPT_TO:
            ro.to_date = optarg;
            break;
        case OPT_BY:
            if (report_fields_parse(optarg, ro.by, &ro.n_by, err, sizeof(err)) < 0) {
                rc = bad_usage("--by: %s", err, "report ");
                goto out;
            }
            break;
        case OPT_KIND:
            if (strcmp(optarg, "ad") && strcmp(optarg, "notice") && strcmp(optarg, "filler")) {
                rc = bad_usage("--kind: \"%s\" is not ad, notice or filler", optarg, "report ");
                goto out;
            }
            ro.kind = optarg;
            break;
        case OPT_FORMAT:
            if (report_format_parse(optarg, &format) < 0) {
                rc = bad_usage("--format: \"%s\" is not table, csv, json or html", optarg,
                               "report ");
                goto out;
            }
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_TIMEZONE:
            zone = optarg;
            break;
        case 'h':
            fputs(usage_report, stdout);
            rc = 0;
            goto out;
        default:
            rc = bad_usage("%s", "bad option", "report ");
            goto out;
        }
    }
    if (optind < argc) {
        rc = bad_usage("report takes no arguments; give ledgers with --db, not \"%s\"",
                       argv[optind], "report ");
        goto out;
    }
    rc = load_config(&s, config);
    have_settings = true; /* load_config() fills s with defaults even when it fails */
    if (rc != 0)
        goto out;
    if (!zone)
        zone = s.timezone;
    zone_tz = tz_load(zone, err, sizeof(err));
    if (!zone_tz) {
        fprintf(stderr, "%s: %s: %s\n", zone == s.timezone && s.path ? s.path : "signage",
                zone == s.timezone ? "timezone" : "--timezone", err);
        rc = 2;
        goto out;
    }
    timezone_name(zone_tz, zone, tz, sizeof(tz));
    ro.tz = zone_tz;
    ro.timezone = tz;
    /* Dates are local days of the screen: --to includes its whole day. */
    if (ro.from_date && report_date_parse(zone_tz, ro.from_date, 0, &ro.from_utc_ms) < 0) {
        rc = bad_usage("--from: \"%s\" is not a date YYYY-MM-DD", ro.from_date, "report ");
        goto out;
    }
    if (ro.to_date && report_date_parse(zone_tz, ro.to_date, 1, &ro.to_utc_ms) < 0) {
        rc = bad_usage("--to: \"%s\" is not a date YYYY-MM-DD", ro.to_date, "report ");
        goto out;
    }
    if (n_dbs == 0)
        dbs[n_dbs++] = s.ledger;
    ro.dbs = dbs;
    ro.n_dbs = n_dbs;
    ro.charts = format == FORMAT_HTML;
    rc = 1;
    r = report_build(&ro, err, sizeof(err));
    if (!r) {
        fprintf(stderr, "signage: %s\n", err);
        goto out;
    }
    fp = out ? fopen(out, "w") : stdout;
    if (!fp) {
        fprintf(stderr, "signage: %s: cannot write: %s\n", out, strerror(errno));
        goto out;
    }
    if (report_write(r, &ro, format, fp) < 0) {
        fprintf(stderr, "signage: %s: cannot write: %s\n", out ? out : "standard output",
                strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (fp && fp != stdout && fclose(fp) != 0 && rc == 0) {
        fprintf(stderr, "signage: %s: cannot write: %s\n", out, strerror(errno));
        rc = 1;
    }
    report_free(r);
    tz_free(zone_tz);
    if (have_settings)
        settings_free(&s);
    free(dbs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *verb = argv[1];
    set_log_level(LOG_INFO);
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(verb, "--version") == 0) {
        printf("signage %s\n", SIGNAGE_VERSION);
        return 0;
    }
    /* getopt sees the verb as argv[0]. */
    if (strcmp(verb, "play") == 0)
        return cmd_play(argc - 1, argv + 1);
    if (strcmp(verb, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(verb, "schedule") == 0)
        return cmd_schedule(argc - 1, argv + 1);
    if (strcmp(verb, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    return bad_usage("unknown verb \"%s\"", verb, NULL);
}
