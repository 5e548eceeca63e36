# test-lib.sh: a small TAP test library in the manner of git's t/test-lib.sh.
#
# A test script sets test_description, sources this file, runs
# test_expect_success 'what it does' 'commands' for each behaviour, and ends
# with test_done. Each script runs in its own trash directory with the
# programs under test first on PATH. Never pipe a program under test into
# another command: redirect to a file so its exit status is seen.

TEST_DIR=$(cd "$(dirname "$0")" && pwd)
TEST_DATA="$TEST_DIR/data"
TEST_NAME=$(basename "$0" .sh)
OSFP_BIN=${OSFP_BIN:-"$TEST_DIR/../bin"}
OSFP_ROOT=$(cd "$TEST_DIR/.." && pwd)
export TEST_DIR TEST_DATA OSFP_ROOT

# Crashes must never pass for data errors: sanitizers and valgrind exit 99.
export ASAN_OPTIONS="exitcode=99:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:exitcode=99:print_stacktrace=1"
export LC_ALL=C
# XGBoost's OpenMP threads (osfp-train -m gbdt) spin at every barrier by
# default; on a machine whose cores are busy that made a 5 s fit take
# minutes. Waiting passively costs nothing measurable here.
export OMP_WAIT_POLICY=PASSIVE
# A test that runs make (the experiment, the examples) must see what a
# user's shell sees: make check's own variables (BIN=build-asan/bin under
# check-asan) reach sub-makes through MAKEFLAGS and the environment (make
# exports command-line variables) and would override experiment.mk's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BIN BUILD CFLAGS LDFLAGS

# A trash directory of this run's own: two runs of one script at once (make
# test and make check-valgrind in one tree, two shells) must not delete
# or overwrite each other's files. Removed when every test passed, kept
# (and named) otherwise; make clean removes them all.
TRASH=$(mktemp -d "$TEST_DIR/trash.$TEST_NAME.XXXXXX") || exit 1

if [ "${OSFP_VALGRIND:-0}" = 1 ]; then
	# Wrap every program so each call runs under valgrind. Only definite
	# leaks are errors, and only they are shown: libgomp's idle threads
	# (XGBoost's, osfp-train -m gbdt) are "possibly lost" at exit.
	mkdir -p "$TRASH/.vg-bin"
	for p in "$OSFP_BIN"/osfp-*; do
		n=$(basename "$p")
		cat >"$TRASH/.vg-bin/$n" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite "$p" "\$@"
VG
		chmod +x "$TRASH/.vg-bin/$n"
	done
	PATH="$TRASH/.vg-bin:$OSFP_BIN:$PATH"
	OSFP_BIN="$TRASH/.vg-bin"
else
	PATH="$OSFP_BIN:$PATH"
fi
# scripts/ (notebook, scale-out) find the programs under test through it
export PATH OSFP_BIN
cd "$TRASH" || exit 1

test_count=0
test_failed=0
test_skipped=0

say() { printf '%s\n' "$*"; }

# test_sanitized_: the programs under test are a sanitizer build (ASan)
test_sanitized_() {
	grep -q __asan_init "$OSFP_BIN/osfp-train" 2>/dev/null
}

# test_have_prereq NAME[,NAME...]: EXPENSIVE tests are skipped under
# valgrind; HEAVY ones (minutes of model fits that check figures, not
# memory, which the other tests check) under valgrind and ASan too.
test_have_prereq() {
	case "$1" in
	*,*)	# all of a comma-separated list
		for _prq in $(echo "$1" | tr , ' '); do
			test_have_prereq "$_prq" || return 1
		done ;;
	EXPENSIVE) [ "${OSFP_VALGRIND:-0}" != 1 ] ;;
	HEAVY) [ "${OSFP_VALGRIND:-0}" != 1 ] && ! test_sanitized_ ;;
	TSHARK) command -v tshark >/dev/null 2>&1 ;;
	TCPDUMP) command -v tcpdump >/dev/null 2>&1 ;;
	SKLEARN) /usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 ;;
	P0F) command -v p0f >/dev/null 2>&1 || [ -x /usr/sbin/p0f ] ;;
	XGBOOST) /usr/bin/python3 -c 'import xgboost' >/dev/null 2>&1 ;;
	GNUPLOT) command -v gnuplot >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}

