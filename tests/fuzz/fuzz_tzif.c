/* libFuzzer: a TZif file (RFC 8536) through tz_parse(), then conversions
 * across its whole range and past its footer rule. */
#include "base/tz.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    struct tz *tz = tz_parse("fuzz", data, size, err, sizeof(err));
    if (!tz)
        return 0;
    static const int64_t instants[] = {INT64_MIN / 2000, -2208988800LL, -1, 0, 1, 1773543600LL,
                                       4102444800LL,     253402300799LL};
    for (size_t i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
        struct tz_local l = tz_local_fields(tz, instants[i]);
        enum tz_fold fold;
        tz_to_utc(tz, instants[i] + l.utoff_s, &fold);
        char buf[64];
        tz_format_iso(tz, instants[i], buf, sizeof(buf));
    }
    tz_free(tz);
    return 0;
}
