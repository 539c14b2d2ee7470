/* notice_law: the rules one law sets for the human-trafficking notice - the
 * languages it requires, the smallest size and type it allows, and where
 * its texts come from - read from a data file, so that a new state is a
 * folder of data, not code.
 *
 * notice.dir holds one folder per law, named by notice.law ("us-ca",
 * "us-fl", "us-tx"): law.cfg and the texts <language>.txt. law.cfg:
 *
 *   law = { name = "California Civil Code section 52.6"; amended = "...";
 *           languages = ["en", "es"]; languages_note = "...";
 *           min_width_in = 8.5; min_height_in = 11.0; min_type_pt = 16.0;
 *           size_note = "..."; texts_from = "..."; penalty = "..."; };
 *
 * A minimum of 0 means the law sets none (no physical check). Pure data:
 * no SDL, any thread. */
#ifndef SIGNAGE_NOTICE_LAW_H
#define SIGNAGE_NOTICE_LAW_H

#include <stdbool.h>

#include "base/util.h"

#define NOTICE_LAW_DEFAULT "us-ca"

struct notice_law {
    char *id;         /* "us-ca" */
    char *dir;        /* the law's folder: law.cfg and the texts */
    char *name;       /* "California Civil Code section 52.6" */
    char *amended;    /* "" when not stated */
    char **languages; /* required, NULL-ended */
    char *languages_note;
    double min_width_in, min_height_in, min_type_pt; /* 0 = none */
    char *size_note;
    char *texts_from;
    char *penalty;
};

/* Reads notice_dir/id/law.cfg into law. Returns 0, or -1 with one line per
 * problem in d, naming the file and line, and the setting; where the
 * problem is the id itself the line names config_path's notice.law.
 * law must be freed either way. */
int notice_law_load(struct notice_law *law, const char *notice_dir, const char *id,
                    const char *config_path, struct diag *d);

/* notice_law_free() of a zeroed or loaded law; it is zeroed after. */
void notice_law_free(struct notice_law *law);

/* True when lang is one of the law's required languages. */
bool notice_law_requires(const struct notice_law *law, const char *lang);

#endif
