#include "device/power.h"

#include <X11/Xlib.h>
#include <X11/extensions/dpms.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/run.h"
#include "base/util.h"

bool power_wanted(const struct when *w, const struct tz *tz, int64_t utc_ms)
{
    if (!w->set)
        return true;
    struct tz_local l = tz_local_fields(tz, utc_ms / 1000);
    return when_contains(w, &l);
}

struct power {
    char *off_command, *on_command, *driver;
    bool dpms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    /* -- fields below: protected by lock */
    int asked; /* -1 = nothing new asked, else 0 (dark) or 1 (lit) */
    bool stop;
    struct power_result result;
    bool result_new;
    /* -- fields below: the thread's own */
    Display *x;       /* X11 connection for DPMS, NULL = none */
    bool x_tried;     /* opening it was tried (once) */
    bool dpms_warned; /* "no DPMS here" logged */
};

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* X11: forces the DPMS level and reads it back, re-sent until it holds. */
static int x11_dpms(struct power *p, bool on, char *err, size_t errlen)
{
    if (!p->x_tried) {
        p->x_tried = true;
        p->x = XOpenDisplay(NULL);
        int ev, er;
        if (p->x && (!DPMSQueryExtension(p->x, &ev, &er) || !DPMSCapable(p->x))) {
            XCloseDisplay(p->x);
            p->x = NULL;
            log_warn("screen power: the X server has no DPMS: the panel is only darkened by "
                     "screen.off_command");
        }
    }
    if (!p->x) {
        snprintf(err, errlen, "no DPMS on this X server");
        return -1;
    }
    CARD16 want = on ? DPMSModeOn : DPMSModeOff;
    for (int attempt = 0; attempt < POWER_RETRIES; attempt++) {
        DPMSEnable(p->x);
        DPMSForceLevel(p->x, want);
        if (on)
            XResetScreenSaver(p->x);
        XSync(p->x, False);
        CARD16 level = 0;
        BOOL enabled = False;
        if (DPMSInfo(p->x, &level, &enabled) && level == want)
            return 0;
        sleep_ms(500);
    }
    snprintf(err, errlen, "DPMS did not go %s after %d tries", on ? "on" : "off", POWER_RETRIES);
    return -1;
}

static int command(const char *what, const char *cmd, char *err, size_t errlen)
{
    for (int attempt = 0; attempt < POWER_RETRIES; attempt++) {
        if (run_command(cmd, POWER_COMMAND_TIMEOUT_MS, err, errlen) == 0)
            return 0;
        if (strstr(err, "killed after"))
            break; /* a hung command is not run again and again */
    }
    char why[200];
    snprintf(why, sizeof(why), "%s", err);
    snprintf(err, errlen, "screen.%s \"%s\": %s", what, cmd, why);
    return -1;
}

static void apply(struct power *p, bool on, struct power_result *r)
{
    *r = (struct power_result){.on = on, .ok = true};
    char err[256] = "";
    size_t at = 0;
    if (p->dpms && strcmp(p->driver, "x11") == 0 && (!p->x_tried || p->x)) {
        int rc = x11_dpms(p, on, err, sizeof(err));
        if (rc == 0)
            at += (size_t)snprintf(r->how + at, sizeof(r->how) - at, "DPMS");
        else if (p->x) /* a server without DPMS was warned about once, not an error */
            r->ok = false, snprintf(r->error, sizeof(r->error), "%s", err);
    } else if (p->dpms && !p->dpms_warned && strcmp(p->driver, "dummy") != 0 &&
               strcmp(p->driver, "x11") != 0) {
        p->dpms_warned = true;
        log_info("screen power: no DPMS with the %s driver here: use screen.off_command",
                 p->driver);
    }
    const char *cmd = on ? p->on_command : p->off_command;
    if (cmd[0]) {
        if (command(on ? "on_command" : "off_command", cmd, err, sizeof(err)) == 0)
            at += (size_t)snprintf(r->how + at, sizeof(r->how) - at, "%scommand", at ? ", " : "");
        else if (r->ok)
            r->ok = false, snprintf(r->error, sizeof(r->error), "%s", err);
        else
            snprintf(r->error + strlen(r->error), sizeof(r->error) - strlen(r->error), "; %s", err);
    }
    if (!r->how[0])
        snprintf(r->how, sizeof(r->how), "%s", r->ok ? "nothing configured" : "nothing");
    r->done_utc_ms = time_wall_ms();
}

static void *power_thread(void *arg)
{
    struct power *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->asked < 0)
            pthread_cond_wait(&p->wake, &p->lock);
        if (p->asked < 0)
            break;
        bool on = p->asked == 1;
        p->asked = -1;
        pthread_mutex_unlock(&p->lock);
        struct power_result r;
        apply(p, on, &r);
        pthread_mutex_lock(&p->lock);
        p->result = r;
        p->result_new = true;
        if (p->stop)
            break;
    }
    pthread_mutex_unlock(&p->lock);
    if (p->x)
        XCloseDisplay(p->x);
    return NULL;
}

/* Frees p, whose thread is gone or never started. */
static void power_free(struct power *p)
{
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p->driver);
    free(p->on_command);
    free(p->off_command);
    free(p);
}

struct power *power_start(const struct power_opts *o)
{
    struct power *p = xcalloc(1, sizeof(*p));
    p->off_command = xstrdup(o->off_command ? o->off_command : "");
    p->on_command = xstrdup(o->on_command ? o->on_command : "");
    p->driver = xstrdup(o->driver ? o->driver : "");
    p->dpms = o->dpms;
    p->asked = -1;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pthread_create(&p->thread, NULL, power_thread, p) != 0) {
        log_error("screen power: cannot start its thread: the panel stays lit");
        power_free(p);
        return NULL;
    }
    return p;
}

void power_set(struct power *p, bool on)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->asked = on;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
}

bool power_poll(struct power *p, struct power_result *r)
{
    if (!p)
        return false;
    pthread_mutex_lock(&p->lock);
    bool got = p->result_new;
    if (got)
        *r = p->result;
    p->result_new = false;
    pthread_mutex_unlock(&p->lock);
    return got;
}

void power_stop(struct power *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    p->asked = -1; /* a request not begun is dropped */
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    power_free(p);
}
