/* driver: which SDL video driver the player asks for (display.driver).
 * "auto" takes Wayland when a Wayland session is there ($WAYLAND_DISPLAY),
 * X11 when an X server is ($DISPLAY), and KMSDRM, straight on the console
 * with no display server, in that order of preference: SDL tries each in
 * turn and the first that starts is used. A forced driver is the only one
 * tried. Pure: the environment is passed in. */
#ifndef SIGNAGE_DRIVER_H
#define SIGNAGE_DRIVER_H

#include <stddef.h>

/* Writes the list for SDL's video driver hint ("wayland,x11,kmsdrm") for
 * the setting and the session's variables (NULL or "" = unset) into buf.
 * Returns buf, or NULL for an unknown setting. */
const char *driver_choice(const char *setting, const char *wayland_display, const char *display,
                          char *buf, size_t size);

#endif
