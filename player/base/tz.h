/* tz: IANA time zones without process-global state.
 *
 * localtime_r() with setenv("TZ") changes the whole process and is not
 * thread-safe; this module reads one TZif file (RFC 8536) from
 * /usr/share/zoneinfo once and then converts between UTC and local time
 * with pure arithmetic: its transition table, and the POSIX TZ rule of the
 * file's footer for instants past the end of the table.
 *
 * Times are int64_t seconds. "Local seconds" count from 1970-01-01T00:00
 * local wall-clock time, as if the local clock were UTC: they make calendar
 * arithmetic simple and are what tz_local_fields() breaks down.
 *
 * A struct tz is immutable once loaded: any thread may use it. */
#ifndef SIGNAGE_TZ_H
#define SIGNAGE_TZ_H

#include <stddef.h>
#include <stdint.h>

struct tz;

/* Local wall-clock time broken down. */
struct tz_local {
    int year, month, day;     /* month 1-12, day 1-31 */
    int hour, minute, second; /* 0-23, 0-59, 0-59 */
    int wday;                 /* 0 = Sunday .. 6 = Saturday */
    int64_t days;             /* local date as days since 1970-01-01 */
    int32_t utoff_s;          /* offset of local time from UTC, east positive */
};

/* How a local time maps onto UTC. */
enum tz_fold {
    TZ_UNIQUE,    /* exactly one instant */
    TZ_AMBIGUOUS, /* twice (a fall-back hour): the earlier instant was returned */
    TZ_GAP,       /* never (a spring-forward hour): the instant as read with the
                     offset before the gap was returned, i.e. shifted forward */
};

/* Loads an IANA zone such as "America/Los_Angeles" from /usr/share/zoneinfo,
 * "" for the system's (/etc/localtime), or "UTC". Returns a zone the caller
 * frees with tz_free(), or NULL with a one-line reason in err. */
struct tz *tz_load(const char *name, char *err, size_t err_size);

/* Parses a TZif image already in memory (tests, embedded zones). name is
 * copied for messages. Returns NULL with a reason in err. */
struct tz *tz_parse(const char *name, const uint8_t *data, size_t len, char *err, size_t err_size);

/* The built-in UTC zone; never fails. Caller frees with tz_free(). */
struct tz *tz_utc(void);

/* tz_free(NULL) is a no-op. */
void tz_free(struct tz *tz);

/* The zone's name as given to tz_load ("America/Los_Angeles", "UTC",
 * "localtime"). Valid as long as tz. */
const char *tz_name(const struct tz *tz);

/* Offset of local time from UTC at the instant utc_s, east positive
 * (-25200 for PDT). */
int32_t tz_offset(const struct tz *tz, int64_t utc_s);

/* The local wall-clock time at the instant utc_s. */
struct tz_local tz_local_fields(const struct tz *tz, int64_t utc_s);

/* The instant at which the local clock reads local_s. *fold (may be NULL)
 * says whether that reading is unique, happens twice, or never. */
int64_t tz_to_utc(const struct tz *tz, int64_t local_s, enum tz_fold *fold);

/* Writes the instant utc_s as local ISO 8601 with its offset,
 * "2026-03-08T03:00:05-07:00", into buf (at least 32 bytes). Returns buf. */
char *tz_format_iso(const struct tz *tz, int64_t utc_s, char *buf, size_t size);

/* Parses "YYYY-MM-DD[THH:MM[:SS]]" (or a space for the T) as local time in tz (a time in a
 * spring-forward gap is moved forward as tz_to_utc() does), or with a
 * trailing "Z" or "+HH:MM" as that offset. Returns 0, or -1 if malformed. */
int tz_parse_iso(const struct tz *tz, const char *s, int64_t *utc_s);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tz_days_from_civil(int year, int month, int day);
void tz_civil_from_days(int64_t days, int *year, int *month, int *day);

#endif
