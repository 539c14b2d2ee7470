#include "alerts/cap.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"

/* ---- names ---- */

static const char *const status_names[] = {"Actual", "Exercise", "System", "Test", "Draft"};
static const char *const msg_type_names[] = {"Alert", "Update", "Cancel", "Ack", "Error"};
static const char *const scope_names[] = {"Public", "Restricted", "Private"};
static const char *const urgency_names[] = {"Unknown", "Past", "Future", "Expected", "Immediate"};
static const char *const severity_names[] = {"Unknown", "Minor", "Moderate", "Severe", "Extreme"};

#define N_OF(a) ((int)(sizeof(a) / sizeof(a[0])))

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *cap_status_name(enum cap_status v)
{
    return status_names[v];
}
const char *cap_msg_type_name(enum cap_msg_type v)
{
    return msg_type_names[v];
}
const char *cap_scope_name(enum cap_scope v)
{
    return scope_names[v];
}
const char *cap_urgency_name(enum cap_urgency v)
{
    return urgency_names[v];
}
const char *cap_severity_name(enum cap_severity v)
{
    return severity_names[v];
}

int cap_severity_parse(const char *s, enum cap_severity *out)
{
    int i = name_index(severity_names, N_OF(severity_names), s);
    if (i < 0)
        return -1;
    *out = (enum cap_severity)i;
    return 0;
}

int cap_urgency_parse(const char *s, enum cap_urgency *out)
{
    int i = name_index(urgency_names, N_OF(urgency_names), s);
    if (i < 0)
        return -1;
    *out = (enum cap_urgency)i;
    return 0;
}

/* ---- times ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int cap_time_parse(const char *s, int64_t *ms)
{
    int y, mo, d, h, mi, sec, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
        n != 19)
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    const char *p = s + n;
    int frac_ms = 0;
    if (*p == '.') { /* not in CAP, but harmless */
        p++;
        for (int k = 0; isdigit((unsigned char)*p); k++, p++)
            if (k < 3)
                frac_ms = frac_ms * 10 + (*p - '0');
    }
    int offset_min = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, m = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5 || oh > 14 || om > 59)
            return -1;
        offset_min = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1; /* CAP requires the offset */
    }
    if (*p)
        return -1;
    int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    *ms = t * 1000 + frac_ms;
    return 0;
}

/* ---- reading elements ---- */

/* The parse of one document: where problems go. */
struct reader {
    const char *name;
    struct diag *problems;
    int bad; /* problems found in the alert being read */
};

static void problem(struct reader *r, const xmlNode *n, const char *fmt, const char *what)
{
    r->bad++;
    if (r->problems) {
        char msg[256];
        snprintf(msg, sizeof(msg), fmt, what);
        diag_add(r->problems, "%s:%d: %s", r->name, n ? (int)xmlGetLineNo(n) : 0, msg);
    }
}

static bool is_el(const xmlNode *n, const char *ns, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0 &&
           (!ns || (n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0));
}

/* The element's text, trimmed; caller frees. "" for an empty element. */
static char *text_of(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    const char *s = c ? (const char *)c : "";
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char *out = xcalloc(1, len + 1);
    memcpy(out, s, len);
    xmlFree(c);
    return out;
}

/* Replaces *field with the element's text; a repeated element keeps the first. */
static void take_text(char **field, const xmlNode *n)
{
    if (!*field)
        *field = text_of(n);
}

static void enum_of(struct reader *r, const xmlNode *n, const char *const *names, int count,
                    int *out, const char *what)
{
    char *t = text_of(n);
    int i = name_index(names, count, t);
    if (i < 0)
        problem(r, n, "%s is not one CAP knows", what);
    else
        *out = i;
    free(t);
}

static void time_of(struct reader *r, const xmlNode *n, int64_t *out, const char *what)
{
    char *t = text_of(n);
    if (cap_time_parse(t, out) < 0)
        problem(r, n, "<%s> is not a CAP time (2026-12-01T14:30:00-08:00)", what);
    free(t);
}

