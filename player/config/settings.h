/* settings: the player config (libconfig) -> struct settings.
 *
 * Every setting is one row of a table in settings.c (name, type, range,
 * default); config/player.cfg documents each of them. */
#ifndef SIGNAGE_SETTINGS_H
#define SIGNAGE_SETTINGS_H

#include <libconfig.h>
#include <stdbool.h>

#include "config/audience.h"
#include "config/when.h"
#include "base/util.h"

enum fit_mode { FIT_LETTERBOX, FIT_FILL, FIT_STRETCH };

#define SETTINGS_NUMBERS_MAX 24

/* A setting that is one number or a list of them. */
struct setting_numbers {
    int n; /* 0 = not set */
    double v[SETTINGS_NUMBERS_MAX];
};

struct settings {
    char *path;        /* the config file read, or NULL for built-in defaults */
    char *screen_id;   /* names this screen in play records */
    char *playlist;    /* playlist played when none is given; resolved path */
    char **playlists;  /* more playlists scheduled by their `when`; resolved, NULL-ended */
    char *media_root;  /* second place media paths are looked up; resolved */
    char *ledger;      /* proof-of-play SQLite file; resolved path */
    char *log_level;   /* error | warn | info | debug */
    char *timezone;    /* IANA name, "" for the system's */
    int display_index; /* which monitor, 0-based */
    int rotation;      /* 0, 90, 180 or 270 degrees clockwise */
    int width_mm;      /* physical size, 0 = unknown */
    int height_mm;
    bool vsync;         /* present at the display's refresh */
    char *renderer;     /* "" = SDL's choice, or an SDL render driver name */
    char *hwdec;        /* hardware decoding: auto | vaapi | v4l2m2m | none */
    char *hwdec_device; /* VA-API render node, "" = the first that opens */
    char *fit;          /* default fit of every item: letterbox | fill | stretch */
    char *font;         /* font family preferred for slides, "" = by language */
    double fallback_s;  /* how long the built-in hotline slide shows when nothing plays */
    struct setting_numbers audience_per_hour; /* people per hour: 1 value or 24 by hour */
    char *audience_method;                    /* prorated | dwell */
    /* the legal notice (notice.h) */
    char *notice_mode;        /* off | zone | slot */
    char **notice_languages;  /* language tags in display order, NULL-ended */
    char *notice_dir;         /* folder of the laws' folders (notice_law.h); resolved */
    char *notice_law;         /* the law whose rules and texts apply: "us-ca", ... */
    char *notice_qr;          /* QR code on the notice, "" = none */
    char *notice_position;    /* zone mode: auto | right | bottom */
    double notice_every_s;    /* slot mode: shown at least this often */
    double notice_duration_s; /* slot mode: on screen this long each time */
    double notice_cycle_s;    /* zone mode: seconds per language */
    /* content bundles fetched from a web server (fleet/fetch.h) */
    char *content_url;        /* the bundle's folder URL, "" = no fetching */
    char *content_public_key; /* Ed25519 public key, base64 (KEYFILE.pub) */
    char *content_dir;        /* where bundles are kept on this screen; resolved */
    char *content_group;      /* picks the playlist in bundle.cfg's groups, "" = none */
    double content_every_s;   /* seconds between polls of the manifest */
    int content_max_kbps;     /* download rate cap, kilobits per second, 0 = none */
    /* the appliance (player/device/) */
    char *video_driver;       /* display.driver: auto | kmsdrm | x11 | wayland */
    char *status_file;        /* JSON status for `signage status`; "" = beside the ledger */
    char **screen_on;         /* screen.on: hour ranges the panel is lit, NULL-ended; [] = always */
    char **screen_days;       /* screen.days: days those hours apply, NULL-ended; [] = every day */
    struct when screen_when;  /* screen.on and screen.days read; not set = always on */
    char *screen_off_command; /* run (sh -c) when the panel goes dark, "" = none */
    char *screen_on_command;  /* run when it lights again, "" = none */
    bool screen_dpms;         /* put the panel to sleep with DPMS where the driver can */
    double shots_every_s;     /* screenshots.every: seconds between screenshots, 0 = none */
    char *shots_dir;          /* screenshots.dir; "" = "screenshots" beside the ledger */
    int shots_keep;           /* screenshots.keep: the newest this many are kept */
    bool kiosk;               /* the file has a kiosk group (read by kiosk/flow.h) */
    /* emergency alerts (alerts/) */
    char *alerts_feed;                   /* URL, folder or file of CAP messages; "" = off */
    double alerts_every_s;               /* how often the feed is read */
    char **alerts_geocodes;              /* the screen's area, "SAME:006075"; NULL-ended */
    struct setting_numbers alerts_point; /* [lat, lon] of the screen, n = 0 when not given */
    char *alerts_min_severity;           /* Extreme | Severe | Moderate | Minor | Unknown */
    char *alerts_min_urgency;            /* Immediate | Expected | Future | Past | Unknown */
    bool alerts_show_tests;              /* Exercise and Test messages too */
    double alerts_cycle_s;               /* seconds per language of an alert */
    /* the central database of a fleet's plays (fleet/shipper.h) */
    char *central_url;      /* postgresql://..., "" = plays stay on the screen */
    double central_every_s; /* between pushes */
    /* sound and captions (media/audio.h, media/captions.h) */
    bool audio_enabled;        /* play the sound of videos; off: the audio is not even decoded */
    double audio_volume;       /* 0..1 */
    char **audio_quiet;        /* local hour ranges "22:00-07:00", NULL-ended; checked on load */
    double audio_quiet_volume; /* volume in the quiet hours, 0 = muted */
    char *captions_show;       /* always | when_muted | never */
};

/* Fills s with the defaults of every setting. Paths are relative to the
 * current directory. Caller releases with settings_free(). */
void settings_defaults(struct settings *s);

/* Reads path over the defaults. Relative paths inside the file are resolved
 * against the file's folder. On any problem returns -1, adds one
 * "file:line: setting: message" line per problem to d, and leaves s with
 * defaults for the bad settings (s must still be freed). */
int settings_load(struct settings *s, const char *path, struct diag *d);

/* The status file: status_file, or "status.json" in the folder of ledger
 * (the ledger played into; NULL = the config's). Caller frees. */
char *settings_status_path(const struct settings *s, const char *ledger);

/* The screenshot folder: shots_dir, or "screenshots" in the folder of
 * ledger (NULL = the config's). Caller frees. */
char *settings_shots_dir(const struct settings *s, const char *ledger);

/* Frees what s owns; s may then be reused with settings_defaults(). */
void settings_free(struct settings *s);

/* The audience figures of s for impression counts; n_per_hour is 0 when the
 * config has none. */
void settings_audience(const struct settings *s, struct audience *au);

/* A libconfig integer or float setting as a number: true and *v set, or
 * false when c is not a number. For modules that read groups of their own. */
bool settings_number_of(const config_setting_t *c, double *v);

/* Parses "letterbox", "fill" or "stretch". Returns 0 or -1. */
int fit_mode_parse(const char *name, enum fit_mode *out);
const char *fit_mode_name(enum fit_mode fit);

#endif
