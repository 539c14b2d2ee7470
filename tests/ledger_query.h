/* ledger_query: one number read from a ledger with SQL, read-only, for tests
 * that check what the ledger thread wrote. */
#ifndef SIGNAGE_LEDGER_QUERY_H
#define SIGNAGE_LEDGER_QUERY_H

#include <sqlite3.h>
#include <stdint.h>

/* The first column of the first row of sql on the file at path, or -1. */
static inline int64_t query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

#endif
