/* playlist: a libconfig playlist file -> an immutable, validated struct playlist.
 *
 * The format is documented in README.md ("Playlists"). Each item has one
 * kind of content (video, image or slide), given once or as language
 * variants; variants are stored in the playlist's language order, so that
 * rotating languages is rotating variant indexes. */
#ifndef SIGNAGE_PLAYLIST_H
#define SIGNAGE_PLAYLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "config/settings.h"
#include "base/util.h"
#include "config/when.h"

enum item_kind { ITEM_VIDEO, ITEM_IMAGE, ITEM_SLIDE };

/* What the ledger calls a play: paid or donated ad, the legal notice, filler,
 * an emergency alert (alerts/), or a view of a kiosk page (kiosk/tally.h);
 * the last two are never items of a playlist. */
enum play_kind { PLAY_AD, PLAY_NOTICE, PLAY_FILLER, PLAY_ALERT, PLAY_INTERACTION };

struct slide_text {
    char *title;         /* may be NULL */
    char *body;          /* may be NULL; "\n" starts a new paragraph */
    uint32_t background; /* 0xRRGGBB */
    uint32_t color;      /* text colour, 0xRRGGBB */
    char *qr;            /* QR code contents (URL, "sms:..."), NULL = none */
};

struct variant {
    char *lang;              /* language tag, "" when the item has one value */
    char *media;             /* video or image: resolved path; NULL for slides */
    char *media_as_written;  /* the path as the playlist wrote it, for messages; for
                                the notice, the text file shown */
    char *sha256;            /* the notice's text file: its SHA-256 in hex, else NULL */
    struct slide_text slide; /* slides only */
    const char *file;        /* where it was written: the playlist's or an included file */
    int line;
    char *captions;            /* videos: caption file for this language, resolved; NULL = none */
    char *captions_as_written; /* as the playlist wrote it, for messages */
    int captions_line;         /* where it was written */
};

struct item {
    char *id;
    char *campaign;
    enum item_kind kind;
    enum play_kind play_kind;
    struct variant *variants; /* in rotation order; at least one */
    int n_variants;
    int64_t duration_ms; /* 0 = a video's own length */
    enum fit_mode fit;
    double weight;    /* share of voice, > 0 */
    double every_s;   /* shown at least this often, 0 = no guarantee */
    int priority;     /* higher interrupts the rotation */
    bool interrupt;   /* interrupt at once instead of at the item boundary */
    struct when when; /* plays only inside this window (see when.h) */
    bool notice;      /* the legal notice: variants name languages, their text
                         comes from the notice folder (notice.h) */
    const char *file; /* where it was written (in the playlist's files), NULL = made up */
    int line;
};

/* The hotline band: one line at the bottom of the screen, one text per
 * language, cycling. */
struct band_text {
    char *lang; /* "" when one text serves every language */
    char *text;
};

struct playlist {
    char *path;
    char **files; /* path and the files it @includes, which items point into */
    int n_files;
    char *name;
    char *campaign;
    char **languages; /* rotation order; may be empty */
    int n_languages;
    enum fit_mode fit;
    struct when when; /* the whole playlist's window, when several are scheduled */
    struct item *items;
    int n_items;
    struct band_text *band; /* NULL = no band */
    int n_band;
};

/* Loads and validates path. Media paths are resolved against the playlist's
 * folder, then against media_root (may be NULL or ""). Files are not opened
 * here: see check.h for probing them.
 * Returns a playlist owned by the caller, or NULL after adding one
 * "file:line: item "id": setting: message" line per problem to d. */
struct playlist *playlist_load(const char *path, const char *media_root, enum fit_mode default_fit,
                               struct diag *d);

/* Frees what one item owns (its variants, texts, paths) and zeroes it. */
void playlist_item_free(struct item *it);

/* playlist_free(NULL) is a no-op. */
void playlist_free(struct playlist *pl);

/* Appends it to pl, taking what it owns (it is left zeroed). */
void playlist_add_item(struct playlist *pl, struct item *it);

/* The band's text when a playlist says just "band = true;". */
#define PLAYLIST_BAND_DEFAULT                                                                      \
    "Human Trafficking Hotline: call 1-888-373-7888 \u00b7 text 233733 \u00b7 24/7, confidential"

/* Index of the item with this id, or -1. */
int playlist_find(const struct playlist *pl, const char *id);

const char *item_kind_name(enum item_kind kind);
const char *play_kind_name(enum play_kind kind);

#endif
