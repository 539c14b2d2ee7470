# Sourced by integration tests. wait_for PATTERN SECONDS: waits up to
# SECONDS for the file $LOG to match PATTERN (grep -E); 0 when it does.
wait_for() {
    i=0
    while [ $i -lt $(($2 * 10)) ]; do
        grep -Eq "$1" "$LOG" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
