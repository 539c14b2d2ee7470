/* words: what the kiosk says of itself in each language it knows: the
 * language's own name in its own script, the labels of its buttons, and the
 * text of the built-in hotline page. Pure data and lookups; any thread. */
#ifndef SIGNAGE_WORDS_H
#define SIGNAGE_WORDS_H

#include <stdbool.h>

enum kiosk_word {
    WORD_NAME,       /* the language named in its own script */
    WORD_CHOOSE,     /* "Choose your language" */
    WORD_QUICK_EXIT, /* the button that leaves at once */
    WORD_READ_ALOUD,
    WORD_LANGUAGES,  /* back to the language chooser */
    WORD_NO_SPEECH,  /* read aloud is unavailable (no voice, quiet hours, no audio) */
    WORD_HELP_TITLE, /* the built-in hotline page */
    WORD_HELP_BODY,
    WORD_COUNT
};

/* The table's tag for tag: an exact (case-insensitive) match, else the first
 * entry of the same primary language ("zh-TW" -> "zh-Hant", "es-MX" -> "es"),
 * else NULL. */
const char *kiosk_words_tag(const char *tag);

/* Word w in language tag, or NULL when the table has none in it. Static. */
const char *kiosk_word_in(const char *tag, enum kiosk_word w);

/* Word w in language tag, else in English; for WORD_NAME, else tag itself.
 * Never NULL. */
const char *kiosk_word(const char *tag, enum kiosk_word w);

#endif
