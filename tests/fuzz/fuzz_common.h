/* fuzz_common: what the libFuzzer harnesses share. Each harness feeds its
 * input through the real loader, as a file where the loader reads files
 * (it is written to a private folder on every run). */
#ifndef SIGNAGE_FUZZ_COMMON_H
#define SIGNAGE_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "base/util.h"

/* A folder of this process's own, made once (in /dev/shm when there is
 * one: files are written on every run). */
static inline const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof(dir), "%s/signage-fuzz-XXXXXX", base);
        if (!mkdtemp(dir))
            abort();
        log_set_level(LOG_ERROR);
    }
    return dir;
}

/* Writes data to name in fuzz_dir(); returns its path (static buffer). */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[128];
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    fwrite(data, 1, size, fp);
    fclose(fp);
    return path;
}

#endif
