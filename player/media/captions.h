/* captions: timed lines of text shown over a video, from a SubRip (.srt) or
 * WebVTT (.vtt) file, or from a subtitle stream inside the video file
 * (subtitles.h fills the same list).
 *
 * Parsing is pure and strict where a mistake would show on a public screen:
 * a file that is empty, binary, not UTF-8, whose timing lines are malformed,
 * or whose captions end before they start, go backwards or overlap is
 * refused with one "file:line: message" per problem. Markup (<i>, <font>,
 * <c.class>, <v Name>, {\an8}) is removed; "&amp;"-style entities of WebVTT
 * are decoded. Times are microseconds on the video's clock (frame->pts). */
#ifndef SIGNAGE_CAPTIONS_H
#define SIGNAGE_CAPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct caption_cue {
    int64_t start_us, end_us; /* shown for start_us <= t < end_us */
    char *text;               /* UTF-8, lines joined by '\n', markup removed */
    int line;                 /* line of its timing in the file; 0 for a stream's */
};

struct captions {
    struct caption_cue *cues; /* by start time, none overlapping */
    int n, cap;
};

/* Parses len bytes of a caption file (SubRip, or WebVTT when it starts with
 * "WEBVTT") named name (for messages) into out, which must be zeroed or
 * freed. Returns 0, or -1 with one line per problem added to d; out then
 * holds the cues that were good (free it either way). */
int captions_parse(const char *name, const char *data, size_t len, struct captions *out,
                   struct diag *d);

/* Reads path and parses it as captions_parse() does, naming it name in
 * messages (NULL = path); a file that is missing, unreadable or larger
 * than 4 MiB is one line in d. */
int captions_load(const char *path, const char *name, struct captions *out, struct diag *d);

/* Appends a cue from a stream (subtitles arrive in order of start): a cue
 * still showing when a later one starts is cut there; one that starts
 * before the last is dropped. text is copied after removing its markup.
 * Returns 0, or -1 when dropped. */
int captions_add(struct captions *c, int64_t start_us, int64_t end_us, const char *text);

/* A stream cleared the screen at t_us: the cue showing then ends there. */
void captions_clear_from(struct captions *c, int64_t t_us);

/* Index of the cue showing at t_us, or -1 when none is. */
int captions_find(const struct captions *c, int64_t t_us);

/* Copies text with markup removed and entities decoded: "<i>Hi</i> &amp;
 * {\an8}bye" -> "Hi & bye"; ASS line breaks "\N" become '\n'; trailing
 * blanks of each line go. Caller frees. */
char *captions_clean_text(const char *text);

/* captions_free() of a zeroed or freed list is a no-op; c may be reused. */
void captions_free(struct captions *c);

#endif
