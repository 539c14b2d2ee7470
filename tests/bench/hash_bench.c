/* Hashes a file with the bundle code (fleet/bundle.c: libcrypto's SHA-256,
 * streamed in 1 MiB reads) and prints the hash and MB/s, for
 * tests/bench/bundle-bench.sh to set beside sha256sum.
 * Usage: hash_bench FILE */
#include <stdio.h>

#include "base/util.h"
#include "fleet/bundle.h"

int main(int argc, char **argv)
{
    if (argc != 2 || bundle_crypto_init() < 0) {
        fprintf(stderr, "usage: hash_bench FILE\n");
        return 2;
    }
    char hex[BUNDLE_HASH_HEX], err[BUNDLE_ERR_SIZE];
    int64_t size = 0, t0 = time_now_us();
    if (bundle_hash_file(argv[1], hex, &size, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double s = (time_now_us() - t0) / 1e6;
    printf("%s  %s\n%.3f s, %.0f MB/s\n", hex, argv[1], s, size / 1e6 / s);
    return 0;
}
