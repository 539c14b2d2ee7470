/* signage report: plays, impressions and errors from proof-of-play ledgers. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/tz.h"
#include "base/util.h"
#include "cli/cli.h"
#include "ledger/compliance.h"
#include "ledger/report.h"
#include "ledger/report_dark.h"
#include "screen/notice.h"

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
    "      --kind KIND        only plays of this kind: ad, notice, filler, alert, or\n"
    "                         interaction (kiosk page views per page and language by the hour)\n"
    "      --format FORMAT    table (default), csv, json, or html (one file with charts)\n"
    "      --out FILE         write to FILE instead of standard output\n"
    "      --timezone ZONE    dates in this IANA time zone (default: the config's)\n"
    "      --dark             instead of plays: the hours each screen was dark by its\n"
    "                         screen hours, per day (table, csv or json)\n"
    "      --compliance       instead: the notice's evidence for an inspector, one\n"
    "                         printable page per screen (the law, the texts shown\n"
    "                         with their SHA-256, required languages against those\n"
    "                         shown, minutes per day per language, the size check,\n"
    "                         the newest proof screenshot); --format html (default)\n"
    "                         or pdf (printed by headless Chromium; needs --out)\n"
    "      --size WxH         with --compliance: the panel's pixels for the size\n"
    "                         check (default 1920x1080)\n"
    "  -h, --help             this help\n"
    "\n"
    "Dates and hours are in the screen's time zone, which the report states.\n";

enum {
    OPT_DB = 256,
    OPT_FROM,
    OPT_TO,
    OPT_BY,
    OPT_KIND,
    OPT_FORMAT,
    OPT_OUT,
    OPT_TIMEZONE,
    OPT_DARK,
    OPT_COMPLIANCE,
    OPT_SIZE,
};

/* The compliance pages (html), or those printed to PDF at out. Returns the
 * exit code. */
static int compliance(const struct report_opts *ro, const struct settings *s, bool pdf,
                      const char *out, int panel_w, int panel_h)
{
    struct notice_law law;
    struct diag d = {0};
    char err[512], tmp[] = "/tmp/signage-compliance-XXXXXX.html";
    int rc = 2;
    FILE *fp = NULL;
    if (notice_load_law(s, &law, &d) < 0) {
        for (int i = 0; i < d.n_lines; i++)
            fprintf(stderr, "%s\n", d.lines[i]);
        goto out;
    }
    rc = 1;
    int fd = pdf ? mkstemps(tmp, 5) : -1;
    fp = pdf ? (fd >= 0 ? fdopen(fd, "w") : NULL) : out ? fopen(out, "w") : stdout;
    if (!fp) {
        fprintf(stderr, "signage: %s: cannot write: %s\n", pdf ? tmp : out, strerror(errno));
        goto out;
    }
    struct compliance_opts co = {ro, s, &law, panel_w, panel_h};
    if (compliance_write_html(&co, fp, err, sizeof(err)) < 0) {
        fprintf(stderr, "signage: %s\n", err);
        goto out;
    }
    if (fp != stdout && fclose(fp) != 0) {
        fp = NULL;
        fprintf(stderr, "signage: %s: cannot write: %s\n", pdf ? tmp : out, strerror(errno));
        goto out;
    }
    fp = NULL;
    if (pdf && compliance_print_pdf(tmp, out, err, sizeof(err)) < 0) {
        fprintf(stderr, "signage: %s: %s\n", out, err);
        goto out;
    }
    rc = 0;
out:
    if (fp && fp != stdout)
        fclose(fp);
    if (pdf)
        unlink(tmp);
    notice_law_free(&law);
    diag_free(&d);
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

int cmd_report(int argc, char **argv)
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
        {"dark", no_argument, NULL, OPT_DARK},
        {"compliance", no_argument, NULL, OPT_COMPLIANCE},
        {"size", required_argument, NULL, OPT_SIZE},
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
    bool have_settings = false, dark = false;
    struct report *r = NULL;
    struct tz *zone_tz = NULL;
    FILE *fp = NULL;
    int n_dbs = 0, rc = 2, c, panel_w = 1920, panel_h = 1080;
    bool for_inspector = false, pdf = false, formatted = false;
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
                rc = cli_bad_usage("--by: %s", err, "report ");
                goto out;
            }
            break;
        case OPT_KIND:
            if (strcmp(optarg, "ad") && strcmp(optarg, "notice") && strcmp(optarg, "filler") &&
                strcmp(optarg, "alert") && strcmp(optarg, "interaction")) {
                rc = cli_bad_usage("--kind: \"%s\" is not ad, notice, filler, alert or interaction",
                                   optarg, "report ");
                goto out;
            }
            ro.kind = optarg;
            break;
        case OPT_FORMAT:
            formatted = true;
            pdf = strcmp(optarg, "pdf") == 0;
            if (!pdf && report_format_parse(optarg, &format) < 0) {
                rc = cli_bad_usage("--format: \"%s\" is not table, csv, json, html or pdf", optarg,
                                   "report ");
                goto out;
            }
            break;
        case OPT_COMPLIANCE:
            for_inspector = true;
            break;
        case OPT_SIZE:
            if (cli_parse_size(optarg, &panel_w, &panel_h) < 0) {
                rc = cli_bad_usage("--size: \"%s\" is not WIDTHxHEIGHT (16..16384)", optarg,
                                   "report ");
                goto out;
            }
            break;
        case OPT_OUT:
            out = optarg;
            break;
        case OPT_DARK:
            dark = true;
            break;
        case OPT_TIMEZONE:
            zone = optarg;
            break;
        case 'h':
            fputs(usage_report, stdout);
            rc = 0;
            goto out;
        default:
            rc = cli_bad_usage("%s", "bad option", "report ");
            goto out;
        }
    }
    if (optind < argc) {
        rc = cli_bad_usage("report takes no arguments; give ledgers with --db, not \"%s\"",
                           argv[optind], "report ");
        goto out;
    }
    if (for_inspector && formatted && !pdf && format != FORMAT_HTML) {
        rc = cli_bad_usage("%s", "--compliance: --format is html or pdf", "report ");
        goto out;
    }
    if (pdf && (!for_inspector || !out)) {
        rc = cli_bad_usage("%s", "--format pdf: only with --compliance, and --out FILE.pdf",
                           "report ");
        goto out;
    }
    rc = cli_load_config(&s, config);
    have_settings = true; /* cli_load_config() fills s with defaults even when it fails */
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
        rc = cli_bad_usage("--from: \"%s\" is not a date YYYY-MM-DD", ro.from_date, "report ");
        goto out;
    }
    if (ro.to_date && report_date_parse(zone_tz, ro.to_date, 1, &ro.to_utc_ms) < 0) {
        rc = cli_bad_usage("--to: \"%s\" is not a date YYYY-MM-DD", ro.to_date, "report ");
        goto out;
    }
    if (n_dbs == 0)
        dbs[n_dbs++] = s.ledger;
    ro.dbs = dbs;
    ro.n_dbs = n_dbs;
    ro.charts = format == FORMAT_HTML;
    if (for_inspector) {
        rc = compliance(&ro, &s, pdf, out, panel_w, panel_h);
        goto out;
    }
    rc = 1;
    if (dark) {
        fp = out ? fopen(out, "w") : stdout;
        if (!fp)
            fprintf(stderr, "signage: %s: cannot write: %s\n", out, strerror(errno));
        else if (report_dark_write(&ro, format, time_wall_ms(), fp, err, sizeof(err)) < 0)
            fprintf(stderr, "signage: %s\n", err);
        else
            rc = 0;
        goto out;
    }
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
