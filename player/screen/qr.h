/* qr: QR codes (libqrencode) drawn as SDL surfaces. Any thread (no SDL
 * video calls), but surfaces are for the main thread to blit. */
#ifndef SIGNAGE_QR_H
#define SIGNAGE_QR_H

#include <SDL.h>

/* Physical width a QR code needs to scan from distance_mm away: phone
 * cameras read a code about a tenth of the distance wide. */
#define QR_MM_PER_M_DISTANCE 100

/* Encodes text (a URL, "sms:233733?body=HELP", ...) with error correction
 * level M and draws it black on white with its 4-module quiet zone, each
 * module a whole number of pixels, as large as fits in max_px square.
 * Returns a new surface (caller frees), or NULL after logging why (text too
 * long, or max_px too small for one pixel a module). */
SDL_Surface *qr_surface(const char *text, int max_px);

/* The side in pixels, quiet zone included, of the code for text at the given
 * module size; 0 when text cannot be encoded. */
int qr_side_px(const char *text, int module_px);

#endif
