/* signage status: the player's health, from its status file, for people
 * and monitoring tools (exit 0 healthy, 1 not). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "device/status.h"

static const char usage_status[] =
    "Usage: signage status [OPTION]...\n"
    "Prints the player's status as one JSON object, from the status file the player\n"
    "rewrites every 5 s: uptime, what is on screen, plays today, the last error, the\n"
    "ledger's backlog and free space, screen on or off; with \"healthy\" and the\n"
    "\"problems\" found. Exits 0 when healthy, 1 when not: the file is missing or\n"
    "older than 30 s (the player is gone or hung), the player stopped, an error in\n"
    "the last 10 minutes, plays not yet in the ledger, under 50 MB free.\n"
    "\n"
    "  -c, --config FILE      player config (default " DEFAULT_CONFIG "): its\n"
    "                         status_file, or status.json beside its ledger\n"
    "      --file FILE        read this status file instead\n"
    "  -h, --help             this help\n";

enum { OPT_FILE = 256 };

/* The whole file, or NULL. Caller frees. */
static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int ch;
    while ((ch = fgetc(fp)) != EOF && len < 65536) {
        if (len + 2 > cap)
            buf = xrealloc(buf, cap = cap ? cap * 2 : 4096);
        buf[len++] = (char)ch;
    }
    fclose(fp);
    if (!buf)
        return NULL;
    buf[len] = '\0';
    return buf;
}

static void print_verdict(const char *path, const struct diag *problems, bool healthy)
{
    fputs("\"status_file\": ", stdout);
    json_put_string(stdout, path);
    printf(",\n \"healthy\": %s, \"problems\": [", healthy ? "true" : "false");
    for (int i = 0; i < problems->n_lines; i++) {
        fputs(i ? ", " : "", stdout);
        json_put_string(stdout, problems->lines[i]);
    }
    puts("]}");
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"file", required_argument, NULL, OPT_FILE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *file = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        if (c == 'c') {
            config = optarg;
        } else if (c == OPT_FILE) {
            file = optarg;
        } else if (c == 'h') {
            fputs(usage_status, stdout);
            return 0;
        } else {
            return cli_bad_usage("%s", "bad option", "status ");
        }
    }
    if (optind < argc)
        return cli_bad_usage("unexpected argument \"%s\"", argv[optind], "status ");
    struct settings s;
    int rc = cli_load_config(&s, config);
    if (rc != 0) {
        settings_free(&s);
        return rc;
    }
    char *path = file ? xstrdup(file) : settings_status_path(&s, NULL);
    settings_free(&s);
    struct diag problems = {0};
    char *json = read_all(path);
    if (!json) {
        diag_add(&problems, "no status file (%s): is the player running, with this config?",
                 strerror(errno));
        fputs("{", stdout);
        print_verdict(path, &problems, false);
        rc = 1;
        goto out;
    }
    bool healthy = status_assess(json, time_wall_ms(), &problems);
    char *end = strrchr(json, '}');
    if (!end) {
        fputs("{", stdout);
    } else {
        *end = '\0';
        fputs(json, stdout);
        fputs(",\n ", stdout);
    }
    print_verdict(path, &problems, healthy);
    rc = healthy ? 0 : 1;
out:
    diag_free(&problems);
    free(json);
    free(path);
    return rc;
}
