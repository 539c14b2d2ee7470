/* CAP parsing, the alert filter and the alerts settings, on the messages in tests/alerts/
 * (written for these tests in the shapes of the CAP 1.2 examples) and on
 * hostile documents made here. Run from tests/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "alerts/alert_feed.h"
#include "alerts/alert_filter.h"
#include "alerts/alert_show.h"
#include "alerts/cap.h"
#include "base/util.h"
#include "settings_text.h"
#include "testlib.h"

/* 2026-12-01T12:00:00Z */
#define NOW_MS 1796126400000LL

static char *sf_geocodes[] = {"SAME:006075", NULL};

static struct alert_rules sf_rules(void)
{
    struct alert_rules r = {
        .geocodes = sf_geocodes,
        .has_point = true,
        .point = {37.7749, -122.4194},
        .min_severity = CAP_SEVERE,
        .min_urgency = CAP_EXPECTED,
    };
    return r;
}

/* Parses the files into one set, as the feed thread gathers a feed. */
static void load(struct cap_doc *set, const char *const *files, int n)
{
    memset(set, 0, sizeof(*set));
    for (int i = 0; i < n; i++) {
        struct cap_doc d;
        char err[512];
        struct diag problems = {0};
        char *path = xasprintf("alerts/%s", files[i]);
        int rc = cap_parse_file(path, NULL, &d, &problems, err, sizeof(err));
        if (rc != 0 || problems.n_lines)
            fprintf(stderr, "%s: %s %s\n", path, rc ? err : "",
                    problems.n_lines ? problems.lines[0] : "");
        EXPECT_INT(rc, 0);
        EXPECT_INT(problems.n_lines, 0);
        for (int k = 0; k < d.n_alerts; k++)
            cap_doc_take(set, &d.alerts[k]);
        cap_doc_free(&d);
        diag_free(&problems);
        free(path);
    }
}

static const struct alert_verdict *verdict_of(const struct cap_doc *set,
                                              const struct alert_verdict *v, const char *id)
{
    for (int i = 0; i < set->n_alerts; i++)
        if (strcmp(set->alerts[i].identifier, id) == 0)
            return &v[i];
    fprintf(stderr, "no alert %s\n", id);
    return NULL;
}

static void test_times(void)
{
    int64_t ms = 0;
    EXPECT_INT(cap_time_parse("2026-12-01T04:00:00-08:00", &ms), 0);
    EXPECT_INT(ms, NOW_MS);
    EXPECT_INT(cap_time_parse("2026-12-01T12:00:00Z", &ms), 0);
    EXPECT_INT(ms, NOW_MS);
    EXPECT_INT(cap_time_parse("2026-12-01T17:30:00+05:30", &ms), 0);
    EXPECT_INT(ms, NOW_MS);
    EXPECT_INT(cap_time_parse("2026-12-01T12:00:00", &ms), -1); /* no offset */
    EXPECT_INT(cap_time_parse("2026-13-01T12:00:00Z", &ms), -1);
    EXPECT_INT(cap_time_parse("yesterday", &ms), -1);
}

