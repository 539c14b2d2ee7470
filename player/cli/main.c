/* signage: a digital-signage player for public-awareness campaigns.
 * Dispatch to the verbs (one file each in cli/); exit codes: 0 success,
 * 1 runtime failure, 2 bad usage, config or playlist. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct verb {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis; /* for the usage text */
} verbs[] = {
    {"play", cmd_play,
     "play [PLAYLIST]      play a playlist in a loop (default: the config's playlist)"},
    {"check", cmd_check,
     "check PLAYLIST...    validate playlists and decode every media file they name"},
    {"schedule", cmd_schedule,
     "schedule [PLAYLIST]  what would play, when, in which language: a dry run as CSV"},
    {"report", cmd_report,
     "report               plays, impressions and errors from proof-of-play ledgers"},
    {"status", cmd_status,
     "status               the running player's health as JSON (exit 0 healthy, 1 not)"},
};

static void usage(FILE *fp)
{
    fputs("Usage: signage VERB [OPTION]... [ARG]...\n"
          "A fullscreen player for public-awareness campaigns, with proof of play.\n"
          "\n"
          "Verbs:\n",
          fp);
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        fprintf(fp, "  %s\n", verbs[i].synopsis);
    fputs("\n"
          "  signage VERB --help  describes the options of a verb\n"
          "  signage --version    prints the version\n"
          "\n"
          "Exit status: 0 success, 1 runtime failure, 2 bad usage, config or playlist.\n",
          fp);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *verb = argv[1];
    cli_set_log_level(LOG_INFO);
    log_detect_journal(); /* under systemd: lines carry journald priorities */
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(verb, "--version") == 0) {
        printf("signage %s\n", SIGNAGE_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strcmp(verb, verbs[i].name) == 0)
            return verbs[i].run(argc - 1, argv + 1); /* getopt sees the verb as argv[0] */
    return cli_bad_usage("unknown verb \"%s\"", verb, NULL);
}
