/* compliance: `signage report --compliance` - the evidence a public-health
 * inspector reads that a screen showed the human-trafficking notice its law
 * requires. One printable page per screen found in the ledgers:
 *
 *   the law (name, amendment, required languages, minimum size);
 *   the text files shown, with the SHA-256 the player recorded and the
 *   source their notes give;
 *   the languages the law requires against those shown;
 *   the notice's minutes on screen per day per language;
 *   the size check on the configured panel (physical size and type size
 *   against the law's minimum);
 *   the newest proof screenshot taken while the notice was on screen, when
 *   the ledger has one (the appliance's `screenshots`).
 *
 * HTML with print CSS (US letter pages), self-contained (the screenshot is
 * embedded); PDF by printing that HTML with headless Chromium.
 * Main thread when it measures the notice (SDL_ttf). */
#ifndef SIGNAGE_COMPLIANCE_H
#define SIGNAGE_COMPLIANCE_H

#include <stddef.h>
#include <stdio.h>

#include "config/notice_law.h"
#include "config/settings.h"
#include "ledger/report.h"

struct compliance_opts {
    const struct report_opts *ro; /* ledgers, period, time zone */
    const struct settings *s;     /* the notice's config and the panel's size */
    const struct notice_law *law; /* its law */
    int panel_w, panel_h;         /* the panel's pixels, for the size check */
};

/* Writes the pages as one HTML document to fp. Returns 0, or -1 with one
 * line in err (a ledger that cannot be read, a write error). */
int compliance_write_html(const struct compliance_opts *o, FILE *fp, char *err, size_t errlen);

/* Prints the HTML file html_path to pdf_path with headless Chromium (the
 * `chromium` package), killed after 120 s. Returns 0, or -1 with the
 * reason in err. */
int compliance_print_pdf(const char *html_path, const char *pdf_path, char *err, size_t errlen);

#endif
