#!/bin/sh
test_description='fuzz harnesses replay their regression inputs and seeds without libFuzzer'
. "$(dirname "$0")/test-lib.sh"

# Every input that once crashed a harness (or broke one of its properties)
# lives in tests/fuzz/regressions/<harness>/; the seeds in
# tests/fuzz/corpus/<harness>/. Each harness is built with a plain main()
# (tests/fuzz/replay_main.c) next to the unit tests, so this runs under
# gcc, ASan/UBSan and valgrind alike. A harness aborts on a failed
# property, so any crash, sanitizer report or property failure fails here.
REPLAY_DIR=${OSFP_UNITS:-$OSFP_ROOT/build/tests/unit}/../fuzz

test_expect_success 'every harness has a replay driver' '
	for src in "$OSFP_ROOT"/tests/fuzz/fuzz_*.c; do
		h=$(basename "$src" .c | sed "s/^fuzz_//") &&
		test -x "$REPLAY_DIR/replay_$h" || { echo "no replay_$h"; return 1; }
	done
'

replay() {
	if [ "${OSFP_VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite --show-leak-kinds=definite "$@"
	else
		"$@"
	fi
}

for src in "$OSFP_ROOT"/tests/fuzz/fuzz_*.c; do
	h=$(basename "$src" .c | sed 's/^fuzz_//')
	for kind in regressions corpus; do
		dir=$OSFP_ROOT/tests/fuzz/$kind/$h
		[ -d "$dir" ] || continue
		test_expect_success "$h: $kind inputs replay cleanly" "
			replay '$REPLAY_DIR/replay_$h' '$dir' >out 2>err &&
			test \$(grep -c '^replayed ' out) = \$(find '$dir' -type f ! -name '.*' | wc -l)
		"
	done
done

test_done