/* "lat,lon" -> point; returns the characters used or -1. */
static int point_of(const char *s, struct cap_point *pt)
{
    int used = 0;
    if (sscanf(s, " %lf , %lf%n", &pt->lat, &pt->lon, &used) != 2)
        return -1;
    if (!(pt->lat >= -90 && pt->lat <= 90 && pt->lon >= -180 && pt->lon <= 180))
        return -1;
    return used;
}

static void polygon_of(struct reader *r, const xmlNode *n, struct cap_area *ar)
{
    char *t = text_of(n);
    struct cap_polygon pg = {0};
    const char *p = t;
    int cap = 0;
    while (*p) {
        struct cap_point pt;
        int used = point_of(p, &pt);
        if (used < 0)
            goto bad;
        if (pg.n == cap) {
            cap = cap ? cap * 2 : 8;
            pg.pts = xrealloc(pg.pts, (size_t)cap * sizeof(*pg.pts));
        }
        pg.pts[pg.n++] = pt;
        p += used;
        while (isspace((unsigned char)*p))
            p++;
    }
    /* CAP: four or more pairs, the first and the last the same. */
    if (pg.n < 4 || pg.pts[0].lat != pg.pts[pg.n - 1].lat || pg.pts[0].lon != pg.pts[pg.n - 1].lon)
        goto bad;
    ar->polygons = xrealloc(ar->polygons, (size_t)(ar->n_polygons + 1) * sizeof(*ar->polygons));
    ar->polygons[ar->n_polygons++] = pg;
    free(t);
    return;
bad:
    problem(r, n, "%s", "<polygon> is not four or more \"lat,lon\" pairs ending where it starts");
    free(pg.pts);
    free(t);
}

static void circle_of(struct reader *r, const xmlNode *n, struct cap_area *ar)
{
    char *t = text_of(n);
    struct cap_circle c;
    int used = point_of(t, &c.centre);
    char *end = NULL;
    if (used >= 0) {
        errno = 0;
        c.radius_km = strtod(t + used, &end);
    }
    if (used < 0 || !end || end == t + used || *end || !(c.radius_km >= 0)) {
        problem(r, n, "%s", "<circle> is not \"lat,lon radius_km\"");
    } else {
        ar->circles = xrealloc(ar->circles, (size_t)(ar->n_circles + 1) * sizeof(*ar->circles));
        ar->circles[ar->n_circles++] = c;
    }
    free(t);
}

static void geocode_of(struct reader *r, const xmlNode *n, struct cap_area *ar)
{
    char *name = NULL, *value = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_el(c, CAP_NS, "valueName"))
            take_text(&name, c);
        else if (is_el(c, CAP_NS, "value"))
            take_text(&value, c);
    }
    if (name && value && name[0] && value[0]) {
        ar->geocodes = xrealloc(ar->geocodes, (size_t)(ar->n_geocodes + 1) * sizeof(char *));
        ar->geocodes[ar->n_geocodes++] = xasprintf("%s:%s", name, value);
    } else {
        problem(r, n, "%s", "<geocode> needs a <valueName> and a <value>");
    }
    free(name);
    free(value);
}

static void area_of(struct reader *r, const xmlNode *n, struct cap_info *in)
{
    struct cap_area ar = {0};
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_el(c, CAP_NS, "areaDesc"))
            take_text(&ar.desc, c);
        else if (is_el(c, CAP_NS, "polygon"))
            polygon_of(r, c, &ar);
        else if (is_el(c, CAP_NS, "circle"))
            circle_of(r, c, &ar);
        else if (is_el(c, CAP_NS, "geocode"))
            geocode_of(r, c, &ar);
    }
    if (!ar.desc)
        ar.desc = xstrdup("");
    in->areas = xrealloc(in->areas, (size_t)(in->n_areas + 1) * sizeof(*in->areas));
    in->areas[in->n_areas++] = ar;
}

