/* settings_text: a config written to a file and loaded over the defaults,
 * for tests of settings as a config file states them. */
#ifndef SIGNAGE_SETTINGS_TEXT_H
#define SIGNAGE_SETTINGS_TEXT_H

#include <stdio.h>

#include "config/settings.h"

/* Writes text to path and loads it as settings_load() does (s is reset to the
 * defaults first). Returns what settings_load() returns. */
static inline int settings_load_text(const char *path, const char *text, struct settings *s,
                                     struct diag *d)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    fclose(fp);
    settings_defaults(s);
    return settings_load(s, path, d);
}

#endif
