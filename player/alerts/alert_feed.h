/* alert_feed: the alerts a screen receives, gathered on a thread of its own
 * that alone owns its curl handle and reads its files; the play loop only
 * takes the newest set (a mutex held for a pointer swap, never for I/O).
 *
 * The source is a URL (http:// or https://) of a CAP message or of an Atom
 * or RSS feed of them, fetched with conditional requests (ETag,
 * If-Modified-Since) every every_s seconds; messages the feed links to are
 * fetched once each and kept while the feed lists them. Or it is a folder
 * (every *.xml and *.cap file in it, read every every_s seconds) or one
 * file. Every download is capped at CAP_MAX_BYTES; a document refused
 * (too large, malformed, declaring entities) is logged once by name and
 * the rest of the set stands. When the source cannot be reached the last
 * set is kept: its alerts still end at their own expiry. */
#ifndef SIGNAGE_ALERT_FEED_H
#define SIGNAGE_ALERT_FEED_H

#include "alerts/cap.h"

struct alert_feed_opts {
    const char *source; /* URL, folder or file; copied */
    double every_s;     /* how often it is read */
};

struct alert_feed;

/* Starts the thread; the first read begins at once. Returns NULL (logged)
 * when the thread or its scratch folder cannot be made. Main thread. */
struct alert_feed *alert_feed_start(const struct alert_feed_opts *o);

/* Stops the thread (a transfer under way is cancelled within about a
 * second), removes its scratch files and frees everything.
 * alert_feed_stop(NULL) is a no-op. Main thread. */
void alert_feed_stop(struct alert_feed *f);

/* The set of alerts read last, if it changed since the previous call: a
 * document owned by the caller (free with cap_doc_free() then free()).
 * NULL when nothing changed. Never blocks on I/O. Main thread. */
struct cap_doc *alert_feed_take(struct alert_feed *f);

/* Reads source once, as the thread does, on the calling thread: the set
 * (caller frees) with the documents refused and the alerts left out in
 * problems. For `signage check` and tests. */
struct cap_doc *alert_feed_read_once(const char *source, struct diag *problems);

#endif