static void info_of(struct reader *r, const xmlNode *n, struct cap_alert *a)
{
    struct cap_info in = {0};
    bool has_urgency = false, has_severity = false;
    xmlChar *xml_lang = xmlNodeGetLang(n);
    for (const xmlNode *c = n->children; c; c = c->next) {
        int v;
        if (is_el(c, CAP_NS, "language")) {
            take_text(&in.lang, c);
        } else if (is_el(c, CAP_NS, "event")) {
            take_text(&in.event, c);
        } else if (is_el(c, CAP_NS, "headline")) {
            take_text(&in.headline, c);
        } else if (is_el(c, CAP_NS, "description")) {
            take_text(&in.description, c);
        } else if (is_el(c, CAP_NS, "instruction")) {
            take_text(&in.instruction, c);
        } else if (is_el(c, CAP_NS, "senderName")) {
            take_text(&in.sender_name, c);
        } else if (is_el(c, CAP_NS, "urgency")) {
            v = 0;
            enum_of(r, c, urgency_names, N_OF(urgency_names), &v, "<urgency>");
            in.urgency = (enum cap_urgency)v;
            has_urgency = true;
        } else if (is_el(c, CAP_NS, "severity")) {
            v = 0;
            enum_of(r, c, severity_names, N_OF(severity_names), &v, "<severity>");
            in.severity = (enum cap_severity)v;
            has_severity = true;
        } else if (is_el(c, CAP_NS, "effective")) {
            time_of(r, c, &in.effective_ms, "effective");
        } else if (is_el(c, CAP_NS, "expires")) {
            time_of(r, c, &in.expires_ms, "expires");
        } else if (is_el(c, CAP_NS, "area")) {
            area_of(r, c, &in);
        }
    }
    if (!in.lang || !in.lang[0]) {
        free(in.lang);
        in.lang = xstrdup(xml_lang ? (const char *)xml_lang : "en-US"); /* CAP's default */
    }
    xmlFree(xml_lang);
    if (!has_urgency)
        problem(r, n, "%s", "<info> has no <urgency>");
    if (!has_severity)
        problem(r, n, "%s", "<info> has no <severity>");
    a->infos = xrealloc(a->infos, (size_t)(a->n_infos + 1) * sizeof(*a->infos));
    a->infos[a->n_infos++] = in;
}

