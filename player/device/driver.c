#include "device/driver.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool set(const char *v)
{
    return v && v[0];
}

const char *driver_choice(const char *setting, const char *wayland_display, const char *display,
                          char *buf, size_t size)
{
    if (strcmp(setting, "kmsdrm") == 0 || strcmp(setting, "x11") == 0 ||
        strcmp(setting, "wayland") == 0) {
        snprintf(buf, size, "%s", setting);
        return buf;
    }
    if (strcmp(setting, "auto") != 0)
        return NULL;
    snprintf(buf, size, "%s%s%s", set(wayland_display) ? "wayland," : "",
             set(display) ? "x11," : "", "kmsdrm");
    return buf;
}