static void test_messages(void)
{
    static const char *const files[] = {
        "flood-band.xml", "quake-full.xml", "out-of-area.xml",     "expired.xml", "test-status.xml",
        "cancelled.xml",  "cancel.xml",     "update-original.xml", "update.xml",
    };
    struct cap_doc set;
    load(&set, files, 9);
    EXPECT_INT(set.n_alerts, 9);
    struct alert_rules r = sf_rules();
    struct alert_verdict v[9];
    alert_filter_judge(set.alerts, set.n_alerts, &r, NOW_MS, v);

    const struct alert_verdict *x = verdict_of(&set, v, "SIGNAGE-TEST-FLOOD-0001");
    EXPECT(x && x->shown && !x->full_screen && x->infos == 3);
    x = verdict_of(&set, v, "SIGNAGE-TEST-QUAKE-0002");
    EXPECT(x && x->shown && x->full_screen);
    x = verdict_of(&set, v, "SIGNAGE-TEST-WIND-0003");
    EXPECT(x && !x->shown);
    EXPECT_STR(x->why, "the screen is outside its area (Sacramento County)");
    x = verdict_of(&set, v, "SIGNAGE-TEST-HEAT-0004");
    EXPECT(x && !x->shown);
    EXPECT_STR(x->why, "expired at 2026-01-02T04:00:00Z");
    x = verdict_of(&set, v, "SIGNAGE-TEST-RMT-0005");
    EXPECT(x && !x->shown);
    EXPECT_STR(x->why, "status Test (show_tests = false)");
    x = verdict_of(&set, v, "SIGNAGE-TEST-HAZMAT-0006");
    EXPECT(x && !x->shown);
    EXPECT_STR(x->why, "cancelled by SIGNAGE-TEST-HAZMAT-0007");
    x = verdict_of(&set, v, "SIGNAGE-TEST-HAZMAT-0007");
    EXPECT(x && !x->shown);
    x = verdict_of(&set, v, "SIGNAGE-TEST-AMBER-0008");
    EXPECT(x && !x->shown);
    EXPECT_STR(x->why, "superseded by SIGNAGE-TEST-AMBER-0009");
    x = verdict_of(&set, v, "SIGNAGE-TEST-AMBER-0009");
    EXPECT(x && x->shown);

    /* With show_tests the test message shows. */
    r.show_tests = true;
    alert_filter_judge(set.alerts, set.n_alerts, &r, NOW_MS, v);
    EXPECT(verdict_of(&set, v, "SIGNAGE-TEST-RMT-0005")->shown);
    /* A stricter threshold: only the Extreme one. */
    r = sf_rules();
    r.min_severity = CAP_EXTREME;
    alert_filter_judge(set.alerts, set.n_alerts, &r, NOW_MS, v);
    EXPECT(!verdict_of(&set, v, "SIGNAGE-TEST-FLOOD-0001")->shown);
    EXPECT_STR(verdict_of(&set, v, "SIGNAGE-TEST-FLOOD-0001")->why,
               "severity Severe is below min_severity Extreme");
    EXPECT(verdict_of(&set, v, "SIGNAGE-TEST-QUAKE-0002")->shown);
    /* Elsewhere (Sacramento, by point only): the wind warning, not the flood. */
    r = sf_rules();
    r.geocodes = NULL;
    r.point = (struct cap_point){38.58, -121.49};
    alert_filter_judge(set.alerts, set.n_alerts, &r, NOW_MS, v);
    EXPECT(verdict_of(&set, v, "SIGNAGE-TEST-WIND-0003")->shown);
    EXPECT(!verdict_of(&set, v, "SIGNAGE-TEST-FLOOD-0001")->shown);
    EXPECT(!verdict_of(&set, v, "SIGNAGE-TEST-QUAKE-0002")->shown); /* 110 km from the centre */
    /* Before it was sent... and at its expiry. */
    alert_filter_judge(set.alerts, set.n_alerts, &r, 0, v);
    EXPECT(!verdict_of(&set, v, "SIGNAGE-TEST-WIND-0003")->shown);
    cap_doc_free(&set);
}

