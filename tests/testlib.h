/* testlib: the few checks the unit tests need. A test file defines main(),
 * calls EXPECT*() and returns test_result(). */
#ifndef SIGNAGE_TESTLIB_H
#define SIGNAGE_TESTLIB_H

#include <stdio.h>
#include <string.h>

static int test_failures;
static int test_checks;

#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        test_checks++;                                                                             \
        if (!(cond)) {                                                                             \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);                     \
        }                                                                                          \
    } while (0)

#define EXPECT_STR(got, want)                                                                      \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        test_checks++;                                                                             \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                   \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: FAILED: %s\n   got: %s\n  want: %s\n", __FILE__, __LINE__,     \
                    #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                 \
        }                                                                                          \
    } while (0)

#define EXPECT_INT(got, want)                                                                      \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        test_checks++;                                                                             \
        if (g_ != w_) {                                                                            \
            test_failures++;                                                                       \
            fprintf(stderr, "%s:%d: FAILED: %s == %lld, want %lld\n", __FILE__, __LINE__, #got,    \
                    g_, w_);                                                                       \
        }                                                                                          \
    } while (0)

static inline int test_result(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, test_checks, test_failures);
    return test_failures ? 1 : 0;
}

#endif
