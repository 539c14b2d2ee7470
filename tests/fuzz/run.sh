#!/bin/sh
# Runs every libFuzzer harness of a SIGNAGE_FUZZ build for a bounded time
# (default 30 s each, about 3 minutes for all), from its seed corpus plus
# every input that once crashed (regressions/), with ASan, UBSan and leak
# checks. A crash fails the run and names the input to add to regressions/.
# Usage: run.sh BUILD_DIR [SECONDS_EACH]
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
secs=${2:-30}
work=$(mktemp -d /tmp/signage-fuzz-run.XXXXXX)
sh "$here/seeds.sh" "$work/seeds" > /dev/null
failed=0
for h in fuzz_playlist fuzz_config fuzz_notice fuzz_tzif fuzz_args fuzz_cap; do
    mkdir -p "$work/$h" "$work/art-$h"
    cp "$work/seeds/$h"/* "$here/regressions/$h"/* "$work/$h/" 2> /dev/null
    (cd "$work" &&
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        LSAN_OPTIONS=suppressions="$here/lsan.supp":print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        nice "$build/tests/fuzz/$h" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 \
            -print_final_stats=1 -artifact_prefix="$work/art-$h/" "$work/$h" > "$work/$h.log" 2>&1)
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$h.log")
    cov=$(grep -o 'cov: [0-9]*' "$work/$h.log" | tail -1)
    if [ $rc -ne 0 ]; then
        failed=$((failed + 1))
        echo "$h: FAILED (exit $rc) after ${runs:-?} runs; the input is in $work/art-$h:"
        ls "$work/art-$h"
        grep -E "ERROR|runtime error|SUMMARY" "$work/$h.log" | head -5
        echo "  copy it to tests/fuzz/regressions/$h/ once fixed"
    else
        echo "$h: ${runs:-?} runs in ${secs} s, $cov, no crash"
    fi
done
echo "fuzz: $((6 - failed)) passed, $failed failed"
if [ $failed -gt 0 ]; then
    echo "(logs and inputs kept in $work)"
    exit 1
fi
rm -rf "$work"
