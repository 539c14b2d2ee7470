#include "screen/notice.h"

#include <errno.h>
#include <fcntl.h>
#include <libavutil/mem.h>
#include <libavutil/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "screen/slide.h"

#define MAX_TEXT_BYTES     65536
#define NOTICE_ZONE_SHORT  85 /* 8.5 : 11, in tenths of an inch */
#define NOTICE_ZONE_LONG   110
#define MIN_ROTATION_SHARE 40 /* percent of the screen's long side kept for the rotation */

static const char *const mode_names[] = {"off", "zone", "slot"};

enum notice_mode notice_mode_of(const struct settings *s)
{
    for (int i = 0; i < 3; i++)
        if (s->notice_mode && strcmp(s->notice_mode, mode_names[i]) == 0)
            return (enum notice_mode)i;
    return NOTICE_OFF;
}

bool notice_used(const struct settings *s, struct playlist *const *pls, int n)
{
    bool used = notice_mode_of(s) != NOTICE_OFF;
    for (int p = 0; p < n && !used; p++)
        for (int i = 0; i < pls[p]->n_items && !used; i++)
            used = pls[p]->items[i].notice;
    return used;
}

int notice_load_law(const struct settings *s, struct notice_law *law, struct diag *d)
{
    return notice_law_load(law, s->notice_dir, s->notice_law, s->path, d);
}

/* Appends src to the growing string *dst. */
static void append(char **dst, size_t *len, const char *src)
{
    size_t n = strlen(src);
    *dst = xrealloc(*dst, *len + n + 1);
    memcpy(*dst + *len, src, n + 1);
    *len += n;
}

static char *sha256_hex(const uint8_t *data, size_t n)
{
    struct AVSHA *sha = av_sha_alloc();
    uint8_t sum[32];
    av_sha_init(sha, 256);
    av_sha_update(sha, data, n);
    av_sha_final(sha, sum);
    av_free(sha);
    char *hex = xcalloc(65, 1);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", sum[i]);
    return hex;
}

/* The whole of path, a regular file of at most MAX_TEXT_BYTES, NUL-ended
 * (a FIFO or /dev/zero would hang the player). NULL with why in err. */
static char *read_small_file(const char *path, size_t *len, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    char *buf = NULL;
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "not a regular file");
    } else if (st.st_size > MAX_TEXT_BYTES) {
        snprintf(err, errlen, "%lld bytes, more than a notice's %d", (long long)st.st_size,
                 MAX_TEXT_BYTES);
    } else {
        buf = xcalloc((size_t)st.st_size + 1, 1);
        ssize_t n = read(fd, buf, (size_t)st.st_size);
        if (n != st.st_size) {
            snprintf(err, errlen, "cannot read: %s", n < 0 ? strerror(errno) : "short read");
            free(buf);
            buf = NULL;
        }
        *len = (size_t)st.st_size;
    }
    close(fd);
    return buf;
}

int notice_file_info(const char *path, char **sha256, char **notes, char *err, size_t errlen)
{
    size_t size = 0, len = 0;
    char *text = read_small_file(path, &size, err, errlen);
    if (!text)
        return -1;
    *sha256 = sha256_hex((const uint8_t *)text, size);
    *notes = NULL;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        if (line[0] != '#')
            continue;
        const char *t = line + 1 + (line[1] == ' ');
        if (*notes)
            append(notes, &len, " ");
        append(notes, &len, t);
    }
    if (!*notes)
        *notes = xstrdup("");
    free(text);
    return 0;
}

