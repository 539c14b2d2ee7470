#include "loop/app_internal.h"

#include <SDL_ttf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "screen/notice.h"

/* ---- slots ---- */

/* ---- plays: what the ledger records ---- */

/* ---- the loop's steps ---- */

static void handle_events(struct app *a)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT) {
            log_info("stopping (signal or window closed)");
            a->quit = true;
        } else if (ev.type == SDL_KEYDOWN &&
                   (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q)) {
            log_info("stopping (key pressed)");
            a->quit = true;
        } else if (ev.type == SDL_WINDOWEVENT &&
                   (ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                    ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)) {
            a->dirty = true;
            a->cur->bars_clear = false;
        } else if (ev.type == SDL_RENDER_TARGETS_RESET || ev.type == SDL_RENDER_DEVICE_RESET) {
            a->dirty = true;
        }
    }
}

/* When the item on screen will end, as wall-clock ms: the time the next
 * pick is asked for, so that `every` deadlines and dayparts are judged at
 * the moment it will really start. */
static int64_t expected_start_ms(struct app *a)
{
    int64_t wall = time_wall_ms();
    struct slot *c = a->cur;
    if (c->state != SLOT_SHOWING || c->cut || a->waiting_since_us)
        return wall;
    int64_t dur_us = c->scheduled_us > 0 ? c->scheduled_us : c->expected_ms * 1000;
    if (!c->start_us)
        return wall + dur_us / 1000;
    int64_t left_us = c->start_us + dur_us - app_now(a);
    return wall + (left_us > 0 ? left_us / 1000 : 0);
}

/* Keeps one play readied behind the one on screen. */
static void handle_next(struct app *a)
{
    struct slot *nx = a->next;
    slot_poll(nx);
    if (nx->state == SLOT_FAILED) {
        play_failed(a, nx);
        a->failures_in_row++;
        schedule_played(a->live->sched, &nx->pick, time_wall_ms()); /* its turn is used up */
        slot_clear(nx);
    }
    if (nx->state != SLOT_EMPTY)
        return;
    struct schedule_pick p = {0, SCHEDULE_FALLBACK, 0, SCHEDULE_NOTHING};
    /* Every item failed in a row: show the hotline instead of a black screen. */
    bool forced =
        a->failures_in_row >= a->live->n_items && !(a->cur->state == SLOT_SHOWING && !a->cur->it);
    if (forced)
        a->failures_in_row = 0;
    else
        p = schedule_next(a->live->sched, expected_start_ms(a));
    slot_open(a, nx, &p);
    nx->forced = forced;
    slot_poll(nx);
}

/* Ends the play on screen when it is over and puts the next one up, if ready. */
static void handle_item_end(struct app *a, int64_t now)
{
    if (!item_over(a, a->cur, now))
        return;
    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us) {
        a->waiting_since_us = now;
        play_ended(a, a->cur, now);
        if (a->o->plays > 0 && a->plays_ended >= a->o->plays) {
            a->quit = true;
            return;
        }
    }
    if (a->pending && !a->retired) {
        lineup_install(a);
        return; /* the readied item was the old lineup's: pick again */
    }
    if (a->next->state != SLOT_READY)
        return; /* the last picture stays up: never a black screen */
    if (!next_still_due(a))
        return;

    if (a->waiting_since_us && now - a->waiting_since_us > a->max_switch_us)
        a->max_switch_us = now - a->waiting_since_us;
    a->waiting_since_us = 0;
    struct slot *old = a->cur;
    a->cur = a->next;
    a->next = old;
    slot_clear(a->next);
    lineup_free(a->retired); /* its last item just went off screen */
    a->retired = NULL;
    a->cur->state = SLOT_SHOWING;
    if (a->cur->src)
        frame_queue_set_limit(source_queue(a->cur->src), VIDEO_QUEUE_FRAMES);
    if (a->cur->it)
        a->failures_in_row = 0;
    take_first_picture(a, a->cur);
    a->cur->scheduled_us = a->cur->duration_us;
    if (a->cur->src && slot_kind(a->cur) == ITEM_VIDEO) {
        int64_t length = source_duration_us(a->cur->src);
        if (length > 0)
            schedule_set_length(a->live->sched, a->cur->pick.playlist, a->cur->pick.item,
                                length / 1000);
        if (length > 0 && (!a->cur->scheduled_us || length < a->cur->scheduled_us))
            a->cur->scheduled_us = length;
    }
    schedule_played(a->live->sched, &a->cur->pick, time_wall_ms());
    play_started(a, a->cur);
    a->dirty = true;
}

