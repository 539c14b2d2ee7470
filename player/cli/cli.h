/* cli: what the verbs share - the config they load, usage errors, numbers
 * and sizes on the command line. One file per verb (play.c, check.c,
 * schedule.c, report.c); main.c dispatches. Exit codes: 0 success,
 * 1 runtime failure, 2 bad usage, config or playlist. */
#ifndef SIGNAGE_CLI_H
#define SIGNAGE_CLI_H

#include "base/log.h"
#include "config/settings.h"

#define DEFAULT_CONFIG "config/player.cfg"

/* Sets the log level of signage and of FFmpeg's messages. */
void cli_set_log_level(enum log_level level);

/* Prints "signage: " fmt (with arg) and where help is; returns 2. verb is
 * "play " or the like, NULL for none. */
int cli_bad_usage(const char *fmt, const char *arg, const char *verb);

/* Loads the config: the file given, or config/player.cfg when it exists, or
 * the installed system config (datadir.h) when that exists, or the built-in
 * defaults. Returns 0, or 2 after printing every problem; s is
 * filled with defaults either way and must be freed. */
int cli_load_config(struct settings *s, const char *path);

/* arg as a number in [min, max]. Returns 0, or -1. */
int cli_parse_number(const char *arg, double min, double max, double *out);

/* arg as WIDTHxHEIGHT, each 16..16384. Returns 0, or -1. */
int cli_parse_size(const char *arg, int *w, int *h);

/* The verbs: argv[0] is the verb, as getopt expects. */
int cmd_play(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_schedule(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif
