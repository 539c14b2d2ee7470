#include "config/audience.h"

#include <string.h>

int audience_method_parse(const char *name, enum audience_method *out)
{
    if (strcmp(name, "prorated") == 0)
        *out = AUDIENCE_PRORATED;
    else if (strcmp(name, "dwell") == 0)
        *out = AUDIENCE_DWELL;
    else
        return -1;
    return 0;
}

double audience_impressions(const struct audience *au, int local_hour, double shown_s,
                            double loop_s)
{
    if (au->n_per_hour <= 0)
        return -1;
    int h = au->n_per_hour == 24 && local_hour >= 0 && local_hour < 24 ? local_hour : 0;
    double per_hour = au->per_hour[h];
    if (au->method == AUDIENCE_DWELL) {
        if (!(loop_s > 0))
            return -1;
        return per_hour * loop_s / 3600.0; /* per_hour / (3600 / loop_s) */
    }
    return shown_s > 0 ? per_hour / 3600.0 * shown_s : 0.0;
}
