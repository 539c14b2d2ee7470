/* tz: known transitions, gaps and overlaps, the footer rule past the table,
 * and every hour from 1970 to 2060 compared with the C library's own
 * conversion (the test may set TZ: it is one thread; the player never does). */
#include <stdlib.h>
#include <time.h>

#include "testlib.h"
#include "base/tz.h"

static int64_t utc(int y, int mo, int d, int h, int mi)
{
    return tz_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static struct tz *load(const char *name)
{
    char err[256] = "";
    struct tz *tz = tz_load(name, err, sizeof(err));
    if (!tz)
        fprintf(stderr, "%s\n", err);
    EXPECT(tz != NULL);
    return tz;
}

static void test_los_angeles(void)
{
    struct tz *tz = load("America/Los_Angeles");
    if (!tz)
        return;
    /* Spring forward: 2026-03-08 02:00 PST = 10:00Z becomes 03:00 PDT. */
    EXPECT_INT(tz_offset(tz, utc(2026, 3, 8, 10, 0) - 1), -8 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 3, 8, 10, 0)), -7 * 3600);
    struct tz_local l = tz_local_fields(tz, utc(2026, 3, 8, 10, 0));
    EXPECT_INT(l.hour, 3);
    EXPECT_INT(l.day, 8);
    EXPECT_INT(l.wday, 0);
    enum tz_fold fold;
    EXPECT_INT(tz_to_utc(tz, utc(2026, 3, 8, 2, 30), &fold), utc(2026, 3, 8, 10, 30));
    EXPECT_INT(fold, TZ_GAP);
    EXPECT_INT(tz_to_utc(tz, utc(2026, 3, 8, 1, 59), &fold), utc(2026, 3, 8, 9, 59));
    EXPECT_INT(fold, TZ_UNIQUE);
    EXPECT_INT(tz_to_utc(tz, utc(2026, 3, 8, 3, 0), &fold), utc(2026, 3, 8, 10, 0));
    EXPECT_INT(fold, TZ_UNIQUE);

    /* Fall back: 2026-11-01 02:00 PDT = 09:00Z becomes 01:00 PST. */
    EXPECT_INT(tz_offset(tz, utc(2026, 11, 1, 9, 0) - 1), -7 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 11, 1, 9, 0)), -8 * 3600);
    EXPECT_INT(tz_to_utc(tz, utc(2026, 11, 1, 1, 30), &fold), utc(2026, 11, 1, 8, 30));
    EXPECT_INT(fold, TZ_AMBIGUOUS);
    l = tz_local_fields(tz, utc(2026, 11, 1, 9, 30));
    EXPECT_INT(l.hour, 1);
    EXPECT_INT(l.minute, 30);
    EXPECT_INT(l.utoff_s, -8 * 3600);

    /* Past the table (2037): the footer rule PST8PDT,M3.2.0,M11.1.0. */
    EXPECT_INT(tz_offset(tz, utc(2040, 3, 11, 10, 0) - 1), -8 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2040, 3, 11, 10, 0)), -7 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2040, 11, 4, 9, 0) - 1), -7 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2040, 11, 4, 9, 0)), -8 * 3600);
    tz_free(tz);
}

static void test_sydney(void)
{
    struct tz *tz = load("Australia/Sydney");
    if (!tz)
        return;
    /* DST ends 2026-04-05 03:00 AEDT = 2026-04-04T16:00Z, clocks back to 02:00. */
    EXPECT_INT(tz_offset(tz, utc(2026, 4, 4, 16, 0) - 1), 11 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 4, 4, 16, 0)), 10 * 3600);
    /* DST starts 2026-10-04 02:00 AEST = 2026-10-03T16:00Z, clocks on to 03:00. */
    EXPECT_INT(tz_offset(tz, utc(2026, 10, 3, 16, 0) - 1), 10 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 10, 3, 16, 0)), 11 * 3600);
    enum tz_fold fold;
    tz_to_utc(tz, utc(2026, 10, 4, 2, 30), &fold);
    EXPECT_INT(fold, TZ_GAP);
    tz_to_utc(tz, utc(2026, 4, 5, 2, 30), &fold);
    EXPECT_INT(fold, TZ_AMBIGUOUS);
    /* Southern summer spans the new year: January is DST, July is not. */
    EXPECT_INT(tz_offset(tz, utc(2041, 1, 15, 0, 0)), 11 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2041, 7, 15, 0, 0)), 10 * 3600);
    tz_free(tz);
}

