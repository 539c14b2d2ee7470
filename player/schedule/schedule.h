/* schedule: what plays next. Pure: (playlists, state, now) in, a pick out;
 * no I/O, the clock is passed in, so a simulated year runs in a second.
 *
 * The rules, in the order they decide (README "Scheduling"):
 *  1. Playlist: among the playlists whose `when` is open and that have an
 *     item open now, the most specific plays: the shortest date range, then
 *     the fewest open minutes per week, then the first given.
 *  2. Eligible items: those of that playlist whose `when` is open now.
 *     None: the pick is SCHEDULE_FALLBACK (the built-in hotline slide).
 *  3. `every`: an eligible item that would otherwise next start later than
 *     `every` seconds after its last start (or after its window opened) is
 *     picked now; of several, the earliest deadline. Such a play comes on
 *     top of the rotation and leaves it unchanged. Two forced plays never
 *     follow each other: the play after one is the rotation's, so an item
 *     longer than its `every`, or several due at once, cannot stop the
 *     rotation (a guarantee may then come one play late). Deadlines run on
 *     the monotonic clock (base/clock.h): a step of the wall clock moves
 *     dayparts, never the `every` guarantee.
 *  4. `priority`: only the eligible items of the highest priority rotate;
 *     the lower ones keep their place and resume where they were.
 *  5. `weight`: smooth weighted round-robin (as nginx does) among those, so
 *     each item's share of plays follows its weight and its plays are
 *     spread out, not bunched.
 *  6. Language: each showing of an item takes its next language variant, in
 *     the playlist's language order.
 * Local time comes from the struct tz given, so dayparts follow the wall
 * clock across daylight-saving changes.
 *
 * Not thread-safe: one thread (the play loop, or the dry run) owns it. */
#ifndef SIGNAGE_SCHEDULE_H
#define SIGNAGE_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/playlist.h"
#include "base/clock.h"
#include "base/tz.h"

#define SCHEDULE_FALLBACK         (-1)  /* pick.item when nothing is eligible */
#define SCHEDULE_ASSUMED_VIDEO_MS 30000 /* a video's length until it is known */

enum schedule_reason {
    SCHEDULE_ROTATION, /* its turn by weight */
    SCHEDULE_EVERY,    /* its `every` guarantee was due */
    SCHEDULE_NOTHING,  /* nothing eligible: the fallback slide */
};

struct schedule_pick {
    int playlist; /* index into the playlists given to schedule_create() */
    int item;     /* index into that playlist's items, or SCHEDULE_FALLBACK */
    int variant;  /* index into that item's variants */
    enum schedule_reason reason;
};

struct schedule;

/* Schedules the n playlists pls (not owned; they must outlive s) in zone tz
 * (not owned). n >= 1. Caller frees with schedule_free(). */
struct schedule *schedule_create(const struct playlist *const *pls, int n, const struct tz *tz);

/* schedule_free(NULL) is a no-op. */
void schedule_free(struct schedule *s);

/* Carries the rotation, language and `every` state of every item that old
 * also schedules (same playlist path, same item id) over to s, so that a
 * reloaded playlist resumes where the old one was. */
void schedule_adopt(struct schedule *s, const struct schedule *old);

/* Tells s how long an item is on screen (a probed video length); until
 * told, a video without `duration` counts as SCHEDULE_ASSUMED_VIDEO_MS. */
void schedule_set_length(struct schedule *s, int playlist, int item, int64_t length_ms);

/* How long pick is expected to be on screen, in ms; fallback_ms for the
 * fallback slide. */
int64_t schedule_duration_ms(const struct schedule *s, const struct schedule_pick *pick,
                             int64_t fallback_ms);

/* What would go on screen at `at`: dayparts are read on at.wall_ms, `every`
 * deadlines on at.mono_ms. Does not change s: call schedule_played_at()
 * when it actually starts. Asking again with the same state and time gives
 * the same answer. */
struct schedule_pick schedule_next_at(const struct schedule *s, struct clock_now at);

/* Records that pick went on screen at `at`: advances its rotation, its
 * language and its `every` clock. */
void schedule_played_at(struct schedule *s, const struct schedule_pick *pick, struct clock_now at);

/* True when, at `at`, an eligible item with `interrupt = true` has a
 * higher priority than showing (the fallback counts as the lowest): the
 * caller should cut showing short and ask schedule_next_at() again. */
bool schedule_interrupts_at(const struct schedule *s, const struct schedule_pick *showing,
                            struct clock_now at);

/* The same with one UTC ms reading standing for both clocks (the play loop
 * until it reads both). */
struct schedule_pick schedule_next(const struct schedule *s, int64_t start_ms);
void schedule_played(struct schedule *s, const struct schedule_pick *pick, int64_t start_ms);
bool schedule_interrupts(const struct schedule *s, const struct schedule_pick *showing,
                         int64_t now_ms);

/* The playlist and item of a pick; NULL for the fallback. */
const struct item *schedule_item(const struct schedule *s, const struct schedule_pick *pick);
const struct playlist *schedule_playlist(const struct schedule *s, int playlist);
int schedule_n_playlists(const struct schedule *s);

#endif