/* <references>: "sender,identifier,sent" entries separated by spaces. */
static void refs_of(struct reader *r, const xmlNode *n, struct cap_alert *a)
{
    char *t = text_of(n), *save = NULL;
    for (char *tok = strtok_r(t, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        char *c1 = strchr(tok, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2) {
            problem(r, n, "%s", "<references> entry is not \"sender,identifier,sent\"");
            continue;
        }
        *c1 = *c2 = '\0';
        a->refs = xrealloc(a->refs, (size_t)(a->n_refs + 1) * sizeof(*a->refs));
        a->refs[a->n_refs++] = (struct cap_ref){xstrdup(tok), xstrdup(c1 + 1)};
    }
    free(t);
}

/* Reads one <alert>; returns 0 when it follows CAP's rules. */
static int alert_of(struct reader *r, const xmlNode *n, struct cap_alert *a)
{
    memset(a, 0, sizeof(*a));
    r->bad = 0;
    a->line = (int)xmlGetLineNo(n);
    a->source = xstrdup(r->name);
    bool has[4] = {false};
    for (const xmlNode *c = n->children; c; c = c->next) {
        int v = 0;
        if (is_el(c, CAP_NS, "identifier")) {
            take_text(&a->identifier, c);
        } else if (is_el(c, CAP_NS, "sender")) {
            take_text(&a->sender, c);
        } else if (is_el(c, CAP_NS, "sent")) {
            time_of(r, c, &a->sent_ms, "sent");
            has[0] = true;
        } else if (is_el(c, CAP_NS, "status")) {
            enum_of(r, c, status_names, N_OF(status_names), &v, "<status>");
            a->status = (enum cap_status)v;
            has[1] = true;
        } else if (is_el(c, CAP_NS, "msgType")) {
            enum_of(r, c, msg_type_names, N_OF(msg_type_names), &v, "<msgType>");
            a->msg_type = (enum cap_msg_type)v;
            has[2] = true;
        } else if (is_el(c, CAP_NS, "scope")) {
            enum_of(r, c, scope_names, N_OF(scope_names), &v, "<scope>");
            a->scope = (enum cap_scope)v;
            has[3] = true;
        } else if (is_el(c, CAP_NS, "references")) {
            refs_of(r, c, a);
        } else if (is_el(c, CAP_NS, "info")) {
            info_of(r, c, a);
        }
    }
    static const char *const required[] = {"<sent>", "<status>", "<msgType>", "<scope>"};
    for (int i = 0; i < 4; i++)
        if (!has[i])
            problem(r, n, "<alert> has no %s", required[i]);
    if (!a->identifier || !a->identifier[0])
        problem(r, n, "%s", "<alert> has no <identifier>");
    if (!a->sender || !a->sender[0])
        problem(r, n, "%s", "<alert> has no <sender>");
    if ((a->msg_type == CAP_UPDATE || a->msg_type == CAP_CANCEL) && a->n_refs == 0)
        problem(r, n, "<alert> is an %s without <references>", msg_type_names[a->msg_type]);
    return r->bad ? -1 : 0;
}

/* ---- feeds ---- */

static void add_link(struct cap_doc *doc, const char *href, const char *base)
{
    if (!href || !href[0] || doc->n_links >= CAP_MAX_LINKS)
        return;
    xmlChar *abs = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
    const char *u = abs ? (const char *)abs : href;
    /* Only web links: a feed must not make the player read its own files. */
    if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0) {
        for (int i = 0; i < doc->n_links; i++)
            if (strcmp(doc->links[i], u) == 0)
                goto out;
        doc->links = xrealloc(doc->links, (size_t)(doc->n_links + 1) * sizeof(char *));
        doc->links[doc->n_links++] = xstrdup(u);
    }
out:
    xmlFree(abs);
}

static bool has_cap_alert(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c && depth < CAP_MAX_DEPTH; c = c->next)
        if (is_el(c, CAP_NS, "alert") ||
            (c->type == XML_ELEMENT_NODE && has_cap_alert(c, depth + 1)))
            return true;
    return false;
}

static bool attr_is(const xmlNode *n, const char *attr, const char *want)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    bool yes = v && strstr((const char *)v, want) != NULL;
    xmlFree(v);
    return yes;
}

/* A feed entry (Atom <entry>, RSS <item>) that embeds no alert: the link to its CAP message. */
static void entry_link(struct cap_doc *doc, const xmlNode *n, const char *base)
{
    const xmlNode *fallback = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool atom_link = is_el(c, ATOM_NS, "link");
        bool enclosure = is_el(c, NULL, "enclosure");
        if ((atom_link || enclosure) && attr_is(c, "type", "cap")) {
            xmlChar *href = xmlGetProp(c, (const xmlChar *)(enclosure ? "url" : "href"));
            add_link(doc, (const char *)href, base);
            xmlFree(href);
            return;
        }
        if (!fallback && (atom_link || is_el(c, NULL, "link")))
            fallback = c;
    }
    if (!fallback)
        return;
    xmlChar *href = xmlGetProp(fallback, (const xmlChar *)"href");
    char *text = href ? NULL : text_of(fallback);
    add_link(doc, href ? (const char *)href : text, base);
    xmlFree(href);
    free(text);
}