/* A TZif v2 file with no transitions at all: only the footer rule decides. */
static void test_footer_only(void)
{
    static const char footer[] = "\nAEST-10AEDT,M10.1.0,M4.1.0/3\n";
    uint8_t buf[256] = {0};
    size_t n = 0;
    for (int part = 0; part < 2; part++) {
        memcpy(buf + n, "TZif2", 5);
        buf[n + 39] = 1; /* typecnt = 1 */
        buf[n + 43] = 5; /* charcnt = 5 */
        n += 44;
        buf[n + 0] = 0x00; /* utoff 36000 */
        buf[n + 1] = 0x00;
        buf[n + 2] = 0x8c;
        buf[n + 3] = 0xa0;
        n += 6;
        memcpy(buf + n, "AEST", 5);
        n += 5;
    }
    memcpy(buf + n, footer, sizeof(footer) - 1);
    n += sizeof(footer) - 1;
    char err[128] = "";
    struct tz *tz = tz_parse("slim", buf, n, err, sizeof(err));
    EXPECT_STR(err, "");
    EXPECT(tz != NULL);
    if (!tz)
        return;
    EXPECT_INT(tz_offset(tz, utc(2026, 4, 4, 16, 0) - 1), 11 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 4, 4, 16, 0)), 10 * 3600);
    EXPECT_INT(tz_offset(tz, utc(2026, 10, 3, 16, 0)), 11 * 3600);
    tz_free(tz);

    EXPECT(tz_parse("junk", (const uint8_t *)"TZif", 4, err, sizeof(err)) == NULL);
    EXPECT_STR(err, "junk: not a TZif file");
}

/* Every hour from 1970 to 2060 agrees with glibc's localtime_r. */
static void test_against_libc(const char *zone)
{
    struct tz *tz = load(zone);
    if (!tz)
        return;
    setenv("TZ", zone, 1);
    tzset();
    int bad = 0;
    for (int64_t t = 0; t < utc(2060, 1, 1, 0, 0) && bad < 5; t += 3600 - 7) {
        time_t tt = (time_t)t;
        struct tm tm;
        localtime_r(&tt, &tm);
        struct tz_local l = tz_local_fields(tz, t);
        if (l.utoff_s != tm.tm_gmtoff || l.hour != tm.tm_hour || l.day != tm.tm_mday ||
            l.wday != tm.tm_wday) {
            fprintf(stderr, "%s at %lld: ours %+d %02d:%02d, libc %+ld %02d:%02d\n", zone,
                    (long long)t, l.utoff_s, l.hour, l.minute, tm.tm_gmtoff, tm.tm_hour, tm.tm_min);
            bad++;
        }
    }
    EXPECT_INT(bad, 0);
    unsetenv("TZ");
    tz_free(tz);
}

static void test_names(void)
{
    char err[256] = "";
    EXPECT(tz_load("Nowhere/Atlantis", err, sizeof(err)) == NULL);
    EXPECT(strstr(err, "unknown time zone \"Nowhere/Atlantis\"") != NULL);
    EXPECT(tz_load("../../etc/passwd", err, sizeof(err)) == NULL);
    struct tz *tz = load("UTC");
    if (tz)
        EXPECT_INT(tz_offset(tz, utc(2026, 7, 1, 0, 0)), 0);
    tz_free(tz);
    tz = load("");
    EXPECT(tz != NULL);
    tz_free(tz);
}

int main(void)
{
    int y, m, d;
    tz_civil_from_days(tz_days_from_civil(2024, 2, 29), &y, &m, &d);
    EXPECT(y == 2024 && m == 2 && d == 29);
    EXPECT_INT(tz_days_from_civil(1970, 1, 1), 0);
    EXPECT_INT(tz_days_from_civil(1969, 12, 31), -1);
    test_los_angeles();
    test_sydney();
    test_footer_only();
    test_names();
    test_against_libc("America/Los_Angeles");
    test_against_libc("Australia/Sydney");
    test_against_libc("Europe/Berlin");
    test_against_libc("America/Sao_Paulo");
    test_against_libc("Asia/Kolkata");
    return test_result("test_tz");
}