char *notice_read_text(const char *dir, const char *lang, char **path_out, char **sha256,
                       struct diag *d)
{
    char *path = xasprintf("%s/%s.txt", dir, lang);
    char *body = NULL, err[128];
    size_t len = 0, size = 0;
    bool para_open = false, blank = false;
    char *text = read_small_file(path, &size, err, sizeof(err));
    if (!text) {
        diag_add(d, "%s: notice text for \"%s\": %s (see media/notice/SOURCES.md to add one)", path,
                 lang, err);
        goto out;
    }
    char *sum = sha256_hex((const uint8_t *)text, size); /* of the file as it is */
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '#')
            continue;
        char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        if (!*t) {
            blank = true;
            continue;
        }
        bool item = t[0] == '-' && t[1] == ' ';
        if (para_open && blank) /* an empty line between paragraphs, as on paper */
            append(&body, &len, "\n\n");
        else if (para_open && item)
            append(&body, &len, "\n");
        else if (para_open)
            append(&body, &len, " ");
        append(&body, &len, item ? "\u2022 " : "");
        append(&body, &len, item ? t + 2 : t);
        para_open = true;
        blank = false;
    }
    if (!body) {
        diag_add(d, "%s: notice text for \"%s\" is empty", path, lang);
    } else {
        if (sha256)
            *sha256 = xstrdup(sum);
        if (path_out)
            *path_out = xstrdup(path);
    }
    free(sum);
out:
    free(text);
    free(path);
    return body;
}

int notice_fill_item(struct item *it, const struct notice_law *law, const char *qr, struct diag *d)
{
    int rc = 0;
    for (int i = 0; i < it->n_variants; i++) {
        struct variant *v = &it->variants[i];
        if (!v->slide.body && !law->dir) {
            rc = -1; /* the law did not load: said where it was read */
        } else if (!v->slide.body) {
            free(v->media_as_written);
            free(v->sha256);
            v->media_as_written = v->sha256 = NULL;
            v->slide.body =
                notice_read_text(law->dir, v->lang, &v->media_as_written, &v->sha256, d);
            if (!v->slide.body)
                rc = -1;
        }
        if (!v->slide.qr && qr && qr[0])
            v->slide.qr = xstrdup(qr);
    }
    return rc;
}

int notice_build_item(const struct settings *s, const struct notice_law *law, struct item *it,
                      struct diag *d)
{
    memset(it, 0, sizeof(*it));
    it->id = xstrdup("notice");
    it->campaign = xstrdup("notice");
    it->kind = ITEM_SLIDE;
    it->play_kind = PLAY_NOTICE;
    it->notice = true;
    it->weight = 1.0;
    it->fit = FIT_STRETCH;
    it->every_s = s->notice_every_s;
    it->duration_ms = (int64_t)(s->notice_duration_s * 1000.0 + 0.5);
    int n = 0;
    while (s->notice_languages[n])
        n++;
    it->variants = xcalloc((size_t)(n ? n : 1), sizeof(struct variant));
    for (int i = 0; i < n; i++) {
        struct variant *v = &it->variants[it->n_variants++];
        v->lang = xstrdup(s->notice_languages[i]);
        v->slide.background = 0xffffff;
        v->slide.color = 0x111111;
    }
    if (it->n_variants == 0) {
        diag_add(d, "%s: notice.languages: needs at least one language",
                 s->path ? s->path : "config");
        return -1;
    }
    return notice_fill_item(it, law, s->notice_qr, d);
}

int notice_fill_playlist(struct playlist *pl, const struct settings *s,
                         const struct notice_law *law, struct diag *d)
{
    int rc = 0;
    for (int i = 0; i < pl->n_items; i++) {
        struct item *it = &pl->items[i];
        if (!it->notice)
            continue;
        if (it->every_s == 0) /* a notice item always has a guaranteed share */
            it->every_s = s->notice_every_s;
        if (notice_fill_item(it, law, s->notice_qr, d) != 0)
            rc = -1;
    }
    return rc;
}

int notice_setup(struct playlist *pl, const struct settings *s, const struct notice_law *law,
                 struct item *zone_item, struct diag *d)
{
    int rc = notice_fill_playlist(pl, s, law, d);
    enum notice_mode mode = notice_mode_of(s);
    memset(zone_item, 0, sizeof(*zone_item));
    if (mode == NOTICE_OFF)
        return rc;
    struct item it;
    if (notice_build_item(s, law, &it, d) != 0)
        rc = -1;
    if (mode == NOTICE_SLOT)
        playlist_add_item(pl, &it);
    else
        *zone_item = it;
    return rc;
}

