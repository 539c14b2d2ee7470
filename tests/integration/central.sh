#!/bin/sh
# The central database's unit test (tests/test_central.c) on a PostgreSQL
# server of its own: schema, five shippers at once, pushes repeated, copies
# closed later, reports equal to the SQLite merge.
# Usage: central.sh TEST_CENTRAL
set -eu
test_central=$1
. "$(dirname "$0")/../pg.sh"
pg_start
pg_createdb central_test
"$test_central" all "$(pg_url central_test)"
