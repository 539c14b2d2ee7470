#include "loop/reload.h"

#include <stddef.h>

#include "base/log.h"

void reload_init(struct reload *r, const char *config, const char *playlist,
                 bool playlist_from_config)
{
    *r = (struct reload){
        .config = config, .playlist = playlist, .playlist_from_config = playlist_from_config};
    char err[256];
    r->watch = watch_create(err, sizeof(err));
    if (!r->watch)
        log_warn("reloading is off: %s", err);
}

void reload_watch(struct reload *r, const struct lineup *l)
{
    char err[256];
    if (r->watch && watch_files(r->watch, l->files, err, sizeof(err)) < 0)
        log_warn("%s", err);
}

/* Reads the config and the playlists again; NULL when any is invalid. */
static struct lineup *load(struct reload *r, const struct lineup *live)
{
    struct settings s;
    struct diag d = {0};
    struct lineup *l = NULL;
    settings_defaults(&s);
    if (r->config && settings_load(&s, r->config, &d) < 0)
        goto out;
    const char *main_playlist = r->playlist_from_config ? s.playlist : r->playlist;
    struct diag notes = {0};
    l = lineup_load(main_playlist, &s, true, &d, &notes);
    diag_take(&d, &notes);

out:
    for (int i = 0; i < d.n_lines; i++)
        log_error("%s", d.lines[i]);
    if (l) {
        log_info("reload: %s is valid; it takes over at the next item boundary", l->files[0]);
        reload_watch(r, l);
    } else {
        log_error("reload refused: %s keeps playing", live->files[0]);
    }
    diag_free(&d);
    settings_free(&s);
    return l;
}

struct lineup *reload_poll(struct reload *r, const struct lineup *live, int64_t now)
{
    if (!r->watch)
        return NULL;
    int events = watch_poll(r->watch);
    if (events) {
        log_info("reload: %s",
                 events & WATCH_SIGHUP ? "SIGHUP" : "a playlist or the config changed");
        r->due_us = now + RELOAD_SETTLE_US;
    }
    if (!r->due_us || now < r->due_us)
        return NULL;
    r->due_us = 0;
    return load(r, live);
}

void reload_free(struct reload *r)
{
    watch_free(r->watch);
    r->watch = NULL;
}
