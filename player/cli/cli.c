#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/datadir.h"
#include "base/util.h"
#include "media/media.h"

void cli_set_log_level(enum log_level level)
{
    log_set_level(level);
    media_log_init(level >= LOG_DEBUG);
}

int cli_bad_usage(const char *fmt, const char *arg, const char *verb)
{
    fprintf(stderr, "signage: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'signage %s--help'.\n", verb ? verb : "");
    return 2;
}

int cli_load_config(struct settings *s, const char *path)
{
    settings_defaults(s);
    if (!path)
        path = datadir_default_config(DEFAULT_CONFIG);
    if (!path)
        return 0;
    struct diag d = {0};
    int rc = settings_load(s, path, &d);
    for (int i = 0; i < d.n_lines; i++)
        fprintf(stderr, "%s\n", d.lines[i]);
    diag_free(&d);
    if (rc == 0) {
        enum log_level level;
        if (log_level_parse(s->log_level, &level) == 0)
            cli_set_log_level(level);
    }
    return rc == 0 ? 0 : 2;
}

int cli_parse_number(const char *arg, double min, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !(v >= min && v <= max))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_size(const char *arg, int *w, int *h)
{
    char tail;
    if (sscanf(arg, "%dx%d%c", w, h, &tail) != 2 || *w < 16 || *h < 16 || *w > 16384 || *h > 16384)
        return -1;
    return 0;
}
