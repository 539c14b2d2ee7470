#include "loop/plays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"

/* The length of one pass through every item of the lineup, for dwell
 * impressions: each item as long as the schedule expects it on screen
 * (videos by their probed length once known). */
static double loop_seconds(const struct lineup *l)
{
    int64_t ms = 0;
    for (int p = 0; p < l->n; p++) {
        for (int i = 0; i < l->pls[p]->n_items; i++) {
            struct schedule_pick pick = {.playlist = p, .item = i};
            ms += schedule_duration_ms(l->sched, &pick, l->fallback_ms);
        }
    }
    return ms / 1000.0;
}

static double impressions_of(const struct plays *p, const struct lineup *l, int64_t started_ms,
                             int64_t shown_ms)
{
    struct tz_local local = tz_local_fields(l->tz, started_ms / 1000);
    return audience_impressions(&p->audience, local.hour, shown_ms / 1000.0, loop_seconds(l));
}

static struct play_record record_of(const struct lineup *l, const struct slot *sl)
{
    struct play_record rec = {
        .campaign = sl->it ? sl->it->campaign : l->pls[0]->campaign,
        .item = slot_id(sl),
        .language = slot_lang(sl),
        .media = sl->var ? sl->var->media_as_written : NULL,
        .media_sha256 = sl->var ? sl->var->sha256 : NULL,
        .kind = slot_play_kind(sl),
        .started_utc_ms = sl->started_wall_ms,
        .scheduled_ms = sl->scheduled_us / 1000,
        .frames_shown = sl->frames_shown,
        .frames_dropped = sl->frames_dropped,
        .impressions = -1,
    };
    memcpy(rec.play_id, sl->play_id, sizeof(rec.play_id));
    return rec;
}

/* Index of path among the failures already logged, or -1. */
static int failed_file(const struct plays *p, const char *path)
{
    for (int i = 0; i < p->n_failed_files; i++)
        if (strcmp(p->failed_files[i], path) == 0)
            return i;
    return -1;
}

void plays_started(struct plays *p, const struct lineup *l, struct slot *sl)
{
    sl->started_wall_ms = time_wall_ms();
    int failed = sl->var && sl->var->media ? failed_file(p, sl->var->media) : -1;
    if (failed >= 0) {
        log_info("%s: plays again", sl->var->media);
        free(p->failed_files[failed]);
        p->failed_files[failed] = p->failed_files[--p->n_failed_files];
    }
    struct play_record rec = record_of(l, sl);
    playlog_begin(p->ledger, &rec);
    memcpy(sl->play_id, rec.play_id, sizeof(sl->play_id));
    static const char *const why[] = {"", " (every)", " (nothing is scheduled now)"};
    log_info("play start: %s [%s] %s, %s%s, play %s", slot_id(sl), slot_lang(sl),
             sl->var && sl->var->media ? sl->var->media : item_kind_name(slot_kind(sl)),
             play_kind_name(slot_play_kind(sl)),
             sl->forced ? " (nothing else is playable)" : why[sl->pick.reason], sl->play_id);
}

void plays_ended(struct plays *p, const struct lineup *l, struct slot *sl, int64_t now)
{
    struct play_record rec = record_of(l, sl);
    rec.ended_utc_ms = time_wall_ms();
    rec.shown_ms = sl->start_us ? (now - sl->start_us) / 1000 : 0;
    rec.error = sl->error;
    rec.status = playlog_status(sl->error, rec.scheduled_ms, rec.shown_ms);
    rec.impressions = impressions_of(p, l, rec.started_utc_ms, rec.shown_ms);
    playlog_end(p->ledger, &rec);
    p->frames_dropped += sl->frames_dropped;
}

void plays_failed(struct plays *p, const struct lineup *l, struct slot *sl)
{
    p->failed++;
    const char *what = sl->var && sl->var->media ? sl->var->media : slot_id(sl);
    bool again = failed_file(p, what) >= 0;
    log_msg(again ? LOG_DEBUG : LOG_ERROR, "%s: not a decodable %s (%s); skipped", what,
            item_kind_name(slot_kind(sl)), sl->error);
    if (!again && p->n_failed_files < MAX_REPORTED_FAILURES)
        p->failed_files[p->n_failed_files++] = xstrdup(what);
    char reason[512];
    snprintf(reason, sizeof(reason), "not a decodable %s: %s", item_kind_name(slot_kind(sl)),
             sl->error);
    struct play_record rec = record_of(l, sl);
    rec.started_utc_ms = rec.ended_utc_ms = time_wall_ms();
    rec.status = PLAY_ERROR;
    rec.error = reason;
    rec.impressions = p->audience.n_per_hour ? 0 : -1;
    playlog_end(p->ledger, &rec);
}

void plays_free(struct plays *p)
{
    for (int i = 0; i < p->n_failed_files; i++)
        free(p->failed_files[i]);
    p->n_failed_files = 0;
}
