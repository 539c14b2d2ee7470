#include "fleet/central_db.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/tz.h"
#include "base/util.h"

#define ROWS_PER_STATEMENT 500 /* 17 parameters a row: well under libpq's 65535 */

/* ---- pure parts ---- */

bool central_db_is_url(const char *s)
{
    return s && (strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0);
}

char *central_db_url_redacted(const char *url)
{
    const char *auth = strstr(url, "://");
    if (!auth)
        return xstrdup(url);
    auth += 3;
    const char *at = strchr(auth, '@'), *slash = strchr(auth, '/');
    const char *colon = strchr(auth, ':');
    if (!at || (slash && slash < at) || !colon || colon > at)
        return xstrdup(url);
    return xasprintf("%.*s***%s", (int)(colon + 1 - url), url, at);
}

int64_t central_db_month_start(int64_t t_ms)
{
    int64_t days = (t_ms >= 0 ? t_ms : t_ms - 86399999) / 86400000;
    int y, m, d;
    tz_civil_from_days(days, &y, &m, &d);
    return tz_days_from_civil(y, m, 1) * 86400000;
}

/* libpq's messages span lines ("...failed: Connection refused\n\tIs the
 * server running...?"): one line for the log. */
static void one_line(char *err, size_t errlen, const char *what, const char *msg)
{
    snprintf(err, errlen, "%s%s%s", what, what[0] ? ": " : "", msg && msg[0] ? msg : "no reason");
    char *o = err;
    bool space = false;
    for (const char *p = err; *p; p++) {
        bool ws = *p == '\n' || *p == '\t' || *p == '\r' || *p == ' ';
        if (ws) {
            space = o > err;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *p;
    }
    *o = '\0';
}

/* ---- waiting on the socket, or the wake descriptor ---- */

/* Waits until the connection's socket is ready (for reading, or writing
 * too) or wake_fd is readable. Returns 0, or -1 with err when woken or the
 * socket failed. */
static int wait_socket(PGconn *c, int wake_fd, bool write, char *err, size_t errlen)
{
    struct pollfd p[2] = {
        {.fd = PQsocket(c), .events = (short)(POLLIN | (write ? POLLOUT : 0))},
        {.fd = wake_fd, .events = POLLIN},
    };
    if (p[0].fd < 0) {
        one_line(err, errlen, "", PQerrorMessage(c));
        return -1;
    }
    for (;;) {
        int n = poll(p, wake_fd >= 0 ? 2 : 1, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, errlen, "poll: %s", strerror(errno));
            return -1;
        }
        if (wake_fd >= 0 && p[1].revents) {
            snprintf(err, errlen, "stopped");
            return -1;
        }
        return 0;
    }
}

/* The server's notices and warnings ("terminating connection because of
 * crash of another server process...") are for debugging, on one line, not
 * libpq's default of several lines on stderr. */
static void notice_to_log(void *arg, const char *message)
{
    char line[512];
    one_line(line, sizeof(line), "central database server says", message);
    log_debug("%s", line);
}

PGconn *central_db_connect(const char *url, int wake_fd, char *err, size_t errlen)
{
    /* Later keywords win, and the URL expands in place of dbname: these are
     * defaults that the URL may override. */
    /* A server host that vanishes without closing the connection is given
     * up on within about a minute (TCP keepalives, unacknowledged data). */
    const char *const keys[] = {
        "connect_timeout",  "application_name", "keepalives_idle", "keepalives_interval",
        "keepalives_count", "tcp_user_timeout", "dbname",          NULL};
    const char *const vals[] = {"10", "signage", "30", "10", "3", "60000", url, NULL};
    PGconn *c = PQconnectStartParams(keys, vals, 1);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    PQsetNoticeProcessor(c, notice_to_log, NULL);
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (PQstatus(c) != CONNECTION_BAD && st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
        if (wait_socket(c, wake_fd, st == PGRES_POLLING_WRITING, err, errlen) < 0)
            goto fail;
        st = PQconnectPoll(c);
    }
    if (PQstatus(c) != CONNECTION_OK) {
        one_line(err, errlen, "", PQerrorMessage(c));
        goto fail;
    }
    /* Never block on a full socket: sends are flushed by central_db_exec. */
    if (PQsetnonblocking(c, 1) != 0) {
        one_line(err, errlen, "", PQerrorMessage(c));
        goto fail;
    }
    return c;
fail:
    PQfinish(c);
    return NULL;
}

