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

for u in "$OSFP_UNITS"/test_*; do
	[ -x "$u" ] || continue
	n=$(basename "$u")
	test_expect_success "unit: $n" "
		if [ \"\${OSFP_VALGRIND:-0}\" = 1 ]; then
			valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite '$u' >out
		else
			'$u' >out
		fi &&
		! grep '^not ok' out
	"
done

test_done
