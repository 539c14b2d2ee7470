/* stats: the figures `signage play --stats FILE` writes at exit, as JSON,
 * for benchmarks (tests/bench/player-bench.sh): presents, drops, the
 * longest switch, CPU and peak memory, time spent on the main thread. */
#ifndef SIGNAGE_STATS_H
#define SIGNAGE_STATS_H

#include <stdint.h>

struct run_figures {
    int64_t first_present_wall_ms, presents, blank_presents, frames_dropped, plays_ended,
        plays_failed;
    int64_t max_switch_us, upload_us, draw_us, present_us;
    int64_t launch_us;          /* real time at start */
    double first_present_cpu_s; /* CPU time spent before the first picture */
    const char *more;           /* more JSON members, each followed by ",\n " (or NULL) */
};

/* Writes f, with this process's CPU time and peak RSS, to path (logged on
 * failure). */
void stats_write(const char *path, const struct run_figures *f);

#endif
