/* literal: what libconfig 1.5 (Debian 12's) reads wrongly without a word.
 *
 * An integer literal outside 32 bits without the L suffix (4294967297,
 * 0x100000001, -2147483649) comes back wrapped or clamped as a plain int:
 * `duration = 4294967297` would play for 1 s. A UTF-8 byte order mark at the
 * start of a file is a bare "syntax error". The settings and playlist
 * loaders read the file's text themselves, skip the mark and scan the text
 * with literal_check() before libconfig parses it. Pure; any thread. */
#ifndef SIGNAGE_LITERAL_H
#define SIGNAGE_LITERAL_H

#include "base/util.h"

/* Adds one line "file:line: NAME: VALUE is too large for a whole number
 * (-2147483648..2147483647)" to d for every integer literal of text that
 * libconfig would not read as written (NAME is the setting the literal is
 * given to, when the line names one). Returns how many there were. */
int literal_check(const char *text, const char *file, struct diag *d);

/* text without a UTF-8 byte order mark at its start. */
const char *literal_skip_bom(const char *text);

#endif
