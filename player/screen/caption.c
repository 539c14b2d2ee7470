#include "screen/caption.h"

#include <string.h>

#include "base/log.h"
#include "screen/text.h"

#define MIN_PX 14

int caption_px(const SDL_Rect *box)
{
    int side = box->w < box->h ? box->w : box->h;
    return side / 18 > MIN_PX ? side / 18 : MIN_PX;
}

SDL_Rect caption_place(const SDL_Rect *box, int band_w, int band_h)
{
    SDL_Rect r = {box->x + (box->w - band_w) / 2, box->y + box->h - box->h / 20 - band_h, band_w,
                  band_h};
    if (r.y < box->y)
        r.y = box->y;
    return r;
}

SDL_Texture *caption_render(SDL_Renderer *rr, struct fonts *fonts, const char *text,
                            const char *lang, const SDL_Rect *box, SDL_Rect *dst)
{
    if (!fonts_get(fonts, lang, false))
        return NULL;
    struct text_style st = {fonts, lang, false, caption_px(box)};
    struct text_line lines[CAPTION_MAX_LINES];
    int max_w = box->w * 9 / 10, n;
    /* Smaller until it fits in its lines, down to the smallest size. */
    for (;;) {
        int pad = st.px / 2;
        n = text_wrap(&st, text, max_w - 2 * pad, lines, CAPTION_MAX_LINES);
        if ((n > 0 && n <= CAPTION_MAX_LINES) || st.px <= MIN_PX)
            break;
        st.px = st.px * 9 / 10 > MIN_PX ? st.px * 9 / 10 : MIN_PX;
    }
    if (n <= 0) {
        log_warn("caption \"%.40s\" does not fit the screen; not shown", text);
        return NULL;
    }
    if (n > CAPTION_MAX_LINES)
        n = CAPTION_MAX_LINES; /* the rest is cut: better than text too small to read */
    int pad = st.px / 2, lh = text_line_height(&st), widest = 0;
    for (int i = 0; i < n; i++)
        widest = lines[i].width > widest ? lines[i].width : widest;
    int w = widest + 2 * pad, h = n * lh + pad;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("caption: %s", SDL_GetError());
        return NULL;
    }
    SDL_FillRect(surf, NULL, SDL_MapRGBA(surf->format, 0, 0, 0, CAPTION_BG_ALPHA));
    SDL_Color fg = {255, 255, 255, 255};
    for (int i = 0; i < n; i++)
        text_draw(surf, &st, text + lines[i].start, lines[i].len, (w - lines[i].width) / 2,
                  pad / 2 + i * lh, fg);
    SDL_Texture *tex = SDL_CreateTextureFromSurface(rr, surf);
    SDL_FreeSurface(surf);
    if (!tex) {
        log_error("caption: %s", SDL_GetError());
        return NULL;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    *dst = caption_place(box, w, h);
    return tex;
}