static void test_languages(void)
{
    static const char *const files[] = {"flood-band.xml"};
    struct cap_doc set;
    load(&set, files, 1);
    const struct cap_alert *a = &set.alerts[0];
    int idx[8];
    const char *tags[8];
    char *en_es[] = {"en", "es"}, *es_zh[] = {"es", "zh-Hant"}, *zh[] = {"zh-Hant"};
    EXPECT_INT(alert_filter_infos(a, 3, en_es, 2, idx, tags, 8), 2);
    EXPECT(idx[0] == 0 && idx[1] == 1);
    EXPECT_STR(tags[1], "es");
    EXPECT_INT(alert_filter_infos(a, 3, es_zh, 2, idx, tags, 8), 1);
    EXPECT_INT(idx[0], 1);
    EXPECT_INT(alert_filter_infos(a, 3, zh, 1, idx, tags, 8), 1); /* none: the first */
    EXPECT_INT(idx[0], 0);
    EXPECT_STR(tags[0], "en-US");
    EXPECT_INT(alert_filter_infos(a, 3, NULL, 0, idx, tags, 8), 2); /* no languages: all */
    EXPECT(alert_filter_lang_match("zh-Hant", "zh-hant-TW", false));
    EXPECT(!alert_filter_lang_match("zh-Hant", "zh-Hans", false));
    EXPECT(alert_filter_lang_match("zh-Hant", "zh-Hans", true));
    EXPECT(!alert_filter_lang_match("en", "eng", false));
    cap_doc_free(&set);
}

static void test_area_rules(void)
{
    char *part[] = {"SAME:106075", NULL}, *other[] = {"SAME:006001", NULL};
    char *county_codes[] = {"SAME:006075"};
    struct cap_area county = {.geocodes = county_codes, .n_geocodes = 1};
    struct alert_rules r = {.geocodes = part};
    EXPECT(alert_filter_covers(&county, &r)); /* the whole county covers its part */
    char *part_codes[] = {"SAME:206075"};
    struct cap_area part_area = {.geocodes = part_codes, .n_geocodes = 1};
    EXPECT(!alert_filter_covers(&part_area, &r)); /* another part does not */
    r.geocodes = other;
    EXPECT(!alert_filter_covers(&county, &r));
    /* A concave polygon (a U): the point in its notch is outside. */
    struct cap_point u[] = {{0, 0}, {0, 3}, {3, 3}, {3, 2}, {1, 2}, {1, 1}, {3, 1}, {3, 0}, {0, 0}};
    struct cap_polygon pg = {u, 9};
    struct cap_area ua = {.polygons = &pg, .n_polygons = 1};
    r = (struct alert_rules){.has_point = true, .point = {2, 1.5}};
    EXPECT(!alert_filter_covers(&ua, &r));
    r.point = (struct cap_point){0.5, 1.5};
    EXPECT(alert_filter_covers(&ua, &r));
    struct cap_circle c = {{37.60, -122.40}, 20};
    struct cap_area ca = {.circles = &c, .n_circles = 1};
    r.point = (struct cap_point){37.7749, -122.4194}; /* 19.5 km away */
    EXPECT(alert_filter_covers(&ca, &r));
    c.radius_km = 19;
    EXPECT(!alert_filter_covers(&ca, &r));
}

static void test_feed(void)
{
    FILE *fp = fopen("alerts/feed.atom", "rb");
    EXPECT(fp != NULL);
    char buf[16384];
    size_t n = fp ? fread(buf, 1, sizeof(buf), fp) : 0;
    if (fp)
        fclose(fp);
    struct cap_doc d;
    char err[512];
    EXPECT_INT(
        cap_parse(buf, n, "https://alerts.example.org/feeds/all.atom", &d, NULL, err, sizeof(err)),
        0);
    EXPECT(d.is_feed);
    EXPECT_INT(d.n_alerts, 1);
    EXPECT_STR(d.n_alerts ? d.alerts[0].identifier : NULL, "SIGNAGE-TEST-FEED-0010");
    EXPECT_INT(d.n_links, 2);
    EXPECT_STR(d.n_links > 0 ? d.links[0] : NULL, "https://example.org/cap/quake-full.xml");
    EXPECT_STR(d.n_links > 1 ? d.links[1] : NULL, "https://alerts.example.org/cap/out-of-area.xml");
    cap_doc_free(&d);
}

