# badinput-lib.sh: the bad-input matrix (issue 8), sourced by the
# tests/tN8NN-<program>-badinput.sh scripts after test-lib.sh.
#
# A stage's matrix is a table, one case a line:
#
#   name ~ setup ~ command ~ exit ~ stderr ~ stdout
#
# setup    shell commands making the input files (in the trash directory)
# command  the program and its arguments; stdout goes to out, stderr to err
# exit     the exit status wanted: 0, 1 (data) or 2 (usage)
# stderr   for exit 0: "-" (nothing on stderr) or a grep -E regex every
#          line must match; for exit 1: a grep -E regex the ONE line on
#          stderr must match (the one-line error contract); for exit 2: a
#          regex the first line matches (the synopsis may follow);
#          "all:REGEX": every line matches (a warning then a note)
# stdout   what stdout still holds:
#            empty        nothing at all
#            header       exactly one line (the header row)
#            rows:N:FILE  the first N lines of FILE after its header, with
#                         the header (the valid part before the fault)
#            same:FILE    exactly FILE
#            lines:N      exactly N lines (header included)
#            any          not checked
# Fields are separated by '~' (bad_table). A crash, sanitizer report (99) or signal never
# passes, whatever exit was wanted.

# bad_case NAME SETUP COMMAND EXIT STDERR STDOUT
bad_case() {
	bad_setup=$2 bad_cmd=$3 bad_code=$4 bad_msg=$5 bad_want=$6
	test_expect_success "$1" '
		eval "$bad_setup" &&
		eval "bad_run_ \"\$bad_code\" $bad_cmd" &&
		bad_stderr_ "$bad_code" "$bad_msg" &&
		bad_stdout_ "$bad_want"
	'
}

# bad_table: read a table (see above) on stdin, one bad_case per line;
# fields separated by '~' (regexes need '|'); '#' lines are comments.
bad_table() {
	while IFS='~' read -r name setup cmd code msg want; do
		case "$name" in '#'*|'') continue ;; esac
		bad_case "$name" "$setup" "$cmd" "$code" "$msg" "$want"
	done
}

# Run the command, stdout to out and stderr to err; check its status.
bad_run_() {
	want=$1
	shift
	"$@" >out 2>err
	rc=$?
	if test_crashed_ $rc; then
		say >&2 "crashed (exit $rc): $*"
		cat >&2 err
		return 1
	fi
	if [ "$rc" != "$want" ]; then
		say >&2 "wanted exit $want, got $rc: $*"
		cat >&2 err
		return 1
	fi
}

bad_stderr_() {
	case "$2" in
	all:*)
		test -s err && ! grep -Ev -- "${2#all:}" err ||
			{ say >&2 "stderr lines not matching '${2#all:}':"; cat >&2 err; return 1; }
		return ;;
	esac
	if [ "$1" = 0 ]; then
		if [ "$2" = - ]; then
			test ! -s err || { say >&2 "unexpected stderr:"; cat >&2 err; return 1; }
		else
			! grep -Ev -- "$2" err || { say >&2 "stderr lines not matching '$2'"; return 1; }
		fi
	elif [ "$1" = 2 ]; then
		head -n 1 err | grep -Eq -- "$2" ||
			{ say >&2 "usage error: first line does not match '$2':"; cat >&2 err; return 1; }
	else
		test_one_line err "$2"
	fi
}

bad_stdout_() {
	case "$1" in
	empty) test ! -s out || { say >&2 "stdout not empty:"; head -5 out >&2; return 1; } ;;
	header) test "$(wc -l <out)" = 1 && test "$(tail -c1 out | od -An -c | tr -d ' ')" = '\n' ;;
	lines:*) test "$(wc -l <out)" = "${1#lines:}" || { say >&2 "stdout has $(wc -l <out) lines, wanted ${1#lines:}"; return 1; } ;;
	rows:*)
		n=${1#rows:}
		f=${n#*:}
		n=${n%%:*}
		head -n $((n + 1)) "$f" >expect.out &&
		test_cmp expect.out out ;;
	same:*) test_cmp "${1#same:}" out ;;
	any) true ;;
	*) say >&2 "bad stdout spec '$1'"; return 1 ;;
	esac
}

# prefix_of FILE: out holds the first lines of FILE (none, some or all).
prefix_of() {
	n=$(wc -l <out)
	head -n "$n" "$1" >expect.out && test_cmp expect.out out
}

# ---- output that cannot be written ---------------------------------------