SDL_Texture **notice_render_zone(SDL_Renderer *rr, struct fonts *fonts, const struct item *it,
                                 const SDL_Rect *box, int px, double mm_per_px)
{
    SDL_Texture **tex = xcalloc((size_t)it->n_variants + 1, sizeof(*tex));
    struct slide_opts so = {.max_px = px, .mm_per_px = mm_per_px};
    for (int v = 0; v < it->n_variants; v++) {
        const struct variant *var = &it->variants[v];
        if (var->slide.body)
            tex[v] = slide_render(rr, fonts, &var->slide, var->lang, box->w, box->h, &so);
    }
    return tex;
}

void notice_free_zone(SDL_Texture **tex, int n)
{
    for (int v = 0; tex && v < n; v++)
        if (tex[v])
            SDL_DestroyTexture(tex[v]);
    free(tex);
}

int notice_log_size(struct fonts *fonts, const struct item *it, const SDL_Rect *box,
                    double mm_per_px, const struct notice_law *law)
{
    struct notice_size ns;
    if (notice_measure(fonts, it, box->w, box->h, mm_per_px, &ns) != 0)
        return 0;
    log_info("notice: %dx%d px, text %d px; on screen %.1f x %.1f in, type %.1f pt", box->w, box->h,
             ns.type_px, ns.w_in, ns.h_in, ns.type_pt);
    struct diag d = {0};
    notice_check_size(&ns, law, "notice", &d);
    notice_check_languages(it, law, "notice", &d);
    for (int i = 0; i < d.n_lines; i++) /* log_warn() says "warning" itself */
        log_warn("%s", d.lines[i] + (strncmp(d.lines[i], "warning: ", 9) == 0 ? 9 : 0));
    diag_free(&d);
    return ns.type_px;
}

void notice_zone_split(const SDL_Rect *all, const char *position, SDL_Rect *rotation,
                       SDL_Rect *zone)
{
    bool right = position && strcmp(position, "right") == 0;
    if (!position || strcmp(position, "auto") == 0)
        right = all->w >= all->h;
    *rotation = *all;
    *zone = *all;
    if (right) { /* a portrait sheet, full height */
        int zw = all->h * NOTICE_ZONE_SHORT / NOTICE_ZONE_LONG;
        if (zw > all->w * (100 - MIN_ROTATION_SHARE) / 100)
            zw = all->w * (100 - MIN_ROTATION_SHARE) / 100;
        zone->x = all->x + all->w - zw;
        zone->w = zw;
        rotation->w = all->w - zw;
    } else { /* a landscape sheet, full width */
        int zh = all->w * NOTICE_ZONE_SHORT / NOTICE_ZONE_LONG;
        if (zh > all->h * (100 - MIN_ROTATION_SHARE) / 100)
            zh = all->h * (100 - MIN_ROTATION_SHARE) / 100;
        zone->y = all->y + all->h - zh;
        zone->h = zh;
        rotation->h = all->h - zh;
    }
}

void notice_plan_screen(int w, int h, bool band, bool zone, const char *position,
                        struct screen_plan *out)
{
    SDL_Rect all = {0, 0, w, h};
    memset(out, 0, sizeof(*out));
    if (band) {
        int bh = (w < h ? w : h) / 14;
        out->band = (SDL_Rect){0, h - bh, w, bh};
        all.h -= bh;
    }
    out->rotation = all;
    if (zone)
        notice_zone_split(&all, position, &out->rotation, &out->zone);
}

double notice_mm_per_px(const struct settings *s, int w, int h, double dpi)
{
    bool turned = s->rotation == 90 || s->rotation == 270;
    int panel_w = turned ? h : w, panel_h = turned ? w : h;
    if (s->width_mm > 0 && panel_w > 0)
        return (double)s->width_mm / panel_w;
    if (s->height_mm > 0 && panel_h > 0)
        return (double)s->height_mm / panel_h;
    if (dpi > 0)
        return 25.4 / dpi;
    return 0;
}

