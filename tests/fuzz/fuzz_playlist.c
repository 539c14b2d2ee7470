/* libFuzzer: a playlist through the real loader (config/playlist.c, with
 * @include, the literal and UTF-8 checks), then the scheduler over it for
 * a few dozen plays, as the player would ask it. */
#include "config/playlist.h"
#include "fuzz_common.h"
#include "schedule/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("playlist.cfg", data, size);
    struct diag d = {0};
    struct playlist *pl = playlist_load(path, NULL, FIT_LETTERBOX, &d);
    if (pl) {
        struct tz *tz = tz_utc();
        const struct playlist *pls[] = {pl};
        struct schedule *s = schedule_create(pls, 1, tz);
        struct clock_now t = {1767261600000, 0};
        for (int i = 0; i < 40; i++) {
            struct schedule_pick p = schedule_next_at(s, t);
            schedule_played_at(s, &p, t);
            schedule_interrupts_at(s, &p, t);
            int64_t ms = schedule_duration_ms(s, &p, 10000);
            ms = ms > 0 && ms < 86400000 ? ms : 10000;
            t.wall_ms += ms;
            t.mono_ms += ms;
        }
        schedule_free(s);
        tz_free(tz);
    }
    playlist_free(pl);
    diag_free(&d);
    return 0;
}
