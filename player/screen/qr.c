#include "screen/qr.h"

#include <qrencode.h>
#include <string.h>

#include "base/log.h"

#define QUIET_MODULES 4

static QRcode *encode(const char *text)
{
    return QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
}

int qr_side_px(const char *text, int module_px)
{
    QRcode *qr = encode(text);
    if (!qr)
        return 0;
    int side = (qr->width + 2 * QUIET_MODULES) * module_px;
    QRcode_free(qr);
    return side;
}

SDL_Surface *qr_surface(const char *text, int max_px)
{
    SDL_Surface *surf = NULL;
    QRcode *qr = encode(text);
    if (!qr) {
        log_error("qr \"%.60s%s\": cannot be encoded (%zu bytes: too long?)", text,
                  strlen(text) > 60 ? "..." : "", strlen(text));
        goto out;
    }
    int modules = qr->width + 2 * QUIET_MODULES;
    int scale = max_px / modules;
    if (scale < 1) {
        log_error("qr \"%.60s%s\": %d modules do not fit in %d pixels", text,
                  strlen(text) > 60 ? "..." : "", modules, max_px);
        goto out;
    }
    int side = modules * scale;
    surf = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        log_error("qr: %s", SDL_GetError());
        goto out;
    }
    SDL_FillRect(surf, NULL, SDL_MapRGB(surf->format, 255, 255, 255));
    Uint32 black = SDL_MapRGB(surf->format, 0, 0, 0);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1) {
                SDL_Rect m = {(x + QUIET_MODULES) * scale, (y + QUIET_MODULES) * scale, scale,
                              scale};
                SDL_FillRect(surf, &m, black);
            }
out:
    if (qr)
        QRcode_free(qr);
    return surf;
}
