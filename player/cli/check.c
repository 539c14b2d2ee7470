/* signage check: playlists validated and their media probed, without playing. */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "lineup/check.h"

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

enum { OPT_SIZE = 256 };

int cmd_check(int argc, char **argv)
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
            if (cli_parse_size(optarg, &co.width, &co.height) < 0)
                return cli_bad_usage("--size: \"%s\" is not WIDTHxHEIGHT (16..16384)", optarg,
                                     "check ");
        } else if (c == 'h') {
            fputs(usage_check, stdout);
            return 0;
        } else {
            return cli_bad_usage("%s", "bad option", "check ");
        }
    }
    if (optind >= argc)
        return cli_bad_usage("%s", "check needs at least one playlist", "check ");

    struct settings s;
    int rc = cli_load_config(&s, config);
    if (rc == 0) {
        cli_set_log_level(LOG_ERROR); /* each problem is printed once, below */
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