static void test_hostile(void)
{
    struct cap_doc d;
    char err[512];
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    EXPECT_INT(cap_parse_file("alerts/billion-laughs.xml", NULL, &d, NULL, err, sizeof(err)), -1);
    getrusage(RUSAGE_SELF, &after);
    EXPECT(strstr(err, "alerts/billion-laughs.xml:") == err);
    EXPECT(strstr(err, "refused: it declares XML entities") != NULL);
    /* Cheaply: no expansion, so the peak memory barely moves. */
    EXPECT(after.ru_maxrss - before.ru_maxrss < 20000);
    EXPECT_INT(d.n_alerts, 0);

    EXPECT_INT(cap_parse_file("alerts/malformed.xml", NULL, &d, NULL, err, sizeof(err)), -1);
    EXPECT(strstr(err, "alerts/malformed.xml:7: not valid XML: Premature end of data") == err);

    /* Over the size limit: refused before parsing. */
    size_t big = CAP_MAX_BYTES + 1;
    char *huge = xcalloc(1, big);
    memset(huge, ' ', big);
    EXPECT_INT(cap_parse(huge, big, "huge.xml", &d, NULL, err, sizeof(err)), -1);
    EXPECT(strstr(err, "huge.xml: refused: ") == err);
    free(huge);

    /* Nested far deeper than any feed: libxml2's depth limit, one line. */
    int depth = 100000;
    char *deep = xcalloc(1, (size_t)depth * 7 + 64);
    char *p = deep;
    for (int i = 0; i < depth; i++)
        p += sprintf(p, "<a>");
    EXPECT_INT(cap_parse(deep, strlen(deep), "deep.xml", &d, NULL, err, sizeof(err)), -1);
    EXPECT(strstr(err, "deep.xml:1: not valid XML: ") == err);
    free(deep);

    /* CAP 1.1's namespace, or none: not 1.2. */
    const char *old = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"><identifier>x"
                      "</identifier></alert>";
    EXPECT_INT(cap_parse(old, strlen(old), "old.xml", &d, NULL, err, sizeof(err)), -1);
    EXPECT(strstr(err, "not CAP 1.2") != NULL);

    /* An alert breaking CAP's rules is left out, with one line per problem. */
    const char *bad = "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n"
                      "<identifier>X</identifier><sender>s</sender>\n"
                      "<sent>soon</sent><status>Actual</status><msgType>Update</msgType>\n"
                      "<scope>Public</scope><info><urgency>Now</urgency><severity>Severe"
                      "</severity><area><polygon>1,1 2,2 1,1</polygon></area></info></alert>";
    struct diag problems = {0};
    EXPECT_INT(cap_parse(bad, strlen(bad), "bad.xml", &d, &problems, err, sizeof(err)), 0);
    EXPECT_INT(d.n_alerts, 0);
    EXPECT_INT(problems.n_lines, 4);
    EXPECT_STR(problems.n_lines > 0 ? problems.lines[0] : NULL,
               "bad.xml:3: <sent> is not a CAP time (2026-12-01T14:30:00-08:00)");
    for (int i = 0; i < problems.n_lines; i++)
        fprintf(stderr, "  (expected) %s\n", problems.lines[i]);
    diag_free(&problems);
    cap_doc_free(&d);
}

