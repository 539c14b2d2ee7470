/* cap: CAP 1.2 (OASIS Common Alerting Protocol) messages, and Atom or RSS
 * feeds of them, parsed with libxml2 into plain structs. Pure: no thread,
 * no network, no clock; any thread, one document at a time per call.
 *
 * What it refuses, each with one line naming the document (and the XML line):
 * a document over CAP_MAX_BYTES; one that declares entities (a DOCTYPE with
 * <!ENTITY ...>: CAP needs none, and this is how "billion laughs" files
 * are stopped before any expansion); malformed XML; elements nested deeper
 * than libxml2's limit. External entities and DTDs are never loaded and the
 * parser never touches the network (XML_PARSE_NONET, no XML_PARSE_NOENT, no
 * XML_PARSE_DTDLOAD).
 *
 * Where alerts are found: the root <alert> itself; every <alert> in the CAP
 * 1.2 namespace inside a feed (Atom <entry><content>, RSS <item>, or any
 * wrapper such as IPAWS's <alerts>), up to CAP_MAX_DEPTH levels down; and
 * links to CAP messages in Atom entries (<link type="application/cap+xml">,
 * or the entry's link when it embeds no alert) and RSS items (<link>,
 * <enclosure>), which the caller fetches and parses in turn. */
#ifndef SIGNAGE_CAP_H
#define SIGNAGE_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

#define CAP_MAX_BYTES  (8 * 1024 * 1024) /* a larger document is refused unread */
#define CAP_MAX_DEPTH  8                 /* how deep in a feed an <alert> is looked for */
#define CAP_MAX_ALERTS 500               /* alerts kept from one document */
#define CAP_MAX_LINKS  64                /* linked messages taken from one feed */
#define CAP_NS         "urn:oasis:names:tc:emergency:cap:1.2"

/* Urgency and severity are ordered: a larger value is more urgent, more severe. */
enum cap_status { CAP_ACTUAL, CAP_EXERCISE, CAP_SYSTEM, CAP_TEST, CAP_DRAFT };
enum cap_msg_type { CAP_ALERT, CAP_UPDATE, CAP_CANCEL, CAP_ACK, CAP_ERROR };
enum cap_scope { CAP_PUBLIC, CAP_RESTRICTED, CAP_PRIVATE };
enum cap_urgency { CAP_URGENCY_UNKNOWN, CAP_PAST, CAP_FUTURE, CAP_EXPECTED, CAP_IMMEDIATE };
enum cap_severity { CAP_SEVERITY_UNKNOWN, CAP_MINOR, CAP_MODERATE, CAP_SEVERE, CAP_EXTREME };

struct cap_point {
    double lat, lon;
};

struct cap_polygon {
    struct cap_point *pts; /* closed: the first point again at the end */
    int n;
};

struct cap_circle {
    struct cap_point centre;
    double radius_km;
};

struct cap_area {
    char *desc; /* areaDesc */
    struct cap_polygon *polygons;
    int n_polygons;
    struct cap_circle *circles;
    int n_circles;
    char **geocodes; /* "valueName:value", e.g. "SAME:006075" */
    int n_geocodes;
};

struct cap_info {
    char *lang; /* <language>, or xml:lang, default "en-US" */
    char *event, *headline, *description, *instruction, *sender_name; /* NULL when absent */
    enum cap_urgency urgency;
    enum cap_severity severity;
    int64_t effective_ms; /* UTC; 0 = the alert's sent */
    int64_t expires_ms;   /* UTC; 0 = none given */
    struct cap_area *areas;
    int n_areas;
};

/* A reference to an earlier message: "sender,identifier,sent". */
struct cap_ref {
    char *sender, *identifier;
};

struct cap_alert {
    char *identifier, *sender;
    int64_t sent_ms; /* UTC */
    enum cap_status status;
    enum cap_msg_type msg_type;
    enum cap_scope scope;
    struct cap_ref *refs;
    int n_refs;
    struct cap_info *infos;
    int n_infos;
    char *source; /* the file or URL it came from */
    int line;     /* of its <alert> element */
};

/* What one document held. */
struct cap_doc {
    struct cap_alert *alerts;
    int n_alerts;
    char **links; /* absolute URLs of CAP messages the feed points to */
    int n_links;
    bool is_feed; /* an Atom or RSS feed (or a wrapper), not one message */
};

/* Parses the len bytes at buf, named name in messages (and the base of
 * relative links). Returns 0 and fills doc (caller frees with
 * cap_doc_free()), or -1 with one line "name:line: reason" in err and doc
 * left empty. An alert that breaks CAP's rules (no identifier, a bad time,
 * a polygon of three points) is left out with one line per problem added
 * to problems (may be NULL); the others are kept. */
int cap_parse(const char *buf, size_t len, const char *name, struct cap_doc *doc,
              struct diag *problems, char *err, size_t errlen);

/* Reads the file at path (refusing one over CAP_MAX_BYTES before reading)
 * and parses it as cap_parse(), named name (NULL: path) in messages. */
int cap_parse_file(const char *path, const char *name, struct cap_doc *doc, struct diag *problems,
                   char *err, size_t errlen);

/* cap_doc_free(NULL) is a no-op; doc is left empty. */
void cap_doc_free(struct cap_doc *doc);

/* Frees what one alert owns and zeroes it. */
void cap_alert_free(struct cap_alert *a);

/* Moves alert a (left zeroed) to the end of doc's alerts. */
void cap_doc_take(struct cap_doc *doc, struct cap_alert *a);

/* A deep copy of a, owned by the caller. */
void cap_alert_copy(struct cap_alert *dst, const struct cap_alert *a);

/* Parses a CAP dateTime ("2026-12-01T14:30:00-08:00"; "Z" accepted) into
 * UTC ms. Returns 0 or -1. */
int cap_time_parse(const char *s, int64_t *ms);

/* Names as CAP writes them: "Actual", "Update", "Immediate", "Severe"... */
const char *cap_status_name(enum cap_status v);
const char *cap_msg_type_name(enum cap_msg_type v);
const char *cap_scope_name(enum cap_scope v);
const char *cap_urgency_name(enum cap_urgency v);
const char *cap_severity_name(enum cap_severity v);

/* Parses a severity or urgency name as CAP writes it. Returns 0 or -1. */
int cap_severity_parse(const char *s, enum cap_severity *out);
int cap_urgency_parse(const char *s, enum cap_urgency *out);

#endif
