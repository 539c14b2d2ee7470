#include "screen/render.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>

#include "base/log.h"
#include "base/util.h"

struct render {
    SDL_Window *window;
    SDL_Renderer *renderer;
    int pw, ph; /* output size in pixels, as the panel has it */
    int rotation;
    /* The software renderer converts YUV on the CPU whatever we do: then we
     * convert once, straight into a texture of the window's own format, which
     * saves SDL's intermediate YUV copy and a per-pixel format conversion when
     * blitting. 0 when the renderer takes YUV textures itself (GPU). */
    Uint32 cpu_yuv_format;
    AVFrame *scaled; /* a frame scaled in YUV for the software renderer, reused */
};

/* True when the renderer is OpenGL drawn by a software rasteriser (Mesa's
 * llvmpipe or softpipe, as on a machine without a GPU). */
static bool gl_is_emulated(SDL_Renderer *rr)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(rr, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return false;
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    get_string_fn get_string = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    const unsigned int gl_renderer = 0x1F01; /* GL_RENDERER */
    const char *name = get_string ? (const char *)get_string(gl_renderer) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "Software Rasterizer"));
}

/* True when the machine has a DRM device that a GPU renderer could use. */
static bool gpu_present(void)
{
    DIR *d = opendir("/dev/dri");
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = strncmp(e->d_name, "card", 4) == 0 || strncmp(e->d_name, "renderD", 7) == 0;
    closedir(d);
    return found;
}

struct render *render_create(const struct render_opts *o, char *err, size_t err_size)
{
    struct render *r = xcalloc(1, sizeof(*r));
    r->rotation = o->rotation;

    Uint32 flags = SDL_WINDOW_BORDERLESS;
    int x = SDL_WINDOWPOS_UNDEFINED_DISPLAY(o->display_index);
    int y = x, w = o->width, h = o->height;
    if (!o->headless) {
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(o->display_index, &mode) != 0) {
            snprintf(err, err_size, "display %d: %s", o->display_index, SDL_GetError());
            goto fail;
        }
        w = mode.w;
        h = mode.h;
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    r->window = SDL_CreateWindow("signage", x, y, w, h, flags);
    if (!r->window) {
        snprintf(err, err_size, "cannot open a window: %s", SDL_GetError());
        goto fail;
    }

    Uint32 rflags = 0;
    int index = -1;
    const char *driver = o->headless ? "software" : o->driver;
    if (driver && driver[0]) {
        for (int i = 0; i < SDL_GetNumRenderDrivers(); i++) {
            SDL_RendererInfo info;
            if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, driver) == 0)
                index = i;
        }
        if (index < 0) {
            snprintf(err, err_size, "no SDL render driver named \"%s\"", driver);
            goto fail;
        }
    }
    if (o->vsync && !o->headless)
        rflags |= SDL_RENDERER_PRESENTVSYNC;
    if (index < 0 && !o->headless && !gpu_present()) {
        /* No GPU: OpenGL could only be emulated, and finding that out loads
         * Mesa's rasteriser (tens of MB) for nothing. */
        log_info("no GPU (no /dev/dri node): using the software renderer");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        rflags |= SDL_RENDERER_SOFTWARE;
    }
    r->renderer = SDL_CreateRenderer(r->window, index, rflags);
    if (r->renderer && index < 0 && gl_is_emulated(r->renderer)) {
        /* OpenGL drawn by the CPU costs ten times the software renderer. */
        log_warn("OpenGL here is emulated on the CPU: using the software renderer "
                 "(set display.renderer to choose)");
        SDL_DestroyRenderer(r->renderer);
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        r->renderer = SDL_CreateRenderer(r->window, -1, rflags | SDL_RENDERER_SOFTWARE);
    }
    if (!r->renderer) {
        snprintf(err, err_size, "cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    if (SDL_GetRendererOutputSize(r->renderer, &r->pw, &r->ph) != 0) {
        snprintf(err, err_size, "renderer output size: %s", SDL_GetError());
        goto fail;
    }
    SDL_RendererInfo info;
    SDL_GetRendererInfo(r->renderer, &info);
    if (strcmp(info.name, "software") == 0) {
        Uint32 wf = SDL_GetWindowPixelFormat(r->window);
        /* libyuv writes B,G,R,A bytes: SDL's ARGB8888, or RGB888 ignoring A. */
        r->cpu_yuv_format = wf == SDL_PIXELFORMAT_RGB888 ? wf : SDL_PIXELFORMAT_ARGB8888;
    }
    log_info("display: %dx%d, rotation %d, renderer %s%s", r->pw, r->ph, r->rotation, info.name,
             (info.flags & SDL_RENDERER_PRESENTVSYNC) ? ", vsync" : "");
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
    return r;

fail:
    render_destroy(r);
    return NULL;
}

