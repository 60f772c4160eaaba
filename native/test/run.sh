#!/bin/sh
# run.sh BINDIR [DIR...] - runs every test program in BINDIR once per directory (default: /tmp and
# /dev/shm), with PAGERACE_TEST_DIR set to it. Prints one line per run, "PASS name@dir",
# "FAIL name@dir" or "SKIP name@dir" (exit 0, 77, anything else), then "N passed, N failed, N skipped".
# A failed test's output follows its line; VERBOSE=1 shows every test's output. Exit 1 if any failed.
# Each run is limited to $TEST_TIMEOUT seconds (default 300).

bindir=${1:?usage: run.sh BINDIR [DIR...]}
shift
[ $# -gt 0 ] || set -- /tmp /dev/shm
timeout_s=${TEST_TIMEOUT:-300}
logdir=$bindir/logs
mkdir -p "$logdir"

pass=0 fail=0 skip=0
for dir in "$@"; do
	for t in "$bindir"/*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		name=${t##*/}
		log=$logdir/$name$(printf %s "$dir" | tr / _).log
		if [ ! -d "$dir" ] || [ ! -w "$dir" ]; then
			echo "$dir: not a writable directory" >"$log"
			rc=77
		else
			PAGERACE_TEST_DIR=$dir timeout "$timeout_s" "$t" >"$log" 2>&1
			rc=$?
		fi
		case $rc in
		0)  echo "PASS $name@$dir"; pass=$((pass + 1)) ;;
		77) echo "SKIP $name@$dir"; skip=$((skip + 1)) ;;
		*)  echo "FAIL $name@$dir"; fail=$((fail + 1))
		    [ "$rc" = 124 ] && echo "    (timed out after ${timeout_s}s)"
		    sed 's/^/    /' "$log" ;;
		esac
		if [ -n "$VERBOSE" ] && [ "$VERBOSE" != 0 ] && [ "$rc" = 0 -o "$rc" = 77 ]; then
			sed 's/^/    /' "$log"
		fi
	done
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
