/* signage schedule: a dry run of the scheduler, as CSV. */
#include <getopt.h>
#include <stdio.h>

#include "base/tz.h"
#include "base/util.h"
#include "cli/cli.h"
#include "lineup/lineup.h"
#include "schedule/dryrun.h"

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

enum { OPT_FROM = 256, OPT_HOURS };

int cmd_schedule(int argc, char **argv)
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
            if (cli_parse_number(optarg, 0.001, 24 * 366, &hours) < 0)
                return cli_bad_usage("--hours: \"%s\" is not a number of hours (up to a year)",
                                     optarg, "schedule ");
            break;
        case 'h':
            fputs(usage_schedule, stdout);
            return 0;
        default:
            return cli_bad_usage("%s", "bad option", "schedule ");
        }
    }
    if (argc - optind > 1)
        return cli_bad_usage("schedule takes one playlist, not \"%s\" too", argv[optind + 1],
                             "schedule ");

    struct settings s;
    struct lineup *l = NULL;
    struct diag d = {0};
    int rc = cli_load_config(&s, config);
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
        rc = cli_bad_usage("--from: \"%s\" is not a time \"2026-03-08T00:00\"", from, "schedule ");
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
