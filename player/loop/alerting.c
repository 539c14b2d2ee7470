#include "loop/alerting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "screen/alert_card.h"

static void langs_free(struct alerting *al)
{
    for (int i = 0; i < al->n_langs; i++)
        free(al->langs[i]);
    free(al->langs);
    al->langs = NULL;
    al->n_langs = 0;
}

static void langs_copy(struct alerting *al, const struct playlist *pl)
{
    al->n_langs = pl->n_languages;
    al->langs = xcalloc((size_t)al->n_langs + 1, sizeof(char *));
    for (int i = 0; i < al->n_langs; i++)
        al->langs[i] = xstrdup(pl->languages[i]);
}

void alerting_start(struct alerting *al, const struct settings *s, const struct playlist *pl)
{
    memset(al, 0, sizeof(*al));
    if (!s->alerts_feed || !s->alerts_feed[0])
        return;
    alert_filter_rules(s, &al->rules);
    langs_copy(al, pl);
    al->show =
        alert_show_create(&al->rules, al->langs, al->n_langs, (int64_t)(s->alerts_cycle_s * 1000));
    struct alert_feed_opts fo = {.source = s->alerts_feed, .every_s = s->alerts_every_s};
    log_info("alerts: reading %s every %g s", s->alerts_feed, s->alerts_every_s);
    al->feed = alert_feed_start(&fo);
}

void alerting_languages(struct alerting *al, const struct playlist *pl)
{
    if (!al->show)
        return;
    langs_free(al);
    langs_copy(al, pl);
    alert_show_languages(al->show, al->langs, al->n_langs);
}

/* The play of a turn, as the ledger records it. */
static struct play_record record_of(const struct alerting *al, const struct alert_turn *t)
{
    struct play_record rec = {
        .campaign = t->sender,
        .item = t->identifier,
        .language = t->lang,
        .media = t->source,
        .kind = PLAY_ALERT,
        .started_utc_ms = t->started_ms,
        .scheduled_ms = t->scheduled_ms,
        .impressions = -1,
    };
    memcpy(rec.play_id, al->play_id, sizeof(rec.play_id));
    return rec;
}

static void turn_ended(struct alerting *al, struct plays *p, const struct lineup *l,
                       const struct alert_turn *t, int64_t wall_ms)
{
    struct play_record rec = record_of(al, t);
    rec.ended_utc_ms = wall_ms;
    rec.shown_ms = wall_ms - t->started_ms;
    rec.status = playlog_status(NULL, rec.scheduled_ms, rec.shown_ms);
    /* Seconds on screen, whatever the config's method: an alert is not part of the loop. */
    struct audience au = p->audience;
    au.method = AUDIENCE_PRORATED;
    int hour = l ? tz_local_fields(l->tz, t->started_ms / 1000).hour : 0;
    rec.impressions = audience_impressions(&au, hour, rec.shown_ms / 1000.0, 0);
    playlog_end(p->ledger, &rec);
    al->play_id[0] = '\0';
}

static void turn_started(struct alerting *al, struct plays *p)
{
    const struct cap_info *in = NULL;
    const struct alert_turn *t = alert_show_turn(al->show, NULL, &in);
    if (!t)
        return;
    struct play_record rec = record_of(al, t);
    playlog_begin(p->ledger, &rec);
    memcpy(al->play_id, rec.play_id, sizeof(al->play_id));
    log_info("alert start: %s [%s] %s, %s, from %s, play %s", t->identifier, t->lang,
             alert_show_mode(al->show) == ALERT_FULL ? "full screen" : "band",
             in && in->event ? in->event : "", t->source, al->play_id);
}

void alerting_tick(struct alerting *al, struct plays *p, const struct lineup *l, int64_t wall_ms,
                   struct alerting_change *ch)
{
    memset(ch, 0, sizeof(*ch));
    if (!al->feed || wall_ms < al->next_poll_ms)
        return;
    al->next_poll_ms = wall_ms + ALERTING_POLL_MS;
    struct cap_doc *set = alert_feed_take(al->feed);
    if (set)
        alert_show_set(al->show, set);
    struct alert_change c;
    alert_show_tick(al->show, wall_ms, &c);
    if (c.ended) {
        turn_ended(al, p, l, &c.last, wall_ms);
        alert_turn_free(&c.last);
    }
    if (c.started)
        turn_started(al, p);
    if (c.mode != c.mode_was)
        log_info("alerts: %s", c.mode == ALERT_FULL   ? "full screen: the rotation waits"
                               : c.mode == ALERT_BAND ? "a band over the rotation"
                                                      : "over: the rotation resumes");
    ch->mode_changed = c.mode != c.mode_was;
    ch->redraw = c.started || c.ended;
    if (c.ended && !c.started && al->card) {
        SDL_DestroyTexture(al->card);
        al->card = NULL;
    }
}

/* "Flood Warning · Example County OES · 14:00-18:00", in the screen's time. */
static void label_of(const struct cap_alert *a, const struct cap_info *in, const struct tz *tz,
                     char *out, size_t len)
{
    int64_t from = in->effective_ms ? in->effective_ms : a->sent_ms;
    int64_t until = in->expires_ms ? in->expires_ms : a->sent_ms + ALERT_DEFAULT_LIFE_MS;
    struct tz_local f = tz_local_fields(tz, from / 1000), u = tz_local_fields(tz, until / 1000);
    char span[64];
    if (f.days == u.days)
        snprintf(span, sizeof(span), "%02d:%02d-%02d:%02d", f.hour, f.minute, u.hour, u.minute);
    else
        snprintf(span, sizeof(span), "%04d-%02d-%02d %02d:%02d - %04d-%02d-%02d %02d:%02d", f.year,
                 f.month, f.day, f.hour, f.minute, u.year, u.month, u.day, u.hour, u.minute);
    snprintf(out, len, "%s \u00b7 %s \u00b7 %s", in->event ? in->event : "Alert",
             in->sender_name ? in->sender_name : a->sender, span);
}

void alerting_draw(struct alerting *al, SDL_Renderer *rr, struct fonts *fonts, const struct tz *tz,
                   int w, int h)
{
    if (!al->show)
        return;
    if (al->card)
        SDL_DestroyTexture(al->card);
    al->card = NULL;
    const struct cap_alert *a = NULL;
    const struct cap_info *in = NULL;
    const struct alert_turn *t = alert_show_turn(al->show, &a, &in);
    if (!t || w <= 0 || h <= 0)
        return;
    char label[512];
    label_of(a, in, tz, label, sizeof(label));
    struct alert_card c = {
        .lang = in->lang,
        .label = label,
        .headline = in->headline ? in->headline : in->event,
        .description = in->description,
        .instruction = in->instruction,
        .extreme = in->severity == CAP_EXTREME,
    };
    al->card = alert_card_render(rr, fonts, &c, w, h);
}

enum alert_mode alerting_mode(const struct alerting *al)
{
    return al->show ? alert_show_mode(al->show) : ALERT_OFF;
}

void alerting_end(struct alerting *al, struct plays *p, const struct lineup *l, int64_t wall_ms)
{
    alert_feed_stop(al->feed);
    const struct alert_turn *t = al->show ? alert_show_turn(al->show, NULL, NULL) : NULL;
    if (t && al->play_id[0])
        turn_ended(al, p, l, t, wall_ms);
    alert_show_destroy(al->show);
    if (al->card)
        SDL_DestroyTexture(al->card);
    langs_free(al);
    memset(al, 0, sizeof(*al));
}