static void test_settings(void)
{
    struct settings s;
    struct diag d = {0};
    const char *path = "/tmp/signage-test-alerts.cfg";
    EXPECT_INT(settings_load_text(path,
                                  "alerts = { feed = \"https://alerts.example.org/feed.atom\";\n"
                                  "  every = 30; min_severity = \"Extreme\"; show_tests = true;\n"
                                  "  area = { geocodes = [\"SAME:006075\"];\n"
                                  "           point = [37.7749, -122.4194]; }; };\n",
                                  &s, &d),
               0);
    EXPECT_STR(s.alerts_feed, "https://alerts.example.org/feed.atom"); /* a URL stays */
    struct alert_rules r;
    alert_filter_rules(&s, &r);
    EXPECT(r.has_point && r.point.lat == 37.7749 && r.point.lon == -122.4194);
    EXPECT_STR(r.geocodes[0], "SAME:006075");
    EXPECT_INT(r.min_severity, CAP_EXTREME);
    EXPECT_INT(r.min_urgency, CAP_EXPECTED);
    EXPECT(r.show_tests);
    EXPECT(s.alerts_every_s == 30);
    settings_free(&s);

    EXPECT_INT(
        settings_load_text(
            path, "alerts = { feed = \"cap\"; area = { geocodes = [\"X:1\"]; }; };\n", &s, &d),
        0);
    EXPECT_STR(s.alerts_feed, "/tmp/cap"); /* a folder, beside the config */
    settings_free(&s);

    EXPECT_INT(settings_load_text(path,
                                  "alerts = { feed = \"cap\";\n"
                                  "  min_severity = \"severe\";\n"
                                  "  area = { point = [95.0, 10.0]; }; };\n",
                                  &s, &d),
               -1);
    EXPECT_INT(d.n_lines, 2);
    EXPECT_STR(d.n_lines > 0 ? d.lines[0] : NULL,
               "/tmp/signage-test-alerts.cfg:2: alerts.min_severity: \"severe\" is not one of "
               "Extreme,Severe,Moderate,Minor,Unknown");
    EXPECT_STR(d.n_lines > 1 ? d.lines[1] : NULL,
               "/tmp/signage-test-alerts.cfg:3: alerts.area.point: latitude 95 is out of range "
               "-90..90 ([lat, lon])");
    diag_free(&d);
    settings_free(&s);

    EXPECT_INT(settings_load_text(path, "alerts = { feed = \"https://x.example/f\"; };\n", &s, &d),
               -1);
    EXPECT_STR(d.n_lines > 0 ? d.lines[0] : NULL,
               "/tmp/signage-test-alerts.cfg:1: alerts.area: give geocodes or a point: without "
               "them no alert is for this screen");
    diag_free(&d);
    settings_free(&s);
}

static struct cap_doc *set_of(const char *const *files, int n)
{
    struct cap_doc *set = xcalloc(1, sizeof(*set));
    load(set, files, n);
    return set;
}

/* Turns: languages in turn, a full-screen alert taking over, an Update
 * replacing its original on screen, the end when the set empties. */
