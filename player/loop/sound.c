#include "loop/sound.h"

#include "base/log.h"
#include "base/util.h"
#include "media/audio.h"

#define CHECK_EVERY_US 1000000

void sound_init(struct sound *snd, const struct settings *s, bool untimed)
{
    *snd = (struct sound){.s = s, .volume = -1};
    if (!s->audio_enabled)
        return;
    if (untimed) {
        log_info("sound: off with --untimed (its clock is not the speaker's)");
        return;
    }
    char err[256];
    snd->out = audio_out_open(err, sizeof(err));
    if (!snd->out)
        log_warn("sound: %s; playing without sound", err);
}

bool sound_tick(struct sound *snd, const struct tz *tz, int64_t now_us)
{
    if (!snd->out || now_us < snd->next_check_us)
        return false;
    snd->next_check_us = now_us + CHECK_EVERY_US;
    struct tz_local l = tz_local_fields(tz, time_wall_ms() / 1000);
    double v = audio_volume_at(snd->s, &l);
    if (v == snd->volume)
        return false;
    bool was = sound_audible(snd);
    bool quiet = v != snd->s->audio_volume;
    log_info("sound: volume %.2f%s", v, quiet ? " (quiet hours)" : "");
    snd->volume = v;
    audio_out_set_volume(snd->out, v);
    return was != sound_audible(snd);
}

void sound_play(struct sound *snd, struct slot *sl)
{
    if (!snd->out)
        return;
    struct audio_ring *r = sl && sl->src ? extras_sound(source_extras(sl->src)) : NULL;
    audio_out_set(snd->out, r);
    snd->playing = r != NULL;
}

bool sound_audible(const struct sound *snd)
{
    return snd->out && snd->playing && snd->volume > 0;
}

bool sound_position(struct sound *snd, int64_t now_us, int64_t *pos_us)
{
    return snd->out && snd->playing && audio_out_position(snd->out, now_us, pos_us);
}

void sound_note_present(struct sound *snd, int64_t pts_us, int64_t now_us)
{
    int64_t pos;
    if (!sound_position(snd, now_us, &pos))
        return;
    int64_t off = pts_us > pos ? pts_us - pos : pos - pts_us;
    int64_t ms = off / 1000;
    snd->offset_ms_count[ms < SOUND_OFFSET_BUCKETS ? ms : SOUND_OFFSET_BUCKETS - 1]++;
    if (off > snd->offset_max_us)
        snd->offset_max_us = off;
    snd->offset_sum_us += off;
    snd->offsets++;
}

double sound_offset_quantile_ms(const struct sound *snd, double share)
{
    int64_t want = (int64_t)(share * snd->offsets + 0.5), seen = 0;
    for (int ms = 0; ms < SOUND_OFFSET_BUCKETS; ms++) {
        seen += snd->offset_ms_count[ms];
        if (seen >= want && seen > 0)
            return ms + 1; /* the bucket's upper edge */
    }
    return 0;
}

void sound_note_ended(struct sound *snd, struct slot *sl)
{
    if (sl->src)
        snd->decoded_us += extras_sound_decoded_us(source_extras(sl->src));
}

void sound_close(struct sound *snd)
{
    audio_out_close(snd->out);
    snd->out = NULL;
    snd->playing = false;
}