test_run_() {
	( eval "$1" ) >"$TRASH/.out" 2>&1
}

# test_expect_success [PREREQ] 'description' 'commands'
test_expect_success() {
	prereq=
	if [ $# = 3 ]; then prereq=$1; shift; fi
	test_count=$((test_count + 1))
	if [ -n "$prereq" ] && ! test_have_prereq "$prereq"; then
		test_skipped=$((test_skipped + 1))
		say "ok $test_count # skip $1 (missing $prereq)"
		return 0
	fi
	if test_run_ "$2"; then
		say "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $1"
		sed 's/^/#	/' "$TRASH/.out"
		say "#	failed commands:"
		printf '%s\n' "$2" | sed 's/^/#	/'
	fi
}

# test_skip 'description' 'why': a test that is never run, said so in TAP.
test_skip() {
	test_count=$((test_count + 1))
	test_skipped=$((test_skipped + 1))
	say "ok $test_count # skip $1 ($2)"
}

test_done() {
	say "1..$test_count"
	if [ $test_failed = 0 ]; then
		cd "$TEST_DIR" && rm -rf "$TRASH"
		exit 0
	fi
	say "# trash directory kept: $TRASH"
	exit 1
}

# test_cmp expected actual
test_cmp() {
	diff -u "$1" "$2"
}

# A crash, a sanitizer report (99) or a signal is never an expected failure.
test_crashed_() {
	[ "$1" -ge 99 ]
}

# test_must_fail cmd...: fails unless cmd exits 1..98.
test_must_fail() {
	"$@"
	rc=$?
	if [ $rc = 0 ]; then
		say >&2 "test_must_fail: command succeeded: $*"
		return 1
	elif test_crashed_ $rc; then
		say >&2 "test_must_fail: command crashed (exit $rc): $*"
		return 1
	fi
	return 0
}

# test_expect_code N cmd...
test_expect_code() {
	want=$1
	shift
	"$@"
	rc=$?
	if [ $rc != "$want" ]; then
		say >&2 "test_expect_code: wanted exit $want, got $rc: $*"
		return 1
	fi
	return 0
}

# test_one_line FILE [PATTERN]: FILE holds exactly one line, matching the
# grep -E PATTERN if given (the one-line error contract).
test_one_line() {
	n=$(wc -l <"$1")
	if [ "$n" != 1 ]; then
		say >&2 "expected one line in $1, got $n:"
		cat >&2 "$1"
		return 1
	fi
	if [ -n "${2:-}" ] && ! grep -Eq -- "$2" "$1"; then
		say >&2 "line in $1 does not match '$2':"
		cat >&2 "$1"
		return 1
	fi
	return 0
}

# test_wait_lines FILE N: until FILE has N lines, for a program in the
# background writing it (a deadline of 120 s for a hang, not a timing
# assertion: the machine may be slow). Start such a program with
# "cmd || exit 1" before the "&": "a && b &" puts a in the background too.
test_wait_lines() {
	_wl=0
	while [ "$(wc -l <"$1")" -lt "$2" ]; do
		_wl=$((_wl + 1))
		[ $_wl -lt 1200 ] || { say >&2 "$1: no $2 lines after 120 s"; cat >&2 "$1"; return 1; }
		sleep 0.1
	done
}

# test_numeric_cmp expected actual: CSVs equal field by field, where fields
# that parse as numbers are compared as doubles (strtod), others as text.
test_numeric_cmp() {
	awk -F, 'NR==FNR { a[FNR]=$0; n=FNR; next }
		{ if (!(FNR in a)) { print "extra line " FNR; bad=1; exit 1 }
		  split(a[FNR], x, ","); m=split($0, y, ",");
		  for (i = 1; i <= m; i++) if (x[i] != y[i] && (x[i] + 0 != y[i] + 0 || x[i] "" == "")) {
		    print "line " FNR " field " i ": " x[i] " != " y[i]; bad=1; exit 1 } }
		END { if (!bad && FNR != n) { print "line count differs"; exit 1 } exit bad }' "$1" "$2"
}