# closed_stdout CMD...: run CMD with stdout a pipe whose reader is already
# gone (what `| head -1` leaves once head has its line). Deterministic,
# unlike a real head: the first write fails with EPIPE. The contract: the
# program ends quietly (nothing on stderr), exit 1, no crash, no hang.
closed_stdout() {
	perl -e 'pipe(R, W) or die; close R; open(STDOUT, ">&", \*W) or die;
		close W; exec @ARGV or die "exec: $!"' "$@" 2>err
	rc=$?
	if [ $rc != 1 ]; then
		say >&2 "closed stdout: wanted exit 1, got $rc: $*"
		cat >&2 err
		return 1
	fi
	test ! -s err || { say >&2 "closed stdout: not quiet:"; cat >&2 err; return 1; }
}

# head_one CMD...: the real `CMD | head -1`, with CMD's status and stderr
# kept. Whether CMD is still writing when head leaves depends on timing, so
# exit 0 is accepted too; the first line must be the header, stderr empty.
head_one() {
	{ "$@" 2>err; echo $? >rc; } | head -1 >out
	rc=$(cat rc)
	if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
		say >&2 "| head -1: exit $rc: $*"
		cat >&2 err
		return 1
	fi
	test ! -s err || { say >&2 "| head -1: not quiet:"; cat >&2 err; return 1; }
	test "$(wc -l <out)" = 1
}

# full_disk CMD...: stdout on /dev/full: one line on stderr saying so, exit 1.
full_disk() {
	"$@" >/dev/full 2>err
	rc=$?
	if [ $rc != 1 ]; then
		say >&2 "/dev/full: wanted exit 1, got $rc: $*"
		cat >&2 err
		return 1
	fi
	test_one_line err "No space left on device"
}

# ---- inputs ----------------------------------------------------------------

# A PNG file's first bytes (signature and IHDR), and random bytes (fixed
# seed, so a failure reproduces).
mk_png() {
	printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211\000\000\000\rIDATx\234c\000\001\000\000\005\000\001\r\n-\264\000\000\000\000IEND\256B`\202' >"$1"
}
mk_random() {   # file bytes seed
	perl -e 'srand($ARGV[1]); print pack("C*", map { int(rand(256)) } 1 .. $ARGV[0])' \
	    "$2" "${3:-1}" >"$1"
}

# The blocks of a pcapng file: one "offset length" line per block (byte
# order from each section header's byte-order magic).
ng_blocks() {
	od -An -v -tu1 "$1" | tr -s ' ' '\n' | sed '/^$/d' | awk '
		{ b[n++] = $1 }
		function u32(o) { return le ? b[o] + 256 * (b[o+1] + 256 * (b[o+2] + 256 * b[o+3])) \
		                            : b[o+3] + 256 * (b[o+2] + 256 * (b[o+1] + 256 * b[o])) }
		END {
			o = 0
			while (o + 12 <= n) {
				if (b[o] == 10 && b[o+1] == 13 && b[o+2] == 13 && b[o+3] == 10)
					le = (b[o+8] == 77)
				len = u32(o + 4)
				if (len < 12 || o + len > n) break
				print o, len
				o += len
			}
		}'
}

# put_le FILE OFFSET VALUE NBYTES: overwrite with a little-endian value.
put_le() {
	perl -e 'my ($f, $o, $v, $n) = @ARGV; open(my $h, "+<:raw", $f) or die;
		seek($h, $o, 0); print $h substr(pack("Q<", $v), 0, $n)' "$@"
}

# mk_pcap FILE LINKTYPE HEX...: a classic little-endian microsecond pcap,
# one packet per HEX string (frame bytes as hex), 1 s apart, snaplen 65535.
mk_pcap() {
	perl -e 'my ($f, $lt, @p) = @ARGV; open(my $o, ">:raw", $f) or die;
		print $o pack("VvvVVVV", 0xa1b2c3d4, 2, 4, 0, 0, 65535, $lt);
		my $t = 1600000000;
		for my $h (@p) { my $b = pack("H*", $h);
			print $o pack("VVVV", $t++, 0, length $b, length $b), $b }' "$@"
}

# mk_dataset FILE ROWS: a features CSV like osfp-flow-features writes:
# flow, two numeric features, label; three classes, ROWS rows.
mk_dataset() {
	awk -v n="$2" 'BEGIN { print "flow,a,b,label";
		for (i = 1; i <= n; i++) printf "%d,%d.5,%d,c%d\n", i, i % 7, (i * 3) % 11, i % 3 }' >"$1"
}
