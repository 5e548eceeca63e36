#!/bin/sh
test_description='the test harness itself and the unit tests of libcommon'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'test_cmp sees equal files as equal' '
	echo a >x && echo a >y && test_cmp x y
'

test_expect_success 'test_must_fail rejects success and crashes' '
	! test_must_fail true 2>/dev/null &&
	! test_must_fail sh -c "exit 99" 2>/dev/null &&
	test_must_fail sh -c "exit 1"
'

# One test per unit-test source: a binary that is missing (not built, or
# built elsewhere than OSFP_UNITS) fails here, it is never skipped.
UNITS_DIR=${OSFP_UNITS:-$OSFP_ROOT/build/tests/unit}
for src in "$OSFP_ROOT"/tests/unit/test_*.c; do
	n=$(basename "$src" .c)
	u=$UNITS_DIR/$n
	test_expect_success "unit: $n" "
		test -x '$u' || { echo '$u: no such unit-test binary (make units)'; exit 1; }
		if [ \"\${OSFP_VALGRIND:-0}\" = 1 ]; then
			valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite '$u' >out
		else
			'$u' >out
		fi &&
		! grep '^not ok' out &&
		grep -q '^1\.\.[1-9]' out
	"
done

# The copy below runs this script again, on a tree with one unit test and
# no binary; it stops after the unit tests (OSFP_HARNESS_COPY), or it would
# copy itself again, a level deeper each time, until the path is too long.
if [ -n "${OSFP_HARNESS_COPY:-}" ]; then
	test_done
fi

test_expect_success 'a missing unit-test binary fails, not skipped' '
	mkdir -p fake/tests/unit fake/units &&
	cp "$TEST_DIR/test-lib.sh" "$TEST_DIR/t0000-harness.sh" fake/tests/ &&
	: >fake/tests/unit/test_nothing.c &&
	test_must_fail env OSFP_UNITS="$PWD/fake/units" OSFP_VALGRIND=0 OSFP_HARNESS_COPY=1 \
	    sh fake/tests/t0000-harness.sh >out 2>&1 &&
	grep "^not ok 3 - unit: test_nothing" out &&
	grep "no such unit-test binary" out &&
	grep -x "1\.\.3" out
'

test_expect_success 'test_skip, and HEAVY: run on a plain build, skipped on a sanitizer build' '
	mkdir -p sk/tests sk/plain sk/asan &&
	cp "$TEST_DIR/test-lib.sh" sk/tests/ &&
	: >sk/plain/osfp-train && echo __asan_init >sk/asan/osfp-train &&
	cat >sk/tests/t1-skip.sh <<-\EOF &&
	. "$(dirname "$0")/test-lib.sh"
	test_skip "not run here" "the reason"
	test_expect_success HEAVY "heavy" "true"
	test_expect_success EXPENSIVE "expensive" "true"
	test_done
	EOF
	OSFP_BIN="$PWD/sk/plain" OSFP_VALGRIND=0 sh sk/tests/t1-skip.sh >plain.out &&
	OSFP_BIN="$PWD/sk/asan" OSFP_VALGRIND=0 sh sk/tests/t1-skip.sh >asan.out &&
	printf "%s\n" "ok 1 # skip not run here (the reason)" "ok 2 - heavy" "ok 3 - expensive" "1..3" >want &&
	test_cmp want plain.out &&
	printf "%s\n" "ok 1 # skip not run here (the reason)" "ok 2 # skip heavy (missing HEAVY)" \
	    "ok 3 - expensive" "1..3" >want &&
	test_cmp want asan.out
'

test_expect_success 'two runs of one script at once keep to their own trash directories' '
	mkdir -p two/tests &&
	cp "$TEST_DIR/test-lib.sh" two/tests/ &&
	cat >two/tests/t1-two.sh <<-\EOF &&
	. "$(dirname "$0")/test-lib.sh"
	test_expect_success "my files stay mine" "
		echo \$\$ >mine && sleep 2 && test \"\$(cat mine)\" = \$\$
	"
	test_done
	EOF
	{ sh two/tests/t1-two.sh >one.out 2>&1 & } &&
	sleep 1 &&
	sh two/tests/t1-two.sh >two.out 2>&1 &&
	wait &&
	grep "^ok 1" one.out && grep "^ok 1" two.out &&
	test -z "$(ls -d two/tests/trash.* 2>/dev/null)"
'

test_done
