/* audience: the impression formulas, and the audience settings as a config writes them. */
#include <math.h>
#include <stdlib.h>

#include "config/audience.h"
#include "config/settings.h"
#include "settings_text.h"
#include "testlib.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static int load_text(const char *text, struct settings *s, struct diag *d)
{
    return settings_load_text("/tmp/signage-test-audience.cfg", text, s, d);
}

int main(void)
{
    struct audience au = {0};

    /* No audience: no impressions, whatever the method. */
    EXPECT(audience_impressions(&au, 12, 30, 120) < 0);

    /* prorated: per_hour / 3600 x seconds on screen. */
    au.n_per_hour = 1;
    au.per_hour[0] = 540;
    au.method = AUDIENCE_PRORATED;
    EXPECT(NEAR(audience_impressions(&au, 3, 30, 0), 4.5));
    EXPECT(NEAR(audience_impressions(&au, 3, 0, 0), 0));
    EXPECT(NEAR(audience_impressions(&au, 3, 3600, 0), 540));

    /* dwell: per_hour / loops per hour; a 120 s loop plays 30 times an hour. */
    au.method = AUDIENCE_DWELL;
    EXPECT(NEAR(audience_impressions(&au, 3, 30, 120), 18));
    EXPECT(NEAR(audience_impressions(&au, 3, 5, 120), 18)); /* not by time shown */
    EXPECT(audience_impressions(&au, 3, 30, 0) < 0);        /* loop length unknown */

    /* 24 hourly figures: the hour the play started picks one. */
    au.n_per_hour = 24;
    for (int h = 0; h < 24; h++)
        au.per_hour[h] = h * 100;
    au.method = AUDIENCE_PRORATED;
    EXPECT(NEAR(audience_impressions(&au, 0, 36, 0), 0));
    EXPECT(NEAR(audience_impressions(&au, 18, 36, 0), 18));
    EXPECT(NEAR(audience_impressions(&au, 23, 36, 0), 23));

    enum audience_method m;
    EXPECT_INT(audience_method_parse("dwell", &m), 0);
    EXPECT_INT(m, AUDIENCE_DWELL);
    EXPECT_INT(audience_method_parse("reach", &m), -1);

    /* Settings: none by default, one number, 24 numbers, and mistakes. */
    struct settings s;
    struct diag d = {0};
    settings_defaults(&s);
    settings_audience(&s, &au);
    EXPECT_INT(au.n_per_hour, 0);
    settings_free(&s);

    EXPECT_INT(load_text("audience = { per_hour = 540.0; method = \"dwell\"; };\n", &s, &d), 0);
    settings_audience(&s, &au);
    EXPECT_INT(au.n_per_hour, 1);
    EXPECT(NEAR(au.per_hour[0], 540));
    EXPECT_INT(au.method, AUDIENCE_DWELL);
    settings_free(&s);

    EXPECT_INT(load_text("audience = { per_hour = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,"
                         " 14, 15, 16, 17, 18, 19, 20, 21, 22, 23.5); };\n",
                         &s, &d),
               0);
    settings_audience(&s, &au);
    EXPECT_INT(au.n_per_hour, 24);
    EXPECT(NEAR(au.per_hour[23], 23.5));
    EXPECT_INT(au.method, AUDIENCE_PRORATED);
    settings_free(&s);

    EXPECT_INT(load_text("audience = { per_hour = [1, 2, 3]; method = \"reach\"; };\n", &s, &d),
               -1);
    EXPECT_INT(d.n_lines, 2);
    if (d.n_lines == 2) {
        EXPECT_STR(d.lines[0], "/tmp/signage-test-audience.cfg:1: audience.per_hour: has 3 "
                               "values, must have 1/24");
        EXPECT_STR(d.lines[1], "/tmp/signage-test-audience.cfg:1: audience.method: \"reach\" is "
                               "not one of prorated,dwell");
    }
    diag_free(&d);
    settings_free(&s);

    EXPECT_INT(load_text("audience = { per_hour = -5; };\n", &s, &d), -1);
    EXPECT_STR(d.n_lines ? d.lines[0] : "",
               "/tmp/signage-test-audience.cfg:1: audience.per_hour: -5 is out of range 0..1e+09");
    diag_free(&d);
    settings_free(&s);

    EXPECT_INT(load_text("audience = { per_hour = \"many\"; };\n", &s, &d), -1);
    EXPECT_STR(d.n_lines ? d.lines[0] : "",
               "/tmp/signage-test-audience.cfg:1: audience.per_hour: must be a number or a list "
               "of numbers");
    diag_free(&d);
    settings_free(&s);
    return test_result("test_audience");
}
