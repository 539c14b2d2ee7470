#!/bin/sh
# Installs what is needed, builds, and runs the whole test suite twice: the
# normal build, then a build with AddressSanitizer and UndefinedBehaviorSanitizer;
# then the threaded tests under ThreadSanitizer, and every libFuzzer harness
# for a bounded time (tests/fuzz/run.sh, about 3 minutes).
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
echo "== threaded tests under TSan (build-tsan/)"
SIGNAGE_BUILD_DIR=build-tsan SIGNAGE_CMAKE_ARGS="-DSIGNAGE_TSAN=ON" sh deploy/setup.sh >/dev/null
(cd build-tsan &&
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/../tests/tsan.supp" \
    ctest --output-on-failure -j "$(nproc)" -L tsan)
echo "== fuzzing, bounded (build-fuzz/)"
CC=clang SIGNAGE_BUILD_DIR=build-fuzz SIGNAGE_CMAKE_ARGS="-DSIGNAGE_FUZZ=ON" sh deploy/setup.sh >/dev/null
sh tests/fuzz/run.sh build-fuzz "${SIGNAGE_FUZZ_SECONDS:-30}"