static void walk(struct reader *r, struct cap_doc *doc, const xmlNode *n, int depth,
                 const char *base)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, CAP_NS, "alert")) {
            struct cap_alert a;
            if (alert_of(r, c, &a) == 0 && doc->n_alerts < CAP_MAX_ALERTS)
                cap_doc_take(doc, &a);
            else
                cap_alert_free(&a);
            continue;
        }
        bool entry =
            is_el(c, ATOM_NS, "entry") || (!c->ns && strcmp((const char *)c->name, "item") == 0);
        if (entry && !has_cap_alert(c, 0))
            entry_link(doc, c, base);
        else if (depth + 1 < CAP_MAX_DEPTH)
            walk(r, doc, c, depth + 1, base);
    }
}

/* ---- parsing ---- */

struct guard {
    bool entities; /* the document declared an entity */
};

/* Any entity declaration stops the parse: CAP and its feeds need none, and
 * nested entities are how small files expand into gigabytes. */
static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content)
{
    xmlParserCtxtPtr ctxt = ctx;
    ((struct guard *)ctxt->_private)->entities = true;
    xmlStopParser(ctxt);
}

int cap_parse(const char *buf, size_t len, const char *name, struct cap_doc *doc,
              struct diag *problems, char *err, size_t errlen)
{
    memset(doc, 0, sizeof(*doc));
    if (len > CAP_MAX_BYTES) {
        snprintf(err, errlen, "%s: refused: %zu bytes, over the %d MB limit", name, len,
                 CAP_MAX_BYTES >> 20);
        return -1;
    }
    struct guard g = {false};
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    ctxt->_private = &g;
    ctxt->sax->entityDecl = refuse_entity;
    int rc = -1;
    xmlDocPtr x = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (g.entities) {
        snprintf(err, errlen, "%s:%d: refused: it declares XML entities (CAP needs none)", name,
                 e && e->line  ? e->line
                 : ctxt->input ? ctxt->input->line
                               : 0);
        goto out;
    }
    if (!x || !ctxt->wellFormed) {
        char msg[200] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%s", e->message);
            msg[strcspn(msg, "\n")] = '\0';
        }
        snprintf(err, errlen, "%s:%d: not valid XML: %s", name, e ? e->line : 0, msg);
        goto out;
    }
    const xmlNode *root = xmlDocGetRootElement(x);
    struct reader r = {.name = name, .problems = problems};
    if (root && is_el(root, CAP_NS, "alert")) {
        struct cap_alert a;
        if (alert_of(&r, root, &a) == 0)
            cap_doc_take(doc, &a);
        else
            cap_alert_free(&a);
    } else if (root && is_el(root, NULL, "alert")) {
        snprintf(err, errlen, "%s:%d: not CAP 1.2: <alert> is not in the namespace %s", name,
                 (int)xmlGetLineNo(root), CAP_NS);
        goto out;
    } else if (root) {
        doc->is_feed = true;
        walk(&r, doc, root, 0, name);
    }
    rc = 0;
out:
    xmlFreeDoc(x);
    xmlFreeParserCtxt(ctxt);
    return rc;
}

int cap_parse_file(const char *path, const char *name, struct cap_doc *doc, struct diag *problems,
                   char *err, size_t errlen)
{
    if (!name)
        name = path;
    memset(doc, 0, sizeof(*doc));
    FILE *fp = fopen(path, "rb");
    struct stat st;
    if (!fp || fstat(fileno(fp), &st) != 0) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        if (fp)
            fclose(fp);
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > CAP_MAX_BYTES) {
        if (S_ISREG(st.st_mode))
            snprintf(err, errlen, "%s: refused: %lld bytes, over the %d MB limit", path,
                     (long long)st.st_size, CAP_MAX_BYTES >> 20);
        else
            snprintf(err, errlen, "%s: not a regular file", path);
        fclose(fp);
        return -1;
    }
    size_t len = (size_t)st.st_size;
    char *buf = xcalloc(1, len + 1);
    size_t got = fread(buf, 1, len, fp);
    fclose(fp);
    int rc = cap_parse(buf, got, name, doc, problems, err, errlen);
    free(buf);
    return rc;
}
