/* snapshot: write a picture as PNG with libavcodec's PNG encoder. */
#ifndef SIGNAGE_SNAPSHOT_H
#define SIGNAGE_SNAPSHOT_H

#include <stdint.h>

/* Writes packed RGB24 pixels (w*3 bytes a row) to path as PNG, through a
 * temporary file renamed into place, so a reader never sees half a file.
 * Returns 0, or -1 after logging why. Any thread. */
int snapshot_write_png(const char *path, const uint8_t *rgb, int w, int h);

#endif
