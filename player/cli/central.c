/* signage central init and signage screens: the central database of a
 * fleet's plays (fleet/central_db.h, fleet/screens.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "fleet/central_db.h"
#include "fleet/screens.h"

static const char usage_central[] =
    "Usage: signage central init [--url URL] [-c CONFIG]\n"
    "Creates the central database's schema \"signage\" (plays by month, play keys,\n"
    "screens), or migrates it to this signage's version. Safe to run again; a\n"
    "schema \"signage\" of another program is left alone.\n"
    "\n"
    "  --url URL              postgresql://USER@HOST/DATABASE (default: the config's\n"
    "                         central.url); USER must be allowed to create a schema\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG ")\n"
    "  -h, --help             this help\n";

static const char usage_screens[] =
    "Usage: signage screens [--db URL] [--stale DURATION] [--format table|csv]\n"
    "Lists the screens the central database has heard from: when each was last seen\n"
    "(by the server's clock), its backlog of plays not yet sent, player and content\n"
    "versions, what it showed and its last error. Exit status 1 when any was not\n"
    "seen for longer than --stale, for monitoring.\n"
    "\n"
    "  --db URL               postgresql://USER@HOST/DATABASE (default: the config's\n"
    "                         central.url)\n"
    "  --stale DURATION       90s, 15m (default), 2h, 1d\n"
    "  --format FORMAT        table (default) or csv\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG ")\n"
    "  -h, --help             this help\n";

enum { OPT_URL = 256, OPT_STALE, OPT_FORMAT };

/* The URL given, or the config's central.url; NULL (after a message) when
 * neither is a postgresql:// URL. Caller frees. */
static char *url_of(const char *given, const char *config, const char *option, const char *verb,
                    int *rc)
{
    struct settings s;
    *rc = cli_load_config(&s, config);
    char *url = *rc == 0 ? xstrdup(given ? given : s.central_url) : NULL;
    settings_free(&s);
    if (*rc != 0)
        return NULL;
    if (!url[0]) {
        *rc = cli_bad_usage("%s: give the central database's URL, or set central.url in the "
                            "config",
                            option, verb);
    } else if (!central_db_is_url(url)) {
        *rc = cli_bad_usage("\"%s\" is not a postgresql:// URL", url, verb);
    } else {
        return url;
    }
    free(url);
    return NULL;
}

int cmd_central(int argc, char **argv)
{
    static const struct option opts[] = {
        {"url", required_argument, NULL, OPT_URL},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *given = NULL, *config = NULL;
    int c, rc;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_URL:
            given = optarg;
            break;
        case 'c':
            config = optarg;
            break;
        case 'h':
            fputs(usage_central, stdout);
            return 0;
        default:
            return cli_bad_usage("%s", "bad option", "central ");
        }
    }
    if (optind >= argc || strcmp(argv[optind], "init") != 0 || optind + 1 < argc)
        return cli_bad_usage("central takes one action, init, not \"%s\"",
                             optind < argc ? argv[optind] : "", "central ");
    char *url = url_of(given, config, "--url", "central ", &rc);
    if (!url)
        return rc;
    char err[600];
    char *shown = central_db_url_redacted(url);
    int from = -1;
    PGconn *conn = central_db_connect(url, -1, err, sizeof(err));
    rc = 1;
    if (!conn || central_db_migrate(conn, &from, err, sizeof(err)) < 0) {
        fprintf(stderr, "signage: %s: %s\n", shown, err);
    } else {
        if (from == CENTRAL_SCHEMA_VERSION)
            printf("%s: the signage schema is at version %d already\n", shown, from);
        else
            printf("%s: the signage schema %s version %d (was %d)\n", shown,
                   from ? "migrated to" : "created at", CENTRAL_SCHEMA_VERSION, from);
        rc = 0;
    }
    PQfinish(conn);
    free(shown);
    free(url);
    return rc;
}

int cmd_screens(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_URL},
        {"stale", required_argument, NULL, OPT_STALE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *given = NULL, *config = NULL;
    int64_t stale_s = 15 * 60;
    enum screens_format format = SCREENS_TABLE;
    int c, rc;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_URL:
            given = optarg;
            break;
        case OPT_STALE:
            if (screens_duration_parse(optarg, &stale_s) < 0)
                return cli_bad_usage("--stale: \"%s\" is not a duration such as 90s, 15m, 2h, 1d",
                                     optarg, "screens ");
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "table") != 0 && strcmp(optarg, "csv") != 0)
                return cli_bad_usage("--format: \"%s\" is not table or csv", optarg, "screens ");
            format = strcmp(optarg, "csv") == 0 ? SCREENS_CSV : SCREENS_TABLE;
            break;
        case 'c':
            config = optarg;
            break;
        case 'h':
            fputs(usage_screens, stdout);
            return 0;
        default:
            return cli_bad_usage("%s", "bad option", "screens ");
        }
    }
    if (optind < argc)
        return cli_bad_usage("screens takes no arguments, not \"%s\"", argv[optind], "screens ");
    char *url = url_of(given, config, "--db", "screens ", &rc);
    if (!url)
        return rc;
    char err[600];
    int n_stale = 0;
    rc = screens_list(url, stale_s, format, stdout, &n_stale, err, sizeof(err));
    if (rc < 0)
        fprintf(stderr, "signage: %s\n", err);
    free(url);
    return rc < 0 || n_stale > 0 ? 1 : 0;
}