PGresult *central_db_exec(PGconn *c, int wake_fd, const char *sql, int n_params,
                          const char *const *params, char *err, size_t errlen)
{
    PGresult *res = NULL, *failed = NULL, *next;
    err[0] = '\0';
    /* Without parameters, the simple protocol: several statements at once. */
    int sent = n_params > 0 ? PQsendQueryParams(c, sql, n_params, NULL, params, NULL, NULL, 0)
                            : PQsendQuery(c, sql);
    if (!sent) {
        one_line(err, errlen, "", PQerrorMessage(c));
        return NULL;
    }
    int f;
    while ((f = PQflush(c)) == 1) {
        if (wait_socket(c, wake_fd, true, err, errlen) < 0 || !PQconsumeInput(c))
            goto lost;
    }
    if (f < 0)
        goto lost;
    for (;;) {
        while (PQisBusy(c)) {
            if (wait_socket(c, wake_fd, false, err, errlen) < 0 || !PQconsumeInput(c))
                goto lost;
        }
        if (!(next = PQgetResult(c)))
            break;
        ExecStatusType s = PQresultStatus(next);
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && !failed) {
            failed = next;
            continue;
        }
        PQclear(res);
        res = next;
    }
    if (failed) {
        one_line(err, errlen, "", PQresultErrorMessage(failed));
        PQclear(failed);
        PQclear(res);
        return NULL;
    }
    return res;
lost:
    if (strcmp(err, "stopped") != 0) /* not woken: the connection failed */
        one_line(err, errlen, "", PQerrorMessage(c));
    PQclear(res);
    PQclear(failed);
    return NULL;
}

