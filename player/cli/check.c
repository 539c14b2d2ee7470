/* signage check: playlists validated and their media probed, without playing. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "alerts/alert_check.h"
#include "base/util.h"
#include "cli/cli.h"
#include "kiosk/flow.h"
#include "lineup/check.h"

static const char usage_check[] =
    "Usage: signage check [OPTION]... PLAYLIST|CAP...\n"
    "Validates each playlist without playing it: every setting and type, and every\n"
    "media file opened and its first picture decoded. Prints one line per problem.\n"
    "Exits 0 when all is well, 2 when anything is wrong.\n"
    "\n"
    "When a notice shows (config notice.mode or a playlist's notice item), prints\n"
    "its size on the configured screen (display.width_mm, display.height_mm) and\n"
    "warns when it is under 8.5 x 11 inches or 16-point type; warnings alone exit 0.\n"
    "A kiosk group (in the config or beside a playlist) is checked too: its settings,\n"
    "its pages and where their links lead.\n"
    "\n"
    "CAP 1.2 emergency alerts (a file ending in .xml, .cap, .atom or .rss, or an\n"
    "http(s) URL of a message or a feed) are validated, and each alert judged by\n"
    "the config's alerts settings as the player would judge it now: where it would\n"
    "show, or why it would not (all CAP arguments as one set, so that an Update or\n"
    "a Cancel applies; a folder is every .xml and .cap file in it). A document\n"
    "refused or an alert breaking CAP's\n"
    "rules exits 2; an alert that is valid but not for this screen exits 0.\n"
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
        return cli_bad_usage("%s", "check needs at least one playlist or CAP file", "check ");

    struct settings s;
    int rc = cli_load_config(&s, config);
    if (rc != 0) {
        settings_free(&s);
        return rc;
    }
    cli_set_log_level(LOG_ERROR); /* each problem is printed once, below */
    /* CAP arguments are checked apart; the rest are playlists. */
    int n_playlists = 0, n_caps = 0, cap_rc = 0;
    const char **playlists = xcalloc((size_t)(argc - optind) + 1, sizeof(char *));
    const char **caps = xcalloc((size_t)(argc - optind) + 1, sizeof(char *));
    for (int i = optind; i < argc; i++) {
        if (alert_check_is_cap(argv[i]))
            caps[n_caps++] = argv[i];
        else
            playlists[n_playlists++] = argv[i];
    }
    if (n_caps > 0) {
        struct diag out = {0}, problems = {0};
        if (alert_check(caps, n_caps, &s, time_wall_ms(), &out, &problems) < 0)
            cap_rc = 2;
        for (int k = 0; k < problems.n_lines; k++)
            printf("%s\n", problems.lines[k]);
        for (int k = 0; k < out.n_lines; k++)
            printf("%s\n", out.lines[k]);
        diag_free(&out);
        diag_free(&problems);
    }
    if (n_playlists > 0) {
        struct diag d = {0}, notes = {0};
        rc = check_playlists(playlists, n_playlists, &s, &co, &d, &notes);
        for (int i = 0; i < n_playlists;
             i++) { /* a kiosk group beside a playlist, or the config's */
            struct kiosk_flow *f = NULL;
            if (kiosk_flow_find(playlists[i], s.kiosk && i == 0 ? s.path : NULL, NULL, 0, &f, &d) <
                0)
                rc = -1;
            kiosk_flow_free(f);
        }
        for (int i = 0; i < d.n_lines; i++)
            printf("%s\n", d.lines[i]);
        for (int i = 0; i < notes.n_lines; i++)
            printf("%s\n", notes.lines[i]);
        diag_free(&notes);
        if (rc == 0)
            printf("%d playlist%s OK\n", n_playlists, n_playlists == 1 ? "" : "s");
        diag_free(&d);
        rc = rc == 0 ? 0 : 2;
    }
    if (cap_rc)
        rc = cap_rc;
    free(playlists);
    free(caps);
    settings_free(&s);
    return rc;
}
