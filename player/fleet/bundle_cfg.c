#include "fleet/bundle_cfg.h"

#include <dirent.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>

#include "config/cfgfile.h"
#include "fleet/bundle.h"

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n > k && strcmp(s + n - k, tail) == 0;
}

/* The one *.cfg at dir's top, joined with dir, or NULL with a line in d. */
static char *only_playlist(const char *dir, struct diag *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(d, "%s: cannot read the bundle's folder", dir);
        return NULL;
    }
    char *found = NULL;
    int n = 0;
    for (struct dirent *e; (e = readdir(dh));) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".cfg"))
            continue;
        char *p = path_join(dir, e->d_name);
        if (path_is_file(p) && n++ == 0) {
            found = p;
            p = NULL;
        }
        free(p);
    }
    closedir(dh);
    if (n != 1) {
        diag_add(d, "%s: %s playlists (*.cfg) at the top and no %s to say which one plays", dir,
                 n == 0 ? "no" : "several", BUNDLE_CFG_NAME);
        free(found);
        return NULL;
    }
    return found;
}

/* A playlist named in bundle.cfg at setting c, joined with dir, or NULL. */
static char *named(const char *dir, const char *file, config_setting_t *c, const char *what,
                   struct diag *d)
{
    const char *v = config_setting_get_string(c);
    int line = config_setting_source_line(c);
    if (!v) {
        diag_add(d, "%s:%d: %s: not a string", file, line, what);
        return NULL;
    }
    char *p = path_join(dir, v);
    if (!bundle_path_ok(v) || !path_is_file(p)) {
        diag_add(d, "%s:%d: %s: no such playlist in the bundle \"%s\"", file, line, what, v);
        free(p);
        return NULL;
    }
    return p;
}

/* Reads bundle.cfg into cfg. Returns 1 when read, 0 when there is none,
 * -1 on error (lines in d). */
static int read_cfg(const char *file, config_t *cfg, struct diag *d)
{
    if (!path_is_file(file))
        return 0;
    struct cfgfile src;
    int parsed = cfgfile_parse(&src, cfg, file, "bundle.cfg", d);
    cfgfile_free(&src);
    if (parsed < 0)
        return -1;
    config_setting_t *root = config_root_setting(cfg);
    int rc = 1;
    for (int i = 0; i < config_setting_length(root); i++) {
        config_setting_t *c = config_setting_get_elem(root, (unsigned)i);
        const char *name = config_setting_name(c);
        bool group = strcmp(name, "screens") == 0 || strcmp(name, "groups") == 0;
        if (strcmp(name, "playlist") != 0 && !group) {
            diag_add(d, "%s:%d: %s: unknown setting", file, config_setting_source_line(c), name);
            rc = -1;
        } else if (group && !config_setting_is_group(c)) {
            diag_add(d, "%s:%d: %s: not a group { name = \"playlist.cfg\"; }", file,
                     config_setting_source_line(c), name);
            rc = -1;
        }
    }
    if (rc == 1 && !config_lookup(cfg, "playlist")) {
        diag_add(d, "%s: playlist: missing (what a screen not named plays)", file);
        rc = -1;
    }
    return rc;
}

char *bundle_cfg_playlist(const char *dir, const char *screen_id, const char *group, struct diag *d)
{
    char *file = path_join(dir, BUNDLE_CFG_NAME), *out = NULL;
    config_t cfg;
    config_init(&cfg);
    int rc = read_cfg(file, &cfg, d);
    if (rc == 0) {
        out = only_playlist(dir, d);
    } else if (rc == 1) {
        config_setting_t *screens = config_lookup(&cfg, "screens");
        config_setting_t *groups = config_lookup(&cfg, "groups");
        config_setting_t *c = NULL;
        if (screens && screen_id && screen_id[0])
            c = config_setting_get_member(screens, screen_id);
        if (!c && groups && group && group[0])
            c = config_setting_get_member(groups, group);
        if (!c)
            c = config_lookup(&cfg, "playlist");
        out = named(dir, file, c, config_setting_name(c), d);
    }
    config_destroy(&cfg);
    free(file);
    return out;
}

static void add_unique(char ***list, int *n, char *p)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*list)[i], p) == 0) {
            free(p);
            return;
        }
    *list = xrealloc(*list, (size_t)(*n + 2) * sizeof(char *));
    (*list)[(*n)++] = p;
    (*list)[*n] = NULL;
}

char **bundle_cfg_playlists(const char *dir, struct diag *d)
{
    char *file = path_join(dir, BUNDLE_CFG_NAME);
    char **list = NULL;
    int n = 0, bad = 0;
    config_t cfg;
    config_init(&cfg);
    int rc = read_cfg(file, &cfg, d);
    if (rc == 0) {
        char *p = only_playlist(dir, d);
        if (p)
            add_unique(&list, &n, p);
        bad = !p;
    } else if (rc == 1) {
        const char *names[] = {"playlist", "screens", "groups"};
        for (int k = 0; k < 3; k++) {
            config_setting_t *c = config_lookup(&cfg, names[k]);
            int count = k == 0 ? (c != NULL) : c ? config_setting_length(c) : 0;
            for (int i = 0; i < count; i++) {
                config_setting_t *e = k == 0 ? c : config_setting_get_elem(c, (unsigned)i);
                char *what = k == 0 ? xasprintf("playlist")
                                    : xasprintf("%s.%s", names[k], config_setting_name(e));
                char *p = named(dir, file, e, what, d);
                free(what);
                if (p)
                    add_unique(&list, &n, p);
                else
                    bad = 1;
            }
        }
    }
    config_destroy(&cfg);
    free(file);
    if (rc < 0 || bad) {
        for (int i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return NULL;
    }
    return list;
}
