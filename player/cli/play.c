/* signage play: the player. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "loop/app.h"

static const char usage_play[] =
    "Usage: signage play [OPTION]... [PLAYLIST]\n"
    "Plays PLAYLIST (default: the playlist named in the config) fullscreen, in a loop,\n"
    "until SIGINT or SIGTERM.\n"
    "\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG ", else the\n"
    "                         installed one, /etc/signage/player.cfg; built-in\n"
    "                         defaults when neither exists)\n"
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
};

int cmd_play(int argc, char **argv)
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
            if (cli_parse_size(optarg, &o.width, &o.height) < 0)
                return cli_bad_usage("--size: \"%s\" is not WIDTHxHEIGHT (16..16384)", optarg,
                                     "play ");
            break;
        case OPT_FOR:
            if (cli_parse_number(optarg, 0.001, 1e9, &o.for_s) < 0)
                return cli_bad_usage("--for: \"%s\" is not a number of seconds", optarg, "play ");
            break;
        case OPT_PLAYS:
            if (cli_parse_number(optarg, 1, 1e9, &v) < 0 || v != (int)v)
                return cli_bad_usage("--plays: \"%s\" is not a positive whole number", optarg,
                                     "play ");
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
            return cli_bad_usage("%s", "bad option", "play ");
        }
    }
    if (argc - optind > 1)
        return cli_bad_usage("play takes one playlist, not \"%s\" too", argv[optind + 1], "play ");

    struct settings s;
    int rc = cli_load_config(&s, config);
    if (rc == 0 && log_level) {
        enum log_level level;
        if (log_level_parse(log_level, &level) < 0)
            rc = cli_bad_usage("--log-level: \"%s\" is not error, warn, info or debug", log_level,
                               "play ");
        else
            cli_set_log_level(level);
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
