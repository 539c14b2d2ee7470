/* render: the SDL window and renderer, display rotation, fit modes,
 * picture upload and screenshots. Everything here runs on the main thread.
 *
 * Drawing takes rectangles in logical coordinates: the screen as the viewer
 * sees it, after rotation (a 1920x1080 panel at rotation 90 is 1080x1920). */
#ifndef SIGNAGE_RENDER_H
#define SIGNAGE_RENDER_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

#include "config/settings.h"

struct render_opts {
    bool headless;     /* SDL's dummy video driver and the software renderer */
    int width, height; /* window size when headless */
    int display_index;
    int rotation; /* 0, 90, 180, 270: degrees the picture is turned clockwise */
    bool vsync;
    const char *driver; /* SDL render driver name, NULL or "" for SDL's choice */
};

/* A picture uploaded to a texture, reused while size and format stay. */
struct picture {
    SDL_Texture *tex;
    int w, h;      /* picture size */
    Uint32 format; /* of tex */
    int tex_w, tex_h;
    double aspect;  /* display aspect ratio w/h, with the pixel aspect */
    bool opaque;    /* no alpha channel to blend */
    AVFrame *frame; /* software renderer: the YUV frame, converted when drawn */
    bool tex_stale; /* frame is newer than tex */
    int yuv_mode;   /* SDL_YUV_CONVERSION_MODE tex was made with */
};

struct render;

/* Opens the window (fullscreen desktop size, no cursor, no screensaver; or
 * headless) and its renderer. SDL's video subsystem must be initialised.
 * Returns NULL with a reason in err. */
struct render *render_create(const struct render_opts *o, char *err, size_t err_size);

/* render_destroy(NULL) is a no-op. */
void render_destroy(struct render *r);

SDL_Renderer *render_sdl(struct render *r);

/* The screen size as the viewer sees it (after rotation). */
void render_logical_size(const struct render *r, int *w, int *h);

/* Uploads f (YUV420P, NV12 or BGRA from media.h) into p, creating or
 * re-creating its texture when needed. With the software renderer a YUV
 * frame is only referenced here and converted when drawn (scaled in YUV and
 * converted straight onto the screen when it lands upright). Returns 0 or -1 (logged). */
int render_upload(struct render *r, struct picture *p, const AVFrame *f);

/* Destroys p's texture; p may be reused. */
void render_picture_release(struct picture *p);

/* Where the point (wx, wy) of the window (a click, a touch) is on the
 * logical screen, the rotation undone. */
void render_window_to_logical(const struct render *r, int wx, int wy, int *lx, int *ly);

/* Fills box (logical; NULL = whole screen) with an 0xRRGGBB colour. */
void render_fill(struct render *r, const SDL_Rect *box, uint32_t rgb);

/* Draws a texture of aspect `aspect` into box (logical; NULL = whole screen)
 * by the fit mode: letterbox keeps it whole, fill covers the box and crops,
 * stretch ignores the aspect. Bars are left as they are. */
void render_texture(struct render *r, SDL_Texture *tex, int tw, int th, double aspect,
                    enum fit_mode fit, const SDL_Rect *box);

/* True when what was drawn stays on screen between presents (the software
 * renderer draws on the window's own surface); a GPU's back buffer does not. */
bool render_keeps_frame(const struct render *r);

/* Draws p into box (logical; NULL = whole screen) by fit, as render_texture(). */
void render_picture(struct render *r, struct picture *p, enum fit_mode fit, const SDL_Rect *box);

/* True when drawing p into box (NULL = whole screen) by fit leaves no pixel
 * of the box untouched (so clearing first would be wasted work). */
bool render_picture_covers(const struct render *r, const struct picture *p, enum fit_mode fit,
                           const SDL_Rect *box);

/* Reads what has been drawn since the last present, turned upright (as the
 * viewer sees it), as packed RGB24. Caller frees *rgb. Returns 0 or -1. */
int render_read_rgb(struct render *r, uint8_t **rgb, int *w, int *h);

void render_present(struct render *r);

#endif