void render_destroy(struct render *r)
{
    if (!r)
        return;
    av_frame_free(&r->scaled);
    if (r->renderer)
        SDL_DestroyRenderer(r->renderer);
    if (r->window)
        SDL_DestroyWindow(r->window);
    free(r);
}

SDL_Renderer *render_sdl(struct render *r)
{
    return r->renderer;
}

void render_logical_size(const struct render *r, int *w, int *h)
{
    bool turned = r->rotation == 90 || r->rotation == 270;
    *w = turned ? r->ph : r->pw;
    *h = turned ? r->pw : r->ph;
}

/* Where a logical point lands on the panel. */
static void map_point(const struct render *r, double lx, double ly, double *px, double *py)
{
    switch (r->rotation) {
    case 90:
        *px = r->pw - ly;
        *py = lx;
        break;
    case 180:
        *px = r->pw - lx;
        *py = r->ph - ly;
        break;
    case 270:
        *px = ly;
        *py = r->ph - lx;
        break;
    default:
        *px = lx;
        *py = ly;
    }
}

void render_window_to_logical(const struct render *r, int wx, int wy, int *lx, int *ly)
{
    int ww = 0, wh = 0;
    SDL_GetWindowSize(r->window, &ww, &wh);
    /* Window points to panel pixels (they differ on a high-DPI panel). */
    double px = ww > 0 ? (double)wx * r->pw / ww : wx, py = wh > 0 ? (double)wy * r->ph / wh : wy;
    double x = px, y = py;
    switch (r->rotation) { /* map_point() backwards */
    case 90:
        x = py;
        y = r->pw - px;
        break;
    case 180:
        x = r->pw - px;
        y = r->ph - py;
        break;
    case 270:
        x = r->ph - py;
        y = px;
        break;
    }
    *lx = (int)x;
    *ly = (int)y;
}

static SDL_Rect map_rect(const struct render *r, const SDL_Rect *l)
{
    double x0, y0, x1, y1;
    map_point(r, l->x, l->y, &x0, &y0);
    map_point(r, l->x + l->w, l->y + l->h, &x1, &y1);
    SDL_Rect p = {(int)(x0 < x1 ? x0 : x1), (int)(y0 < y1 ? y0 : y1), 0, 0};
    p.w = (int)(x0 < x1 ? x1 - x0 : x0 - x1);
    p.h = (int)(y0 < y1 ? y1 - y0 : y0 - y1);
    return p;
}

static SDL_Rect whole_screen(const struct render *r)
{
    SDL_Rect box = {0, 0, 0, 0};
    render_logical_size(r, &box.w, &box.h);
    return box;
}

void render_fill(struct render *r, const SDL_Rect *box, uint32_t rgb)
{
    SDL_Rect l = box ? *box : whole_screen(r);
    SDL_Rect p = map_rect(r, &l);
    SDL_SetRenderDrawColor(r->renderer, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 255);
    SDL_RenderFillRect(r->renderer, &p);
}

/* Copies src of tex onto the logical rectangle dst, turned by the rotation. */
static void copy_rotated(struct render *r, SDL_Texture *tex, const SDL_Rect *src,
                         const SDL_Rect *dst)
{
    if (r->rotation == 0) {
        SDL_RenderCopy(r->renderer, tex, src, dst);
        return;
    }
    double cx, cy;
    map_point(r, dst->x + dst->w / 2.0, dst->y + dst->h / 2.0, &cx, &cy);
    SDL_Rect p = {(int)(cx - dst->w / 2.0 + 0.5), (int)(cy - dst->h / 2.0 + 0.5), dst->w, dst->h};
    SDL_RenderCopyEx(r->renderer, tex, src, &p, r->rotation, NULL, SDL_FLIP_NONE);
}

/* Where a tw x th picture of display aspect `aspect` goes in box by fit:
 * the part of it shown (src) and where (dst). */