/* Uploads the newest picture that is due; older due pictures are dropped. */
static void handle_frame(struct app *a, int64_t now)
{
    struct slot *sl = a->cur;
    if (sl->state != SLOT_SHOWING || !sl->src || !sl->start_us)
        return;
    struct frame_queue *q = source_queue(sl->src);
    int64_t clock = now - sl->start_us;
    AVFrame *f = frame_queue_peek(q, 0);
    if (!f || f->pts > clock)
        return;
    AVFrame *after;
    while ((after = frame_queue_peek(q, 1)) && after->pts <= clock) {
        AVFrame *late = frame_queue_pop(q);
        av_frame_free(&late);
        sl->frames_dropped++;
    }
    f = frame_queue_pop(q);
    int64_t t0 = time_now_us();
    int up = render_upload(a->render, &sl->pic, f);
    a->upload_us += time_now_us() - t0;
    if (up == 0) {
        sl->has_pic = true;
        sl->last_pts_us = f->pts;
        sl->frames_shown++;
        a->dirty = true;
    }
    av_frame_free(&f);
}

/* ---- the notice zone and the hotline band ---- */

static int64_t next_deadline(struct app *a, int64_t now)
{
    int64_t until = now + MAX_WAIT_US;
    struct slot *sl = a->cur;
    if (a->waiting_since_us || sl->state != SLOT_SHOWING)
        return now + LOADING_POLL_US;
    if (sl->start_us) {
        if (sl->duration_us > 0 && sl->start_us + sl->duration_us < until)
            until = sl->start_us + sl->duration_us;
        if (sl->src) {
            AVFrame *f = frame_queue_peek(source_queue(sl->src), 0);
            if (f && sl->start_us + f->pts < until)
                until = sl->start_us + f->pts;
            else if (!f && slot_kind(sl) == ITEM_VIDEO)
                until = now + LOADING_POLL_US; /* decoder behind, or the end is near */
        }
    }
    if (a->next->state == SLOT_LOADING && now + LOADING_POLL_US * 5 < until)
        until = now + LOADING_POLL_US * 5;
    return until;
}

/* The queue whose next picture the loop is waiting for, if it is not there yet. */
static struct frame_queue *starved_queue(struct app *a)
{
    struct slot *sl = a->waiting_since_us || a->cur->state != SLOT_SHOWING ? a->next : a->cur;
    if (!sl->src || (sl->state != SLOT_SHOWING && sl->state != SLOT_LOADING))
        return NULL;
    struct frame_queue *q = source_queue(sl->src);
    return frame_queue_peek(q, 0) || frame_queue_drained(q, NULL, NULL, 0) ? NULL : q;
}

/* Waits until t on the app's clock. Untimed, the clock jumps there at once,
 * but a picture still being decoded is waited for in real time: the virtual
 * clock never runs ahead of the decoder, so nothing is dropped. */
