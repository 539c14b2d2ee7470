#include "screen/alert_card.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "config/playlist.h"
#include "screen/slide.h"

void alert_card_band_split(const SDL_Rect *box, SDL_Rect *band, SDL_Rect *rest)
{
    /* A landscape band keeps 72% of the rotation; a portrait one 78%. */
    int h = box->w >= box->h ? box->h * 28 / 100 : box->h * 22 / 100;
    *band = (SDL_Rect){box->x, box->y, box->w, h};
    *rest = (SDL_Rect){box->x, box->y + h, box->w, box->h - h};
}

/* Description and instruction as one body, a paragraph each. */
static char *body_of(const struct alert_card *c)
{
    const char *d = c->description && c->description[0] ? c->description : NULL;
    const char *i = c->instruction && c->instruction[0] ? c->instruction : NULL;
    if (d && i)
        return xasprintf("%s\n%s", d, i);
    return xstrdup(d ? d : i);
}

SDL_Texture *alert_card_render(SDL_Renderer *rr, struct fonts *fonts, const struct alert_card *c,
                               int w, int h)
{
    const char *lang = c->lang && c->lang[0] ? c->lang : "en";
    int header_h = w >= h ? h / 7 : h / 12;
    if (header_h < 24)
        header_h = h / 4;
    SDL_Surface *surf = NULL, *head = NULL, *body = NULL;
    SDL_Texture *tex = NULL;
    struct slide_text st = {
        .title = (char *)c->headline,
        .background = c->extreme ? ALERT_CARD_EXTREME_BG : ALERT_CARD_BG,
        .color = 0xffffff,
    };
    char *text = body_of(c);
    st.body = text;
    head = slide_draw_line(fonts, c->label ? c->label : "", lang, w, header_h, ALERT_CARD_HEADER_BG,
                           0xffffff);
    if (!st.title && !st.body)
        st.title = (char *)(c->label ? c->label : "");
    struct slide_opts so = {.min_lines = w >= h ? 3 : 6}; /* a band's few lines as large as fit */
    body = slide_draw(fonts, &st, lang, w, h - header_h, &so);
    if (!head || !body)
        goto out;
    surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("alert: %s", SDL_GetError());
        goto out;
    }
    SDL_Rect at = {0, 0, w, header_h};
    SDL_BlitSurface(head, NULL, surf, &at);
    at = (SDL_Rect){0, header_h, w, h - header_h};
    SDL_BlitSurface(body, NULL, surf, &at);
    tex = SDL_CreateTextureFromSurface(rr, surf);
    if (!tex)
        log_error("alert: %s", SDL_GetError());
out:
    SDL_FreeSurface(surf);
    SDL_FreeSurface(head);
    SDL_FreeSurface(body);
    free(text);
    return tex;
}
