#include "loop/appliance.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "device/driver.h"

#ifndef SIGNAGE_VERSION
#define SIGNAGE_VERSION "?"
#endif

void appliance_init(struct appliance *ap, const struct settings *s)
{
    memset(ap, 0, sizeof(*ap));
    ap->s = s;
    ap->notify = notify_open();
    ap->today = -1;
}

void appliance_video_hint(const struct settings *s, bool headless)
{
    const char *env = getenv("SDL_VIDEODRIVER");
    if (headless || (env && env[0]))
        return;
    char list[64];
    if (driver_choice(s->video_driver, getenv("WAYLAND_DISPLAY"), getenv("DISPLAY"), list,
                      sizeof(list)))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, list);
}

void appliance_start(struct appliance *ap, const char *ledger_path, const char *driver,
                     int64_t now_us)
{
    const struct settings *s = ap->s;
    supervise_init(&ap->sup, notify_watchdog_us(ap->notify), now_us);
    char *status_path = settings_status_path(s, ledger_path);
    char *ledger_dir = path_dirname(ledger_path);
    ap->status = status_writer_start(status_path, ledger_dir);
    free(ledger_dir);
    free(status_path);
    snprintf(ap->info.screen_id, sizeof(ap->info.screen_id), "%s", s->screen_id);
    snprintf(ap->info.version, sizeof(ap->info.version), "%s", SIGNAGE_VERSION);
    ap->info.started_utc_ms = time_wall_ms();
    ap->info.screen_on = true;
    if (s->screen_when.set) {
        struct power_opts po = {s->screen_off_command, s->screen_on_command, s->screen_dpms,
                                driver};
        ap->power = power_start(&po);
        char w[160];
        log_info("screen hours: lit %s (screen's time zone)",
                 when_format(&s->screen_when, w, sizeof(w)));
    }
    if (s->shots_every_s > 0) {
        char *dir = settings_shots_dir(s, ledger_path);
        ap->shots = shots_start(dir, s->shots_keep, s->shots_every_s, now_us);
        log_info("screenshots: one every %g s into %s, the newest %d kept", s->shots_every_s, dir,
                 s->shots_keep);
        free(dir);
    }
}

/* "STATUS=showing hotline [es] (slide)": what systemctl status shows. */
static void send_status(struct appliance *ap, const struct appliance_view *v)
{
    char msg[256];
    if (ap->dark)
        snprintf(msg, sizeof(msg), "STATUS=screen dark (screen hours)");
    else if (v->showing)
        snprintf(msg, sizeof(msg), "STATUS=showing %s [%s] (%s)", slot_id(v->cur),
                 slot_lang(v->cur), play_kind_name(slot_play_kind(v->cur)));
    else
        snprintf(msg, sizeof(msg), "STATUS=starting");
    notify_send(ap->notify, msg);
}

void appliance_first_picture(struct appliance *ap, const struct appliance_view *v)
{
    if (ap->ready_sent)
        return;
    ap->ready_sent = true;
    notify_send(ap->notify, "READY=1");
    send_status(ap, v);
}

static void watchdog(struct appliance *ap, const struct appliance_view *v, int64_t now_us)
{
    struct supervise_health h = {v->picture_late_us, playlog_stuck_us(v->ledger)};
    switch (supervise_tick(&ap->sup, &h, now_us)) {
    case SUPERVISE_PING:
        notify_send(ap->notify, "WATCHDOG=1");
        break;
    case SUPERVISE_RESUME:
        log_info("watchdog: healthy again, pings resume");
        notify_send(ap->notify, "WATCHDOG=1");
        send_status(ap, v);
        break;
    case SUPERVISE_HOLD: {
        log_error("watchdog: pings held back: %s (systemd restarts the player if it lasts)",
                  ap->sup.why);
        char msg[200];
        snprintf(msg, sizeof(msg), "STATUS=unhealthy: %s", ap->sup.why);
        notify_send(ap->notify, msg);
        break;
    }
    case SUPERVISE_NOTHING:
        break;
    }
}

static void post_status(struct appliance *ap, const struct appliance_view *v, int64_t now_ms)
{
    struct status_info *in = &ap->info;
    int64_t day = tz_local_fields(v->tz, now_ms / 1000).days;
    if (day != ap->today) {
        ap->today = day;
        in->plays_today = 0;
    }
    in->plays_today += v->plays_ended - ap->plays_seen;
    ap->plays_seen = v->plays_ended;
    in->item[0] = '\0';
    if (v->showing) {
        snprintf(in->item, sizeof(in->item), "%s", slot_id(v->cur));
        snprintf(in->language, sizeof(in->language), "%s", slot_lang(v->cur));
        snprintf(in->kind, sizeof(in->kind), "%s", play_kind_name(slot_play_kind(v->cur)));
        snprintf(in->play_id, sizeof(in->play_id), "%s", v->cur->play_id);
        in->on_screen_since_utc_ms = v->cur->started_wall_ms;
    }
    in->screen_on = !ap->dark;
    log_last_error(in->last_error, sizeof(in->last_error), &in->last_error_utc_ms);
    in->ledger_backlog = playlog_backlog(v->ledger);
    snprintf(in->watchdog, sizeof(in->watchdog), "%s", ap->sup.why);
    status_writer_post(ap->status, in);
}