static void fit_rects(int tw, int th, double aspect, enum fit_mode fit, const SDL_Rect *box,
                      SDL_Rect *src, SDL_Rect *dst)
{
    *src = (SDL_Rect){0, 0, tw, th};
    *dst = *box;
    if (aspect <= 0)
        aspect = (double)tw / th;
    double box_aspect = (double)box->w / box->h;

    if (fit == FIT_LETTERBOX) {
        if (aspect > box_aspect) {
            dst->h = (int)(box->w / aspect + 0.5);
            dst->y = box->y + (box->h - dst->h) / 2;
        } else {
            dst->w = (int)(box->h * aspect + 0.5);
            dst->x = box->x + (box->w - dst->w) / 2;
        }
    } else if (fit == FIT_FILL) {
        /* Crop the picture to the box's aspect, centred. */
        double px_aspect = aspect / ((double)tw / th); /* display width of one pixel */
        if (aspect > box_aspect) {
            src->w = (int)(th * box_aspect / px_aspect + 0.5);
            src->x = (tw - src->w) / 2;
        } else {
            src->h = (int)(tw * px_aspect / box_aspect + 0.5);
            src->y = (th - src->h) / 2;
        }
    }
}

void render_texture(struct render *r, SDL_Texture *tex, int tw, int th, double aspect,
                    enum fit_mode fit, const SDL_Rect *box)
{
    SDL_Rect b = box ? *box : whole_screen(r), src, dst;
    fit_rects(tw, th, aspect, fit, &b, &src, &dst);
    copy_rotated(r, tex, &src, &dst);
}

static Uint32 sdl_format_of(int av_format)
{
    switch (av_format) {
    case AV_PIX_FMT_YUV420P:
        return SDL_PIXELFORMAT_IYUV;
    case AV_PIX_FMT_NV12:
        return SDL_PIXELFORMAT_NV12;
    case AV_PIX_FMT_BGRA:
        return SDL_PIXELFORMAT_ARGB8888;
    default:
        return SDL_PIXELFORMAT_UNKNOWN;
    }
}

/* libyuv's matrix for a frame: its own colour space and range, else BT.709
 * for HD and BT.601 below, as players do. */
static const struct YuvConstants *yuv_matrix(const AVFrame *f)
{
    bool full = f->color_range == AVCOL_RANGE_JPEG;
    switch (f->colorspace) {
    case AVCOL_SPC_BT709:
        return full ? &kYuvF709Constants : &kYuvH709Constants;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return full ? &kYuvV2020Constants : &kYuv2020Constants;
    case AVCOL_SPC_UNSPECIFIED:
        if (f->height > 576)
            return full ? &kYuvF709Constants : &kYuvH709Constants;
        break;
    default:
        break;
    }
    return full ? &kYuvJPEGConstants : &kYuvI601Constants;
}

/* YUV -> 32-bit BGRX/BGRA in memory (SDL's ARGB8888 and RGB888), same size,
 * with libyuv's SIMD code: three to four times cheaper than swscale here. */
static int convert_yuv(const AVFrame *f, void *pixels, int pitch)
{
    const struct YuvConstants *m = yuv_matrix(f);
    if (f->format == AV_PIX_FMT_NV12)
        return NV12ToARGBMatrix(f->data[0], f->linesize[0], f->data[1], f->linesize[1], pixels,
                                pitch, m, f->width, f->height);
    return I420ToARGBMatrix(f->data[0], f->linesize[0], f->data[1], f->linesize[1], f->data[2],
                            f->linesize[2], pixels, pitch, m, f->width, f->height);
}

/* SDL's YUV conversion for a frame on a GPU: its own matrix and range, as
 * near as SDL 2 comes (it has no full-range BT.709: JPEG's matrix then). */
static SDL_YUV_CONVERSION_MODE sdl_yuv_mode(const AVFrame *f)
{
    if (f->color_range == AVCOL_RANGE_JPEG)
        return SDL_YUV_CONVERSION_JPEG;
    bool hd = f->colorspace == AVCOL_SPC_BT709 ||
              (f->colorspace == AVCOL_SPC_UNSPECIFIED && f->height > 576);
    return hd ? SDL_YUV_CONVERSION_BT709 : SDL_YUV_CONVERSION_BT601;
}

/* Creates or re-creates p's texture for a w x h picture of format (a YUV
 * one converted by mode). */
