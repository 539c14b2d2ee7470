/* when: parsing each part, and the window test at its edges (midnight,
 * ranges crossing it, the day a crossing range belongs to, inclusive dates). */
#include "testlib.h"
#include "config/when.h"

static struct tz_local local(int y, int mo, int d, int h, int mi)
{
    struct tz *utc = tz_utc();
    int64_t t = tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
    struct tz_local l = tz_local_fields(utc, t);
    tz_free(utc);
    return l;
}

int main(void)
{
    struct when_hours h;
    EXPECT_INT(when_parse_hours("22:00-02:00", &h), 0);
    EXPECT(h.from_min == 1320 && h.until_min == 120);
    EXPECT_INT(when_parse_hours("00:00-24:00", &h), 0);
    EXPECT(h.from_min == 0 && h.until_min == 1440);
    EXPECT_INT(when_parse_hours("20:00-00:00", &h), 0);
    EXPECT_INT(h.until_min, 1440);
    EXPECT_INT(when_parse_hours("10:00-10:00", &h), -1);
    EXPECT_INT(when_parse_hours("00:00-00:00", &h), -1); /* empty, as 10:00-10:00 */
    EXPECT_INT(when_parse_hours("24:00-24:00", &h), -1);
    EXPECT_INT(when_parse_hours("24:00-02:00", &h), -1);
    EXPECT_INT(when_parse_hours("24:30-10:00", &h), -1);
    EXPECT_INT(when_parse_hours("9:00-10:00", &h), -1);
    EXPECT_INT(when_parse_hours("09:00-10:00 ", &h), -1);
    int64_t day;
    EXPECT_INT(when_parse_date("2028-02-29", &day), 0);
    EXPECT_INT(when_parse_date("2026-02-29", &day), -1);
    EXPECT_INT(when_parse_date("2026-1-01", &day), -1);
    int wday;
    EXPECT_INT(when_parse_day("sat", &wday), 0);
    EXPECT_INT(wday, 6);
    EXPECT_INT(when_parse_day("Sat", &wday), -1);

    /* Friday night, 22:00-02:00, until 2026-06-06 inclusive. 2026-06-05 is a Friday. */
    struct when w = when_always();
    w.set = true;
    w.days = 1u << 5;
    w.n_hours = 1;
    when_parse_hours("22:00-02:00", &w.hours[0]);
    when_parse_date("2026-06-06", &w.until_day);
    struct tz_local l = local(2026, 6, 5, 21, 59);
    EXPECT(!when_contains(&w, &l));
    l = local(2026, 6, 5, 22, 0);
    EXPECT(when_contains(&w, &l));
    l = local(2026, 6, 6, 1, 59); /* Saturday, but the range began on Friday */
    EXPECT(when_contains(&w, &l));
    l = local(2026, 6, 6, 2, 0);
    EXPECT(!when_contains(&w, &l));
    l = local(2026, 6, 12, 23, 0); /* next Friday: past until */
    EXPECT(!when_contains(&w, &l));
    l = local(2026, 6, 6, 22, 30); /* Saturday night */
    EXPECT(!when_contains(&w, &l));
    EXPECT_INT(when_week_minutes(&w), 240);

    char buf[200];
    EXPECT_STR(when_format(&w, buf, sizeof(buf)), "until=2026-06-06 days=fri hours=22:00-02:00");
    struct when always = when_always();
    EXPECT_STR(when_format(&always, buf, sizeof(buf)), "always");
    EXPECT_INT(when_week_minutes(&always), 7 * 1440);
    return test_result("test_when");
}
