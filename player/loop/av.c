#include "loop/av.h"

#include <string.h>

void av_init(struct av *av, const struct settings *s, bool untimed, struct slot_env *env)
{
    memset(av, 0, sizeof(*av));
    sound_init(&av->sound, s, untimed);
    av->show = s->captions_show;
    env->sound = av->sound.out != NULL;
    env->captions = strcmp(av->show, "never") != 0;
}

void av_switch(struct av *av, struct slot *old, struct slot *sl)
{
    if (old)
        sound_note_ended(&av->sound, old);
    sound_play(&av->sound, sl);
}

bool av_picture(struct av *av, struct slot *sl, const struct slot_env *env)
{
    av->fresh = true;
    bool want = strcmp(av->show, "always") == 0 ||
                (strcmp(av->show, "when_muted") == 0 && !sound_audible(&av->sound));
    if (!caption_view_update(&av->caption, sl, want, env))
        return false;
    sl->bars_clear = false; /* it may have covered a letterbox bar */
    return true;
}

bool av_tick(struct av *av, struct slot *sl, bool waiting, const struct tz *tz,
             const struct slot_env *env, int64_t now_us)
{
    bool changed = sound_tick(&av->sound, tz, now_us) && av_picture(av, sl, env);
    /* The sound is the master clock (as in ffplay and mpv): the play's
     * start moves so that its clock reads where the speaker is. */
    int64_t pos;
    if (sl->state == SLOT_SHOWING && sl->start_us && !waiting &&
        sound_position(&av->sound, now_us, &pos))
        sl->start_us = now_us - pos;
    return changed;
}

void av_presented(struct av *av, const struct slot *sl)
{
    if (av->fresh)
        sound_note_present(&av->sound, sl->last_pts_us, time_now_us());
    av->fresh = false;
}

void av_stats_json(const struct av *av, char *buf, size_t size)
{
    const struct sound *s = &av->sound;
    snprintf(
        buf, size,
        "\"sound_decoded_ms\": %.1f, \"av_offset_max_ms\": %.1f, \"av_offset_mean_ms\": %.1f,\n"
        " \"av_offset_p95_ms\": %.0f, \"av_offset_frames\": %lld,\n ",
        s->decoded_us / 1000.0, s->offset_max_us / 1000.0,
        s->offsets ? s->offset_sum_us / 1000.0 / s->offsets : 0.0,
        sound_offset_quantile_ms(s, 0.95), (long long)s->offsets);
}

void av_close(struct av *av)
{
    sound_close(&av->sound);
    caption_view_clear(&av->caption);
}