static int picture_texture(struct render *r, struct picture *p, Uint32 format, int w, int h,
                           bool opaque, SDL_YUV_CONVERSION_MODE mode)
{
    if (p->tex && p->tex_w == w && p->tex_h == h && p->format == format && p->yuv_mode == (int)mode)
        return 0;
    if (p->tex)
        SDL_DestroyTexture(p->tex);
    SDL_SetYUVConversionMode(mode); /* read when a YUV texture is made */
    p->tex = SDL_CreateTexture(r->renderer, format, SDL_TEXTUREACCESS_STREAMING, w, h);
    p->yuv_mode = mode;
    if (!p->tex) {
        log_error("render: cannot create a %dx%d texture: %s", w, h, SDL_GetError());
        return -1;
    }
    if (!opaque)
        SDL_SetTextureBlendMode(p->tex, SDL_BLENDMODE_BLEND);
    p->format = format;
    p->tex_w = w;
    p->tex_h = h;
    return 0;
}

int render_upload(struct render *r, struct picture *p, const AVFrame *f)
{
    Uint32 yuv = sdl_format_of(f->format);
    if (yuv == SDL_PIXELFORMAT_UNKNOWN) {
        log_error("render: unexpected pixel format %d", f->format);
        return -1;
    }
    AVRational sar = f->sample_aspect_ratio;
    double px = sar.num > 0 && sar.den > 0 ? (double)sar.num / sar.den : 1.0;
    p->aspect = (double)f->width * px / f->height;
    p->opaque = f->format != AV_PIX_FMT_BGRA;
    p->w = f->width;
    p->h = f->height;
    av_frame_free(&p->frame);
    if (r->cpu_yuv_format && SDL_ISPIXELFORMAT_FOURCC(yuv)) {
        /* Converted when drawn: straight onto the screen when it lands there
         * unscaled, which saves a whole-screen copy a frame. */
        p->frame = av_frame_clone(f);
        p->tex_stale = true;
        return p->frame ? 0 : -1;
    }
    Uint32 format = yuv;
    if (picture_texture(r, p, format, f->width, f->height, p->opaque, sdl_yuv_mode(f)) < 0)
        return -1;
    int rc;
    if (format == SDL_PIXELFORMAT_IYUV)
        rc = SDL_UpdateYUVTexture(p->tex, NULL, f->data[0], f->linesize[0], f->data[1],
                                  f->linesize[1], f->data[2], f->linesize[2]);
    else if (format == SDL_PIXELFORMAT_NV12)
        rc = SDL_UpdateNVTexture(p->tex, NULL, f->data[0], f->linesize[0], f->data[1],
                                 f->linesize[1]);
    else
        rc = SDL_UpdateTexture(p->tex, NULL, f->data[0], f->linesize[0]);
    if (rc != 0) {
        log_error("render: texture upload failed: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

/* The part src of frame f scaled to w x h in YUV, with a box filter that
 * averages when shrinking: cheaper than scaling after the conversion to RGB
 * (a 4K or portrait clip on a 1080p screen). Returns r->scaled, f itself
 * when it needs no scaling, or NULL when it cannot be scaled here. */
static const AVFrame *scaled_for(struct render *r, const AVFrame *f, const SDL_Rect *src, int w,
                                 int h)
{
    if (src->x == 0 && src->y == 0 && src->w == f->width && src->h == f->height && w == f->width &&
        h == f->height)
        return f;
    if (f->format != AV_PIX_FMT_YUV420P || w < 2 || h < 2)
        return NULL;
    AVFrame *s = r->scaled;
    if (!s || s->width != w || s->height != h) {
        av_frame_free(&r->scaled);
        if (!(s = r->scaled = av_frame_alloc()))
            return NULL;
        s->format = AV_PIX_FMT_YUV420P;
        s->width = w;
        s->height = h;
        if (av_frame_get_buffer(s, 0) < 0) {
            av_frame_free(&r->scaled);
            return NULL;
        }
    }
    int x = src->x & ~1, y = src->y & ~1; /* chroma samples cover two pixels */
    if (I420Scale(f->data[0] + (size_t)y * f->linesize[0] + x, f->linesize[0],
                  f->data[1] + (size_t)(y / 2) * f->linesize[1] + x / 2, f->linesize[1],
                  f->data[2] + (size_t)(y / 2) * f->linesize[2] + x / 2, f->linesize[2], src->w,
                  src->h, s->data[0], s->linesize[0], s->data[1], s->linesize[1], s->data[2],
                  s->linesize[2], w, h, kFilterBox) != 0)
        return NULL;
    /* The matrix is the source's: an unstated one is judged by the source's height. */
    s->color_range = f->color_range;
    s->colorspace = f->colorspace != AVCOL_SPC_UNSPECIFIED ? f->colorspace
                    : f->height > 576                      ? AVCOL_SPC_BT709
                                                           : AVCOL_SPC_BT470BG;
    return s;
}

/* Software renderer, a frame that lands upright: scales it in YUV if need
 * be and converts it straight into the window's surface, which the
 * renderer draws on too. Returns false when that does not apply. */
static bool draw_direct(struct render *r, const struct picture *p, const SDL_Rect *src,
                        const SDL_Rect *dst)
{
    if (r->rotation != 0 || dst->x < 0 || dst->y < 0)
        return false;
    SDL_Surface *surface = SDL_GetWindowSurface(r->window);
    if (!surface || surface->format->format != r->cpu_yuv_format || dst->x + dst->w > surface->w ||
        dst->y + dst->h > surface->h)
        return false;
    const AVFrame *f = scaled_for(r, p->frame, src, dst->w, dst->h);
    if (!f)
        return false;
    SDL_RenderFlush(r->renderer); /* what was drawn before lands first */
    if (SDL_MUSTLOCK(surface) && SDL_LockSurface(surface) != 0)
        return false;
    uint8_t *at = (uint8_t *)surface->pixels + (size_t)dst->y * surface->pitch + (size_t)dst->x * 4;
    bool ok = convert_yuv(f, at, surface->pitch) == 0;
    if (SDL_MUSTLOCK(surface))
        SDL_UnlockSurface(surface);
    return ok;
}

void render_picture(struct render *r, struct picture *p, enum fit_mode fit, const SDL_Rect *box)
{
    SDL_Rect b = box ? *box : whole_screen(r), src, dst;
    fit_rects(p->w, p->h, p->aspect, fit, &b, &src, &dst);
    if (p->frame) {
        if (draw_direct(r, p, &src, &dst))
            return;
        if (p->tex_stale) {
            void *pixels;
            int pitch;
            if (picture_texture(r, p, r->cpu_yuv_format, p->w, p->h, true,
                                SDL_YUV_CONVERSION_AUTOMATIC) < 0 ||
                SDL_LockTexture(p->tex, NULL, &pixels, &pitch) != 0)
                return;
            convert_yuv(p->frame, pixels, pitch);
            SDL_UnlockTexture(p->tex);
            p->tex_stale = false;
        }
    }
    if (p->tex)
        copy_rotated(r, p->tex, &src, &dst);
}

void render_picture_release(struct picture *p)
{
    if (p->tex)
        SDL_DestroyTexture(p->tex);
    av_frame_free(&p->frame);
    memset(p, 0, sizeof(*p));
}

bool render_keeps_frame(const struct render *r)
{
    return r->cpu_yuv_format != 0;
}

bool render_picture_covers(const struct render *r, const struct picture *p, enum fit_mode fit,
                           const SDL_Rect *box)
{
    if ((!p->tex && !p->frame) || !p->opaque)
        return false;
    SDL_Rect b = box ? *box : whole_screen(r), src, dst;
    fit_rects(p->w, p->h, p->aspect, fit, &b, &src, &dst);
    return dst.w == b.w && dst.h == b.h;
}

int render_read_rgb(struct render *r, uint8_t **rgb, int *w, int *h)
{
    size_t pitch = (size_t)r->pw * 3;
    uint8_t *raw = malloc(pitch * (size_t)r->ph);
    if (!raw)
        return -1;
    if (SDL_RenderReadPixels(r->renderer, NULL, SDL_PIXELFORMAT_RGB24, raw, (int)pitch) != 0) {
        log_error("screenshot: %s", SDL_GetError());
        free(raw);
        return -1;
    }
    if (r->rotation == 0) {
        *rgb = raw;
        *w = r->pw;
        *h = r->ph;
        return 0;
    }
    int lw, lh;
    render_logical_size(r, &lw, &lh);
    uint8_t *out = malloc((size_t)lw * lh * 3);
    if (!out) {
        free(raw);
        return -1;
    }
    for (int ly = 0; ly < lh; ly++) {
        for (int lx = 0; lx < lw; lx++) {
            double px, py;
            map_point(r, lx + 0.5, ly + 0.5, &px, &py);
            int sx = (int)px, sy = (int)py;
            memcpy(out + ((size_t)ly * lw + lx) * 3, raw + (size_t)sy * pitch + (size_t)sx * 3, 3);
        }
    }
    free(raw);
    *rgb = out;
    *w = lw;
    *h = lh;
    return 0;
}

void render_present(struct render *r)
{
    SDL_RenderPresent(r->renderer);
}