static void wait_until(struct app *a, int64_t t)
{
    if (a->o->untimed) {
        struct frame_queue *q = starved_queue(a);
        if (q)
            frame_queue_wait(q, 100);
        else if (t > a->virtual_us)
            a->virtual_us = t;
        return;
    }
    int64_t d = t - time_now_us();
    if (d <= 0)
        return;
    struct timespec ts = {d / 1000000, (d % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- start and stop ---- */

static void write_stats(struct app *a)
{
    FILE *fp = fopen(a->o->stats, "w");
    if (!fp) {
        log_error("%s: cannot write stats: %s", a->o->stats, strerror(errno));
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
            " \"run_s\": %.3f}\n",
            (long long)a->first_present_wall_ms, (long long)a->presents,
            (long long)a->blank_presents, (long long)a->frames_dropped, (long long)a->plays_ended,
            (long long)a->plays_failed, a->max_switch_us / 1000.0, cpu, ru.ru_maxrss,
            a->upload_us / 1000.0, a->draw_us / 1000.0, a->present_us / 1000.0,
            (time_now_us() - a->launch_us) / 1e6);
    fclose(fp);
}

/* The logical screen size, known before the window exists so that the first
 * item can start decoding while SDL opens the window. */
static int screen_size(const struct app_opts *o, int *w, int *h)
{
    if (o->headless) {
        *w = o->width;
        *h = o->height;
    } else {
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(o->settings->display_index, &mode) != 0)
            return -1;
        *w = mode.w;
        *h = mode.h;
    }
    if (o->settings->rotation == 90 || o->settings->rotation == 270) {
        int t = *w;
        *w = *h;
        *h = t;
    }
    return 0;
}

int app_run(const struct app_opts *o)
{
    struct app app = {.o = o, .s = o->settings, .launch_us = time_now_us()};
    app.virtual_us = app.launch_us;
    struct app *a = &app;
    int rc = 1;
    bool sdl_up = false, ttf_up = false;
    a->cur = &a->slots[0];
    a->next = &a->slots[1];

    char err[256];
    a->watch = watch_create(err, sizeof(err)); /* before any thread: it blocks SIGHUP */
    if (!a->watch)
        log_warn("reloading is off: %s", err);
    struct diag d = {0}, notes = {0};
    a->live = lineup_load(o->playlist, a->s, false, &d, &notes);
    diag_take(&d, &notes);
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    diag_free(&d);
    if (!a->live) {
        rc = 2;
        goto out;
    }
    /* The zone notice stays the app's for the whole run (it is drawn once):
     * a reload does not change it. */
    a->notice = a->live->notice;
    memset(&a->live->notice, 0, sizeof(a->live->notice));
    a->notice_cycle_us = (int64_t)(a->s->notice_cycle_s * 1e6);
    if (a->watch && watch_files(a->watch, a->live->files, err, sizeof(err)) < 0)
        log_warn("%s", err);
    settings_audience(a->s, &a->audience);
    a->ledger = playlog_open(o->db ? o->db : a->s->ledger, a->s->screen_id, 0);
    log_info("playing \"%s\" (%d item%s, %d playlist%s, time zone %s) from %s",
             a->live->pls[0]->name, a->live->n_items, a->live->n_items == 1 ? "" : "s", a->live->n,
             a->live->n == 1 ? "" : "s", tz_name(a->live->tz), o->playlist);

    if (o->headless) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    } else if (strcmp(a->s->renderer, "software") == 0) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        log_error("no display available (SDL: %s); use --headless to play without one",
                  SDL_GetError());
        goto out;
    }
    sdl_up = true;
    if (screen_size(o, &a->screen_w, &a->screen_h) != 0) {
        log_error("display %d: %s", a->s->display_index, SDL_GetError());
        goto out;
    }
    plan_screen(a);

    /* The window takes a while to open: let the first item decode meanwhile. */
    struct schedule_pick first = schedule_next(a->live->sched, time_wall_ms());
    const struct item *first_item = schedule_item(a->live->sched, &first);
    bool first_is_media = first_item && first_item->kind != ITEM_SLIDE;
    if (first_is_media)
        slot_open(a, a->next, &first);

    struct render_opts ro = {
        .headless = o->headless,
        .width = o->width,
        .height = o->height,
        .display_index = a->s->display_index,
        .rotation = a->s->rotation,
        .vsync = a->s->vsync,
        .driver = a->s->renderer,
    };
    a->render = render_create(&ro, err, sizeof(err));
    if (!a->render) {
        log_error("%s", err);
        goto out;
    }
    render_logical_size(a->render, &a->screen_w, &a->screen_h);
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(render_sdl(a->render), &info) == 0) {
        a->max_tex_w = info.max_texture_width;
        a->max_tex_h = info.max_texture_height;
    }
    if (TTF_Init() != 0) {
        log_error("SDL_ttf: %s", TTF_GetError());
        goto out;
    }
    ttf_up = true;
    a->fonts = fonts_create(a->s->font);
    if (!a->fonts)
        goto out;
    plan_screen(a);
    float hdpi = 0;
    if (o->headless || SDL_GetDisplayDPI(a->s->display_index, NULL, &hdpi, NULL) != 0)
        hdpi = 0;
    a->mm_per_px = notice_mm_per_px(a->s, a->screen_w, a->screen_h, hdpi);
    measure_notice(a);
    prepare_slides(a);
    for (int v = 0; v < a->notice.n_variants && a->zone.state != SLOT_SHOWING; v++)
        zone_show(a, v, time_now_us());
    a->band = band_create(render_sdl(a->render), a->fonts, a->live->pls[0]->band,
                          a->live->pls[0]->n_band, &a->band_box, time_now_us());
    if (!first_is_media)
        slot_open(a, a->next, &first);

    while (!a->quit) {
        handle_events(a);
        int64_t now = app_now(a);
        if (o->for_s > 0 && now - a->launch_us >= (int64_t)(o->for_s * 1e6)) {
            log_info("stopping after %.1f s (--for)", o->for_s);
            break;
        }
        handle_reload(a, now);
        handle_interrupt(a, now);
        handle_next(a);
        handle_zone(a, now);
        a->dirty |= band_tick(a->band, now);
        handle_item_end(a, now);
        if (a->quit)
            break;
        handle_frame(a, now);
        handle_draw(a);
        wait_until(a, next_deadline(a, app_now(a)));
    }

    if (a->cur->state == SLOT_SHOWING && !a->waiting_since_us)
        play_ended(a, a->cur, app_now(a));
    if (a->zone.state == SLOT_SHOWING)
        play_ended(a, &a->zone, app_now(a));
    if (o->screenshot)
        write_screenshot(a);
    if (o->stats)
        write_stats(a);
    rc = 0;

out:
    for (int i = 0; i < 2; i++) {
        slot_clear(&a->slots[i]);
        render_picture_release(&a->slots[i].pic);
    }
    slot_clear(&a->zone);
    notice_free_zone(a->zone_tex, a->notice.n_variants);
    band_destroy(a->band);
    playlist_item_free(&a->notice);
    fonts_destroy(a->fonts);
    if (ttf_up)
        TTF_Quit();
    render_destroy(a->render);
    if (sdl_up)
        SDL_Quit();
    playlog_close(a->ledger); /* after the last play_ended() */
    lineup_free(a->live);
    lineup_free(a->pending);
    lineup_free(a->retired);
    for (int i = 0; i < a->n_failed_files; i++)
        free(a->failed_files[i]);
    watch_free(a->watch);
    return rc;
}