int notice_measure(struct fonts *fonts, const struct item *it, int box_w, int box_h,
                   double mm_per_px, struct notice_size *out)
{
    memset(out, 0, sizeof(*out));
    out->box_w = box_w;
    out->box_h = box_h;
    struct slide_opts o = {.mm_per_px = mm_per_px};
    for (int i = 0; i < it->n_variants; i++) {
        const struct variant *v = &it->variants[i];
        if (!v->slide.body)
            continue;
        int px = slide_fit_px(fonts, &v->slide, v->lang, box_w, box_h, &o);
        if (px < 0)
            return -1;
        if (!out->type_px || px < out->type_px)
            out->type_px = px;
    }
    if (mm_per_px > 0) {
        out->w_in = box_w * mm_per_px / 25.4;
        out->h_in = box_h * mm_per_px / 25.4;
        out->type_pt = out->type_px * mm_per_px / 25.4 * 72.0;
    }
    return 0;
}

int notice_measure_panel(struct fonts *fonts, const struct settings *s, const struct item *it,
                         int panel_w, int panel_h, bool band, struct notice_size *out)
{
    bool turned = s->rotation == 90 || s->rotation == 270;
    int w = turned ? panel_h : panel_w, h = turned ? panel_w : panel_h;
    bool zone = notice_mode_of(s) == NOTICE_ZONE;
    struct screen_plan sp;
    notice_plan_screen(w, h, band, zone, s->notice_position, &sp);
    SDL_Rect box = zone ? sp.zone : sp.rotation;
    return notice_measure(fonts, it, box.w, box.h, notice_mm_per_px(s, w, h, 0), out);
}

int notice_check_size(const struct notice_size *ns, const struct notice_law *law, const char *where,
                      struct diag *d)
{
    bool sized = law->min_width_in > 0 || law->min_height_in > 0 || law->min_type_pt > 0;
    if (!sized)
        return 0; /* the law sets no size ("clearly legible") */
    if (ns->w_in <= 0) {
        diag_add(d,
                 "warning: %s: the screen's physical size is unknown, so the notice's size "
                 "cannot be checked (set display.width_mm and display.height_mm)",
                 where);
        return 1;
    }
    int n = 0;
    double s = ns->w_in < ns->h_in ? ns->w_in : ns->h_in;
    double l = ns->w_in < ns->h_in ? ns->h_in : ns->w_in;
    double min_s = law->min_width_in < law->min_height_in ? law->min_width_in : law->min_height_in;
    double min_l = law->min_width_in < law->min_height_in ? law->min_height_in : law->min_width_in;
    if (s < min_s || l < min_l) {
        diag_add(d,
                 "warning: %s: the notice is %.1f x %.1f in on screen, under the %g x %g in "
                 "%s requires",
                 where, ns->w_in, ns->h_in, min_s, min_l, law->name);
        n++;
    }
    if (ns->type_pt < law->min_type_pt) {
        diag_add(d,
                 "warning: %s: the notice's type is %.1f pt on screen, under the %g pt %s "
                 "requires",
                 where, ns->type_pt, law->min_type_pt, law->name);
        n++;
    }
    return n;
}

int notice_check_languages(const struct item *it, const struct notice_law *law, const char *where,
                           struct diag *d)
{
    int n = 0;
    for (int i = 0; law->languages && law->languages[i]; i++) {
        bool shown = false;
        for (int v = 0; v < it->n_variants && !shown; v++)
            shown = strcmp(it->variants[v].lang, law->languages[i]) == 0;
        if (!shown) {
            diag_add(d, "warning: %s: %s requires the notice in \"%s\" too (%s)", where, law->name,
                     law->languages[i], law->languages_note);
            n++;
        }
    }
    return n;
}
