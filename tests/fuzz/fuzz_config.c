/* libFuzzer: a player config through settings_load(), the real loader. */
#include "config/settings.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file("player.cfg", data, size);
    struct settings s;
    struct diag d = {0};
    settings_defaults(&s);
    settings_load(&s, path, &d);
    struct audience au;
    settings_audience(&s, &au);
    settings_free(&s);
    diag_free(&d);
    return 0;
}
