#include "loop/stats.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "base/log.h"
#include "base/util.h"

void stats_write(const char *path, const struct run_figures *f)
{
    FILE *fp = fopen(path, "w");
    if (!fp) {
        log_error("%s: cannot write stats: %s", path, strerror(errno));
        return;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu =
        ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    fprintf(fp,
            "{\"first_present_unix_ms\": %lld, \"presents\": %lld, \"blank_presents\": %lld,\n"
            " \"frames_dropped\": %lld, \"plays_ended\": %lld, \"plays_failed\": %lld,\n"
            " \"max_switch_ms\": %.1f, \"cpu_s\": %.3f, \"max_rss_kb\": %ld,\n"
            " \"upload_ms\": %.1f, \"draw_ms\": %.1f, \"present_ms\": %.1f,\n"
            " %s\"run_s\": %.3f, \"first_present_cpu_s\": %.3f}\n",
            (long long)f->first_present_wall_ms, (long long)f->presents,
            (long long)f->blank_presents, (long long)f->frames_dropped, (long long)f->plays_ended,
            (long long)f->plays_failed, f->max_switch_us / 1000.0, cpu, ru.ru_maxrss,
            f->upload_us / 1000.0, f->draw_us / 1000.0, f->present_us / 1000.0,
            f->more ? f->more : "", (time_now_us() - f->launch_us) / 1e6, f->first_present_cpu_s);
    if (fclose(fp) != 0)
        log_error("%s: cannot write stats: %s", path, strerror(errno));
}