/* Runs sql (no parameters, no rows wanted). Returns 0 or -1 with err. */
static int run(PGconn *c, int wake_fd, const char *sql, char *err, size_t errlen)
{
    PGresult *r = central_db_exec(c, wake_fd, sql, 0, NULL, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

/* ---- the schema ---- */

/* migrations[v] takes the schema from version v to v + 1. Append; never
 * edit a step that has shipped. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE signage.schema_migrations (version integer PRIMARY KEY,"
    " migrated_at timestamptz NOT NULL DEFAULT now());"
    /* What a play is, as a small number, as in the ledger: a report groups
     * a billion plays by an integer and looks at strings once per key. */
    "CREATE TABLE signage.play_keys ("
    " key_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " screen_id text NOT NULL, campaign text NOT NULL, item text NOT NULL,"
    " language text NOT NULL,"
    " kind text NOT NULL CHECK (kind IN ('ad', 'notice', 'filler', 'alert', 'interaction')),"
    " UNIQUE (screen_id, campaign, item, language, kind));"
    /* The columns of the ledger. A unique key of a partitioned table must
     * hold the partition key: a play's start never changes, so (play_id,
     * started_utc_ms) is as unique as play_id. key_id is not a foreign key:
     * making a month's partition would then lock play_keys too, and
     * deadlock with a push that has written keys and waits for plays. Only
     * central_db_push writes plays, always after their keys. */
    "CREATE TABLE signage.plays ("
    " play_id uuid NOT NULL,"
    " started_utc_ms bigint NOT NULL,"
    " key_id integer NOT NULL,"
    " media text, ended_utc_ms bigint, scheduled_ms bigint, shown_ms bigint,"
    " status text NOT NULL CHECK (status IN"
    "  ('playing', 'complete', 'partial', 'error', 'interrupted')),"
    " frames_shown integer, frames_dropped integer, impressions double precision,"
    " error text, media_sha256 text,"
    " received_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (play_id, started_utc_ms)"
    ") PARTITION BY RANGE (started_utc_ms);"
    /* Reports scan a time range and read these columns only. */
    "CREATE INDEX plays_report ON signage.plays (started_utc_ms, key_id)"
    " INCLUDE (status, shown_ms, impressions);"
    "CREATE TABLE signage.screens ("
    " screen_id text PRIMARY KEY,"
    " player_version text, content_version text, on_screen text, last_error text,"
    " backlog bigint,"
    " screen_clock_utc_ms bigint," /* the screen's own clock at the push */
    " first_seen timestamptz NOT NULL DEFAULT now(),"
    " last_seen timestamptz NOT NULL DEFAULT now());"
    /* Plays with names, for analysts. */
    "CREATE VIEW signage.plays_named AS SELECT p.play_id, k.screen_id, k.campaign, k.item,"
    " k.language, k.kind, p.media, to_timestamp(p.started_utc_ms / 1000.0) AS started_at,"
    " to_timestamp(p.ended_utc_ms / 1000.0) AS ended_at, p.scheduled_ms, p.shown_ms, p.status,"
    " p.frames_shown, p.frames_dropped, p.impressions, p.error, p.media_sha256, p.received_at"
    " FROM signage.plays p JOIN signage.play_keys k USING (key_id);"
    /* Months are made when a push needs them, by whoever pushes: the
     * function runs as the schema's owner, so screens need no right to
     * create tables. */
    "CREATE FUNCTION signage.add_plays_months(months bigint[]) RETURNS void"
    " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $f$"
    " DECLARE m bigint; d timestamp; name text;"
    " BEGIN"
    "  FOREACH m IN ARRAY months LOOP"
    "   d := date_trunc('month', to_timestamp(m / 1000) AT TIME ZONE 'UTC');"
    "   name := 'plays_' || to_char(d, 'YYYY_MM');"
    "   IF to_regclass('signage.' || name) IS NULL THEN"
    "    PERFORM pg_advisory_xact_lock(hashtext('signage.add_plays_months'));"
    "    BEGIN"
    "     EXECUTE format('CREATE TABLE signage.%I PARTITION OF signage.plays"
    "      FOR VALUES FROM (%s) TO (%s)', name,"
    "      (extract(epoch FROM d) * 1000)::bigint,"
    "      (extract(epoch FROM d + interval '1 month') * 1000)::bigint);"
    "    EXCEPTION WHEN duplicate_table OR unique_violation THEN"
    "     NULL;" /* made meanwhile by another screen's push */
    "    END;"
    "   END IF;"
    "  END LOOP;"
    " END $f$;"
    /* Functions are everyone's by default: this one only for the roles
     * granted it (README: the screens' role). */
    "REVOKE ALL ON FUNCTION signage.add_plays_months(bigint[]) FROM PUBLIC;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == CENTRAL_SCHEMA_VERSION,
               "one migration per schema version");

/* The version of the schema: 0 when there is no schema "signage" or an
 * empty one; -2 (err says why) when it is not ours; -1 on error. */
static int schema_version(PGconn *c, int wake_fd, char *err, size_t errlen)
{
    static const char sql[] =
        "SELECT n.oid IS NOT NULL,"
        " to_regclass('signage.schema_migrations') IS NOT NULL,"
        " (SELECT count(*) FROM pg_class WHERE relnamespace = n.oid)"
        " FROM (SELECT NULL) AS one LEFT JOIN pg_namespace n ON n.nspname = 'signage'";
    PGresult *r = central_db_exec(c, wake_fd, sql, 0, NULL, err, errlen);
    if (!r)
        return -1;
    bool have_schema = PQgetvalue(r, 0, 0)[0] == 't', ours = PQgetvalue(r, 0, 1)[0] == 't';
    long n_rel = atol(PQgetvalue(r, 0, 2));
    PQclear(r);
    if (!have_schema || (!ours && n_rel == 0))
        return 0;
    if (!ours) {
        snprintf(err, errlen,
                 "the schema \"signage\" of this database holds %ld tables of another program, "
                 "not signage's (no signage.schema_migrations): left alone",
                 n_rel);
        return -2;
    }
    r = central_db_exec(c, wake_fd,
                        "SELECT coalesce(max(version), 0) FROM signage.schema_migrations", 0, NULL,
                        err, errlen);
    if (!r)
        return -1;
    int v = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

int central_db_check(PGconn *c, int wake_fd, char *err, size_t errlen)
{
    int v = schema_version(c, wake_fd, err, errlen);
    if (v < 0)
        return -1;
    if (v == 0)
        snprintf(err, errlen,
                 "no signage schema in this database yet: run `signage central init --url URL`");
    else if (v < N_MIGRATIONS)
        snprintf(err, errlen,
                 "the signage schema is at version %d, this signage needs %d: run `signage "
                 "central init --url URL` to migrate it",
                 v, N_MIGRATIONS);
    else if (v > N_MIGRATIONS)
        snprintf(err, errlen, "the signage schema is at version %d, newer than this signage (%d)",
                 v, N_MIGRATIONS);
    return v == N_MIGRATIONS ? 0 : -1;
}

int central_db_migrate(PGconn *c, int *from, char *err, size_t errlen)
{
    *from = -1;
    if (run(c, -1, "BEGIN", err, errlen) < 0)
        return -1;
    /* Two `central init` at once: the second waits, then finds it done. */
    if (run(c, -1, "SELECT pg_advisory_xact_lock(hashtext('signage central migrate'))", err,
            errlen) < 0)
        goto rollback;
    int v = schema_version(c, -1, err, errlen);
    if (v < 0)
        goto rollback;
    *from = v;
    if (v > N_MIGRATIONS) {
        snprintf(err, errlen, "the signage schema is at version %d, newer than this signage (%d)",
                 v, N_MIGRATIONS);
        goto rollback;
    }
    if (v == 0 && run(c, -1, "CREATE SCHEMA IF NOT EXISTS signage", err, errlen) < 0)
        goto rollback;
    for (; v < N_MIGRATIONS; v++) {
        char mark[96];
        snprintf(mark, sizeof(mark), "INSERT INTO signage.schema_migrations (version) VALUES (%d)",
                 v + 1);
        if (run(c, -1, migrations[v], err, errlen) < 0 || run(c, -1, mark, err, errlen) < 0)
            goto rollback;
    }
    return run(c, -1, "COMMIT", err, errlen);
rollback:
    PQclear(central_db_exec(c, -1, "ROLLBACK", 0, NULL, (char[64]){0}, 64));
    return -1;
}

/* ---- pushing ---- */

/* Appends "($k, $k+1, ...)" for one row of width columns, after a comma
 * unless first. */
static void add_tuple(char **sql, size_t *len, size_t *cap, int first_param, int width, bool first)
{
    char part[24];
    for (int i = 0; i < width; i++) {
        int n = snprintf(part, sizeof(part), "%s%s$%d%s", i == 0 && !first ? "," : "",
                         i == 0 ? "(" : "", first_param + i, i + 1 == width ? ")" : ",");
        if (*len + (size_t)n + 1 > *cap) {
            *cap = *cap * 2 + 256;
            *sql = xrealloc(*sql, *cap);
        }
        memcpy(*sql + *len, part, (size_t)n + 1);
        *len += (size_t)n;
    }
}

/* "head" + n tuples of width parameters + "tail"; caller frees. */
static char *values_sql(const char *head, int n, int width, const char *tail)
{
    size_t cap = strlen(head) + (size_t)n * (size_t)width * 8 + strlen(tail) + 16, len;
    char *sql = xcalloc(1, cap);
    len = (size_t)snprintf(sql, cap, "%s", head);
    for (int i = 0; i < n; i++)
        add_tuple(&sql, &len, &cap, 1 + i * width, width, i == 0);
    char *out = xasprintf("%s%s", sql, tail);
    free(sql);
    return out;
}

static bool same_key(const struct ledger_row *a, const struct ledger_row *b)
{
    return a->kind == b->kind && strcmp(a->screen_id, b->screen_id) == 0 &&
           strcmp(a->campaign, b->campaign) == 0 && strcmp(a->item, b->item) == 0 &&
           strcmp(a->language, b->language) == 0;
}

/* Every (screen, campaign, item, language, kind) of the rows, once. */
static int push_keys(PGconn *c, int wake_fd, struct ledger_row *const *rows, int n, char *err,
                     size_t errlen)
{
    const char **params = xcalloc((size_t)n * 5, sizeof(char *));
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = same_key(rows[i], rows[j]);
        if (seen)
            continue;
        const char **p = &params[k++ * 5];
        p[0] = rows[i]->screen_id;
        p[1] = rows[i]->campaign;
        p[2] = rows[i]->item;
        p[3] = rows[i]->language;
        p[4] = play_kind_name(rows[i]->kind);
    }
    char *sql = values_sql("INSERT INTO signage.play_keys (screen_id, campaign, item, language,"
                           " kind) VALUES ",
                           k, 5, " ON CONFLICT DO NOTHING");
    PGresult *r = central_db_exec(c, wake_fd, sql, k * 5, params, err, errlen);
    PQclear(r);
    free(sql);
    free(params);
    return r ? 0 : -1;
}

#define PLAY_COLUMNS 17

static const char plays_head[] =
    "INSERT INTO signage.plays AS p (play_id, started_utc_ms, key_id, media, ended_utc_ms,"
    " scheduled_ms, shown_ms, status, frames_shown, frames_dropped, impressions, error,"
    " media_sha256) SELECT v.play_id::uuid, v.started::bigint, k.key_id, v.media, v.ended::bigint,"
    " v.scheduled::bigint, v.shown::bigint, v.status, v.frames_shown::integer,"
    " v.frames_dropped::integer, v.impressions::double precision, v.error, v.media_sha256"
    " FROM (VALUES ";

static const char plays_tail[] =
    ") AS v (play_id, screen_id, campaign, item, language, kind, media, started, ended,"
    " scheduled, shown, status, frames_shown, frames_dropped, impressions, error, media_sha256)"
    " JOIN signage.play_keys k ON k.screen_id = v.screen_id AND k.campaign = v.campaign"
    " AND k.item = v.item AND k.language = v.language AND k.kind = v.kind"
    " ON CONFLICT (play_id, started_utc_ms) DO UPDATE SET media = excluded.media,"
    " ended_utc_ms = excluded.ended_utc_ms, scheduled_ms = excluded.scheduled_ms,"
    " shown_ms = excluded.shown_ms, status = excluded.status,"
    " frames_shown = excluded.frames_shown, frames_dropped = excluded.frames_dropped,"
    " impressions = excluded.impressions, error = excluded.error,"
    " media_sha256 = excluded.media_sha256, received_at = now()"
    " WHERE " LEDGER_CLOSED_RANK_SQL("excluded.status") " > " LEDGER_CLOSED_RANK_SQL("p.status");

/* Numbers of one row as text: started, ended, scheduled, shown, frames
 * shown and dropped, impressions. */
struct row_numbers {
    char v[7][32];
};

static int push_plays(PGconn *c, int wake_fd, struct ledger_row *const *rows, int n, char *err,
                      size_t errlen)
{
    const char **params = xcalloc((size_t)n * PLAY_COLUMNS, sizeof(char *));
    struct row_numbers *num = xcalloc((size_t)n, sizeof(num[0]));
    for (int i = 0; i < n; i++) {
        const struct ledger_row *r = rows[i];
        const char **p = &params[i * PLAY_COLUMNS];
        char(*v)[32] = num[i].v;
        /* A play cut off by a crash has no known end: those stay NULL, as
         * in the ledger. */
        bool ended = r->status != PLAY_PLAYING && r->ended_utc_ms != 0;
        snprintf(v[0], 32, "%lld", (long long)r->started_utc_ms);
        snprintf(v[1], 32, "%lld", (long long)r->ended_utc_ms);
        snprintf(v[2], 32, "%lld", (long long)r->scheduled_ms);
        snprintf(v[3], 32, "%lld", (long long)r->shown_ms);
        snprintf(v[4], 32, "%d", r->frames_shown);
        snprintf(v[5], 32, "%d", r->frames_dropped);
        snprintf(v[6], 32, "%.17g", r->impressions);
        p[0] = r->play_id;
        p[1] = r->screen_id;
        p[2] = r->campaign;
        p[3] = r->item;
        p[4] = r->language;
        p[5] = play_kind_name(r->kind);
        p[6] = r->media;
        p[7] = v[0];
        p[8] = ended ? v[1] : NULL;
        p[9] = v[2];
        p[10] = ended ? v[3] : NULL;
        p[11] = playlog_status_name(r->status);
        p[12] = ended ? v[4] : NULL;
        p[13] = ended ? v[5] : NULL;
        p[14] = r->impressions >= 0 ? v[6] : NULL;
        p[15] = r->error;
        p[16] = r->media_sha256;
    }
    char *sql = values_sql(plays_head, n, PLAY_COLUMNS, plays_tail);
    PGresult *res = central_db_exec(c, wake_fd, sql, n * PLAY_COLUMNS, params, err, errlen);
    PQclear(res);
    free(sql);
    free(num);
    free(params);
    return res ? 0 : -1;
}

/* The monthly partitions the rows fall in, in a transaction of their own
 * (never inside the push: making a partition locks the whole table). */
static int push_months(PGconn *c, int wake_fd, struct ledger_row *const *rows, int n, char *err,
                       size_t errlen)
{
    int64_t *months = xcalloc((size_t)n, sizeof(months[0]));
    int n_months = 0;
    for (int i = 0; i < n; i++) {
        int64_t m = central_db_month_start(rows[i]->started_utc_ms);
        int j = 0;
        while (j < n_months && months[j] != m)
            j++;
        if (j == n_months)
            months[n_months++] = m;
    }
    size_t cap = (size_t)n_months * 24 + 4, len = 1;
    char *list = xcalloc(1, cap);
    list[0] = '{';
    for (int j = 0; j < n_months; j++)
        len +=
            (size_t)snprintf(list + len, cap - len, "%s%lld", j ? "," : "", (long long)months[j]);
    snprintf(list + len, cap - len, "}");
    const char *params[] = {list};
    PGresult *r = central_db_exec(c, wake_fd, "SELECT signage.add_plays_months($1::bigint[])", 1,
                                  params, err, errlen);
    PQclear(r);
    free(list);
    free(months);
    return r ? 0 : -1;
}

static const char screen_sql[] =
    "INSERT INTO signage.screens (screen_id, player_version, content_version, on_screen,"
    " last_error, backlog, screen_clock_utc_ms) VALUES ($1, $2, $3, $4, $5, $6::bigint,"
    " $7::bigint) ON CONFLICT (screen_id) DO UPDATE SET"
    " player_version = excluded.player_version, content_version = excluded.content_version,"
    " on_screen = excluded.on_screen, last_error = excluded.last_error,"
    " backlog = excluded.backlog, screen_clock_utc_ms = excluded.screen_clock_utc_ms,"
    " last_seen = now()";

static int push_screen(PGconn *c, int wake_fd, const struct central_screen *s, char *err,
                       size_t errlen)
{
    char backlog[32], clock[32];
    snprintf(backlog, sizeof(backlog), "%lld", (long long)s->backlog);
    snprintf(clock, sizeof(clock), "%lld", (long long)time_wall_ms());
    const char *params[] = {s->screen_id, s->player_version, s->content_version,
                            s->on_screen, s->last_error,     s->backlog >= 0 ? backlog : NULL,
                            clock};
    PGresult *r = central_db_exec(c, wake_fd, screen_sql, 7, params, err, errlen);
    PQclear(r);
    return r ? 0 : -1;
}

int central_db_push(PGconn *c, int wake_fd, struct ledger_row *const *rows, int n,
                    const struct central_screen *screen, char *err, size_t errlen)
{
    if (n > 0 && push_months(c, wake_fd, rows, n, err, errlen) < 0)
        return -1;
    if (run(c, wake_fd, "BEGIN", err, errlen) < 0)
        return -1;
    for (int done = 0; done < n; done += ROWS_PER_STATEMENT) {
        int k = n - done < ROWS_PER_STATEMENT ? n - done : ROWS_PER_STATEMENT;
        if (push_keys(c, wake_fd, rows + done, k, err, errlen) < 0 ||
            push_plays(c, wake_fd, rows + done, k, err, errlen) < 0)
            goto rollback;
    }
    if (screen && push_screen(c, wake_fd, screen, err, errlen) < 0)
        goto rollback;
    return run(c, wake_fd, "COMMIT", err, errlen);
rollback:
    /* The server rolls back by itself when the connection is gone. */
    if (PQstatus(c) == CONNECTION_OK)
        PQclear(central_db_exec(c, wake_fd, "ROLLBACK", 0, NULL, (char[64]){0}, 64));
    return -1;
}
