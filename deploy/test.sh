#!/bin/sh
# Installs what is needed, builds, and runs the whole test suite twice: the
# normal build, then a build with AddressSanitizer and UndefinedBehaviorSanitizer.
# This is README's second quick-start command, and what CI runs (.ci/run).
set -eu
cd "$(dirname "$0")/.."
sh deploy/setup.sh
echo "== tests (build/)"
(cd build && ctest --output-on-failure -j "$(nproc)")
echo "== tests under ASan+UBSan (build-asan/)"
SIGNAGE_BUILD_DIR=build-asan SIGNAGE_CMAKE_ARGS="-DSIGNAGE_SANITIZE=ON" sh deploy/setup.sh >/dev/null
(cd build-asan &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    LSAN_OPTIONS=suppressions="$PWD/../tests/lsan.supp":print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$(nproc)")