static void test_show(void)
{
    struct alert_rules r = sf_rules();
    char *langs[] = {"en", "es"};
    struct alert_show *sh = alert_show_create(&r, langs, 2, 10000);
    struct alert_change ch;
    const struct cap_alert *a;
    const struct cap_info *in;
    static const char *const flood[] = {"flood-band.xml", "update-original.xml"};
    alert_show_set(sh, set_of(flood, 2));
    alert_show_tick(sh, NOW_MS, &ch);
    EXPECT(ch.started && !ch.ended && ch.mode_was == ALERT_OFF && ch.mode == ALERT_BAND);
    const struct alert_turn *t = alert_show_turn(sh, &a, &in);
    /* Both Severe; the AMBER alert is Immediate: first. It has English only. */
    EXPECT_STR(t ? t->identifier : NULL, "SIGNAGE-TEST-AMBER-0008");
    EXPECT_STR(t ? t->lang : NULL, "en");
    EXPECT_INT(t ? t->scheduled_ms : 0, 10000);
    alert_show_tick(sh, NOW_MS + 5000, &ch);
    EXPECT(!ch.started && !ch.ended);
    alert_show_tick(sh, NOW_MS + 10000, &ch);
    EXPECT(ch.started && ch.ended && ch.mode == ALERT_BAND);
    EXPECT_STR(ch.last.identifier, "SIGNAGE-TEST-AMBER-0008");
    alert_turn_free(&ch.last);
    t = alert_show_turn(sh, &a, &in);
    EXPECT_STR(t ? t->identifier : NULL, "SIGNAGE-TEST-FLOOD-0001");
    EXPECT_STR(t ? t->lang : NULL, "en");
    alert_show_tick(sh, NOW_MS + 20000, &ch);
    alert_turn_free(&ch.last);
    t = alert_show_turn(sh, &a, &in);
    EXPECT_STR(t ? t->lang : NULL, "es");
    EXPECT_STR(in ? in->headline : NULL, "Aviso de inundación para calles bajas cerca de la bahía");

    /* The update replaces its original (mid-turn: the turn ends early). */
    static const char *const updated[] = {"flood-band.xml", "update-original.xml", "update.xml"};
    alert_show_set(sh, set_of(updated, 3));
    alert_show_tick(sh, NOW_MS + 25000, &ch);
    EXPECT(!ch.ended); /* the flood's Spanish turn goes on */
    alert_turn_free(&ch.last);
    alert_show_tick(sh, NOW_MS + 30000, &ch);
    alert_turn_free(&ch.last);
    t = alert_show_turn(sh, &a, &in);
    EXPECT_STR(t ? t->identifier : NULL, "SIGNAGE-TEST-AMBER-0009");

    /* An Extreme and Immediate alert takes over, full screen, at once. */
    static const char *const quake[] = {"flood-band.xml", "quake-full.xml"};
    alert_show_set(sh, set_of(quake, 2));
    alert_show_tick(sh, NOW_MS + 31000, &ch);
    EXPECT(ch.ended && ch.started && ch.mode_was == ALERT_BAND && ch.mode == ALERT_FULL);
    EXPECT_INT(ch.last.started_ms, NOW_MS + 30000);
    alert_turn_free(&ch.last);
    t = alert_show_turn(sh, &a, &in);
    EXPECT_STR(t ? t->identifier : NULL, "SIGNAGE-TEST-QUAKE-0002");

    /* Gone from the feed: the screen goes back to the rotation. */
    alert_show_set(sh, xcalloc(1, sizeof(struct cap_doc)));
    alert_show_tick(sh, NOW_MS + 32000, &ch);
    EXPECT(ch.ended && !ch.started && ch.mode == ALERT_OFF);
    alert_turn_free(&ch.last);
    EXPECT(alert_show_turn(sh, NULL, NULL) == NULL);
    alert_show_destroy(sh);
}

/* The folder of test messages, read once and by the thread: every message
 * but the two refused, which are named. */
static void test_feed_folder(void)
{
    struct diag problems = {0};
    struct cap_doc *set = alert_feed_read_once("alerts", &problems);
    EXPECT_INT(set->n_alerts, 9);
    EXPECT_INT(problems.n_lines, 2);
    EXPECT_STR(problems.n_lines > 0 ? problems.lines[0] : NULL,
               "alerts: alerts/billion-laughs.xml:3: refused: it declares XML entities (CAP needs "
               "none)");
    cap_doc_free(set);
    free(set);
    diag_free(&problems);

    struct alert_feed_opts o = {.source = "alerts", .every_s = 1};
    struct alert_feed *f = alert_feed_start(&o);
    EXPECT(f != NULL);
    for (int i = 0; i < 500 && !(set = alert_feed_take(f)); i++)
        usleep(10000);
    EXPECT_INT(set ? set->n_alerts : -1, 9);
    if (set) {
        cap_doc_free(set);
        free(set);
    }
    alert_feed_stop(f);

    problems = (struct diag){0};
    set = alert_feed_read_once("no-such-folder", &problems);
    EXPECT_INT(set->n_alerts, 0);
    EXPECT_STR(problems.n_lines ? problems.lines[0] : NULL,
               "alerts: no-such-folder: No such file or directory");
    cap_doc_free(set);
    free(set);
    diag_free(&problems);
}

int main(void)
{
    test_feed_folder();
    test_show();
    test_settings();
    test_times();
    test_messages();
    test_languages();
    test_area_rules();
    test_feed();
    test_hostile();
    return test_result("test_alerts");
}
