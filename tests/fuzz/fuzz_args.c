/* libFuzzer: what a user types on the command line of `signage report` and
 * `signage schedule`: dates, times, grouping fields, formats and hours
 * ranges, each line of the input one argument. */
#include "base/tz.h"
#include "config/when.h"
#include "fuzz_common.h"
#include "ledger/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tz *zone;
    if (!zone) {
        char err[256];
        zone = tz_load("America/Los_Angeles", err, sizeof(err));
        if (!zone)
            zone = tz_utc();
    }
    char *text = xcalloc(1, size + 1);
    memcpy(text, data, size);
    for (char *arg = text, *next; arg; arg = next) {
        next = strchr(arg, '\n');
        if (next)
            *next++ = '\0';
        int64_t ms, s;
        char err[256];
        enum report_field by[N_REPORT_FIELDS];
        int n_by;
        enum report_format f;
        struct when_hours h;
        report_date_parse(zone, arg, 0, &ms);
        report_date_parse(zone, arg, 1, &ms);
        report_fields_parse(arg, by, &n_by, err, sizeof(err));
        report_format_parse(arg, &f);
        if (tz_parse_iso(zone, arg, &s) == 0) {
            char buf[64];
            tz_format_iso(zone, s, buf, sizeof(buf));
        }
        when_parse_hours(arg, &h);
    }
    free(text);
    return 0;
}