/* The panel's result: logged, and the off or on recorded in the ledger. */
static void power_done(struct appliance *ap, struct playlog *ledger)
{
    struct power_result r;
    if (!power_poll(ap->power, &r))
        return;
    if (r.ok)
        log_info("screen %s (%s)", r.on ? "lit" : "dark", r.how);
    else
        log_error("screen %s: %s (playback goes on by the screen hours)", r.on ? "on" : "off",
                  r.error);
    playlog_screen(ledger, r.on, ap->change_utc_ms, r.how, r.ok ? NULL : r.error);
}

enum appliance_event appliance_tick(struct appliance *ap, const struct appliance_view *v,
                                    int64_t now_us)
{
    watchdog(ap, v, now_us);
    if (v->showing && strcmp(ap->on_screen_id, v->cur->play_id) != 0) {
        snprintf(ap->on_screen_id, sizeof(ap->on_screen_id), "%s", v->cur->play_id);
        send_status(ap, v);
    }
    struct shot_done shot;
    while (shots_poll(ap->shots, &shot))
        playlog_screenshot(v->ledger, shot.play_id, shot.taken_utc_ms, shot.path);
    power_done(ap, v->ledger);
    if (now_us < ap->next_check_us)
        return APPLIANCE_NONE;
    bool first = ap->next_check_us == 0;
    ap->next_check_us = now_us + APPLIANCE_CHECK_US;
    int64_t now_ms = time_wall_ms();
    enum appliance_event ev = APPLIANCE_NONE;
    if (ap->power) {
        bool lit = power_wanted(&ap->s->screen_when, v->tz, now_ms);
        if (first || lit == ap->dark) {
            ev = lit == ap->dark ? (lit ? APPLIANCE_LIGHT : APPLIANCE_DARK) : APPLIANCE_NONE;
            ap->dark = !lit;
            ap->change_utc_ms = now_ms;
            power_set(ap->power, lit); /* at start too: a panel left dark by a crash lights */
            log_info("screen hours: the panel goes %s", lit ? "on" : "dark");
            send_status(ap, v);
        }
    }
    if (ap->ready_sent) /* the first status says what is on screen */
        post_status(ap, v, now_ms);
    return ev;
}

int appliance_go_dark(struct appliance *ap, const struct appliance_loop *l, bool showing,
                      int64_t now_us)
{
    if (showing)
        plays_ended(l->plays, l->live, l->cur, now_us);
    slot_clear(l->cur);
    slot_clear(l->next);
    zone_cover(l->zone, true, l->plays, l->live, now_us);
    stage_blank(l->stage);
    SDL_EnableScreenSaver();
    return showing ? 1 : 0;
}

void appliance_go_light(struct appliance *ap, const struct appliance_loop *l, bool covered,
                        int64_t now_us)
{
    SDL_DisableScreenSaver();
    zone_cover(l->zone, covered, l->plays, l->live, now_us);
}

void appliance_capture(struct appliance *ap, struct stage *st, const struct stage_scene *sc,
                       const char *play_id, int64_t now_us)
{
    if (ap->dark || !shots_due(ap->shots, now_us))
        return;
    uint8_t *rgb = NULL;
    int w = 0, h = 0;
    if (stage_capture(st, sc, &rgb, &w, &h) < 0)
        rgb = NULL; /* only the next one is scheduled */
    shots_take(ap->shots, rgb, w, h, play_id, time_wall_ms(), now_us);
}

void appliance_stop(struct appliance *ap, struct playlog *ledger)
{
    notify_send(ap->notify, "STOPPING=1");
    shots_stop(ap->shots);
    struct shot_done shot;
    while (shots_poll(ap->shots, &shot))
        playlog_screenshot(ledger, shot.play_id, shot.taken_utc_ms, shot.path);
    shots_free(ap->shots);
    ap->shots = NULL;
    power_stop(ap->power);
    ap->power = NULL;
    log_last_error(ap->info.last_error, sizeof(ap->info.last_error), &ap->info.last_error_utc_ms);
    status_writer_post(ap->status, &ap->info);
    status_writer_stop(ap->status);
    ap->status = NULL;
    notify_close(ap->notify);
    ap->notify = NULL;
}
