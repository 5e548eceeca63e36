#!/bin/sh
test_description='every command example of README.md and of the man pages'"'"'
EXAMPLES sections runs on the bundled captures

tests/examples.awk extracts the examples (README.md: its code blocks; a
man page: the .Dl lines and .Bd -literal displays of EXAMPLES). The blocks
of one section (a README heading, a man page'"'"'s EXAMPLES) run in order in
one sandbox, as a reader runs them: the fixtures below, links to the
tree'"'"'s scripts/, data/, experiment.mk and bin/ (the programs under test),
and what the blocks before wrote. Each block is one test and runs in one
bash (-o pipefail), every command'"'"'s exit status checked. A command shown
with a "$ " prompt and output lines must print exactly those lines (its
standard output; its standard error when the example shows it failing),
timings excepted. A failing example fails its block'"'"'s test, named by file
and line, with the command and its standard error.'
. "$(dirname "$0")/test-lib.sh"

R=$OSFP_ROOT
EXTRACT="$TEST_DIR/examples.awk"
DOCS="README.md $(cd "$R" && ls man/*.1)"

# ---- fixtures ----------------------------------------------------------
# The files the examples name without making them. Each line: the name an
# example uses | a bundled file (a path in the tree, linked) or "$ command"
# (its standard output, run in the fixture folder, where the fixtures of
# the lines above are). A file an example makes replaces the fixture in its
# section's sandbox.
cat >fixtures.table <<'EOF_FIXTURES'
capture.pcapng          | data/lab/sample.pcapng
sample.pcapng           | data/lab/sample.pcapng
lab.pcapng              | data/lab/sample.pcapng
train.pcapng            | data/lab/sample.pcapng
new.pcapng              | data/lab/day2.pcapng
new.pcap                | data/lab/day2.pcapng
day.pcapng              | data/lab/day2.pcapng
capture.pcap            | tests/data/cicids2017/cicids2017-mon-151.pcap
monday.pcap             | tests/data/public/nprint_port80.pcap
tuesday.pcap            | tests/data/public/nprint_port443.pcap
tcpreplay_test.pcap     | tests/data/public/tcpreplay_test.pcap
site1.pcapng            | tests/data/shards/lab-a.pcapng
site2.pcapng            | tests/data/shards/lab-b.pcapng
os-100-packets.pcapng   | $ scripts/make-big-capture -n 1 --legacy-ts sample.pcapng legacy.tmp >&2 && cat legacy.tmp && rm legacy.tmp
os-100-packets.pcapng.gz| $ gzip -c os-100-packets.pcapng
labels.csv              | $ osfp-pcapng-labels capture.pcapng
flows.csv               | $ osfp-pcap-flows --labels labels.csv capture.pcapng
features.csv            | $ scripts/notebook capture.pcapng nb >/dev/null && cat nb/features.csv
train.csv               | $ cat nb/train.csv
test.csv                | $ cat nb/test.csv
extraction.txt          | $ cat nb/extraction.txt
ridge.model             | $ cat nb/ridge.model
logistic.model          | $ cat nb/logistic.model
new-flows.csv           | $ osfp-pcap-flows new.pcapng
new-features.csv        | $ osfp-flow-features --like extraction.txt new-flows.csv
m.model                 | $ osfp-flow-features --dim-out m.rec flows.csv >m.csv && osfp-train -m rf --extraction m.rec m.csv && rm m.rec m.csv
lab.csv                 | $ osfp-pcap-flows --fields syn,hdr --labels labels.csv lab.pcapng | osfp-flow-features -f iat,stats,syn,hdr --id src,time --dim-out lab.ext
samples.csv             | $ osfp-pcap-flows --by sample --fields syn,hdr --labels labels.csv lab.pcapng | osfp-flow-features -f iat,stats,syn,hdr
rf.model                | $ osfp-train -m rf --extraction lab.ext lab.csv && rm lab.ext
new-labels.csv          | $ osfp-pcapng-labels new.pcapng
predictions.csv         | $ osfp-pcap-flows --fields syn,hdr --labels new-labels.csv new.pcapng | osfp-flow-features --like rf.model --id src,time | osfp-predict -m rf.model
EOF_FIXTURES

# The fixtures of one section, in place of the above: FILE#HEADING | name |
# a bundled file.
cat >scoped.table <<'EOF_SCOPED'
README.md#Apply a saved model to a new capture | new.pcapng | tests/data/shards/lab-b.pcapng
EOF_SCOPED

# ---- exceptions --------------------------------------------------------
# Commands that are not run: pattern (grep -E, on the command as
# extracted) | the prerequisite that lets it run (test-lib.sh; "-": never
# run here) | why. Each is reported as a skipped test. Another host is
# stood in for, not skipped: GNU parallel's ssh is tests/fake-ssh
# (PARALLEL_SSH), each host a scratch folder, so scale-out -S HOST runs.
cat >exceptions.table <<'EOF_EXCEPTIONS'
^scripts/demo$ | - | installs missing Debian packages (root, the network) and runs make in the tree; what it then runs, scripts/notebook on the lab sample, is run by t9610
^scripts/install-deps$ | - | installs Debian packages: root and the network
^make check$ | - | the whole suite, this test included (plain, ASan, valgrind)
^make$ | - | builds the tree in place: the harness built the programs this test runs
^make install | - | installs into /usr/local (root); t0010 tests make install
^make fuzz$ | - | builds with clang's libFuzzer and fuzzes for minutes; t9900 replays the harnesses' inputs
^tcpdump -i | - | reads a live network interface (root, a network); t2041 runs tcpdump on a veth pair
^scripts/live( -[ijw]( [0-9.]+)?)* [a-z] | - | reads a live network interface (root, a network); the same pipeline from a capture, scripts/live -, runs here and in t9250
^p0f | P0F | p0f 3.09b itself
/etc/p0f/p0f\.fp | P0F | p0f's database comes with p0f
tshark | TSHARK | tshark itself
import xgboost | XGBOOST | xgboost's Python package (Debian python3-xgboost)
EOF_EXCEPTIONS

# ---- commands shown failing ---------------------------------------------
# pattern (grep -E; no "|" in any table's pattern: "." for one) | the exit
# status the example shows | why. Their shown output is their standard
# error; their standard output must be empty.
cat >fails.table <<'EOF_FAILS'
^osfp-flow-features new-flows\.csv . osfp-predict -m m\.model$ | 1 | the mistake the README shows: features not extracted --like the model
EOF_FAILS

# ---- timings -----------------------------------------------------------
# pattern (grep -E) | a sed -E script run on both the shown and the printed
# output before they are compared | what it hides. Only timings.
cat >masks.table <<'EOF_MASKS'
^osfp-tune  | s/,[0-9.]+,([0-9]+)$/,FIT_S,\1/ | fit_s, the mean seconds of a fold's fit
EOF_MASKS

# The bundled files of the fixtures for one section (FILE#HEADING, name,
# path in the tree), made by the fixtures' setup
: >scoped.list

# missing_prereqs: the prerequisites of the exceptions table this machine lacks
missing_prereqs() {
	for p in $(cut -d"|" -f2 "$TRASH/exceptions.table" | tr -d " " | sort -u); do
		[ "$p" = - ] && continue
		test_have_prereq "$p" || printf "%s\n" "$p"
	done
}

# The functions each block's script calls (blocks run in bash, from the
# sandbox): example_check N I RC WANT HEAD, after command I of block N
# exited RC. WANT: the status it must exit (0, or the fails table's); HEAD:
# 1 when it pipes into head, whose early exit may stop a stage before it
# quietly (osfp exits 1 on EPIPE, saying nothing). Then the output it shows,
# masked, must equal its output, masked. On a failure it writes "I why" to
# $EXAMPLE_OUT/failed.
cat >example-lib.sh <<'EOF_LIB'
example_fail() { echo "$1" >"$EXAMPLE_OUT/failed"; return 1; }
example_check() {
	_n=$1 _i=$2 _rc=$3 _want=$4 _head=$5
	_out=$EXAMPLE_OUT/$_i.out _err=$EXAMPLE_OUT/$_i.err
	if [ "$_rc" != "$_want" ]; then
		if [ "$_want" != 0 ] || [ "$_head" != 1 ] || [ -s "$_err" ]; then
			if [ "$_want" = 0 ]; then example_fail "$_i exit $_rc"
			else example_fail "$_i exit $_rc, not the example's $_want"; fi
			return 1
		fi
	fi
	_shown=$_out
	if [ "$_want" != 0 ]; then
		[ ! -s "$_out" ] || { example_fail "$_i stdout"; return 1; }
		_shown=$_err
	fi
	_exp=$EXAMPLE_PLAN/$_n.$_i.expect
	[ -f "$_exp" ] || return 0
	_mask=$EXAMPLE_PLAN/$_n.$_i.mask
	[ -f "$_mask" ] || _mask=/dev/null
	sed -E -f "$_mask" "$_exp" >"$EXAMPLE_OUT/$_i.want" &&
	sed -E -f "$_mask" "$_shown" >"$EXAMPLE_OUT/$_i.got" &&
	cmp -s "$EXAMPLE_OUT/$_i.want" "$EXAMPLE_OUT/$_i.got" || { example_fail "$_i output"; return 1; }
}
EOF_LIB

# plan DIR DOC...: the examples of DOCs (paths from the current folder)
# into $TRASH/DIR (sandboxes and outputs of an earlier plan DIR removed):
# DIR/blocks (n, file, line, commands, commands not run, the
# section's sandbox number), and for block n: n.sh (its bash script),
# n.<i>.cmd (command i and where it is), n.<i>.expect (the output a "$ "
# prompt shows), n.<i>.mask (the masks table's sed script), n.skip (the
# commands not run, and why); DIR/errors (lines that are neither commands
# nor output); DIR/sections (sandbox number, file, heading).
plan() {
	dir=$TRASH/$1
	rm -rf "$dir" "$TRASH/box.$1".* "$TRASH/run.$1".* && mkdir -p "$dir" &&
	shift &&
	awk -f "$EXTRACT" "$@" >"$dir/records" &&
	missing_prereqs >"$dir/missing" &&
	awk -F"\t" -v dir="$dir" '
	function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
	function table(s, a) { split(s, a, "|"); a[1] = trim(a[1]); a[2] = trim(a[2]); a[3] = trim(a[3]) }
	FILENAME == ARGV[1] { table($0, e); pat[++np] = e[1]; pre[np] = e[2]; why[np] = e[3]; next }
	FILENAME == ARGV[2] { table($0, e); fpat[++nf] = e[1]; fst[nf] = e[2]; next }
	FILENAME == ARGV[3] { table($0, e); mpat[++nm] = e[1]; msed[nm] = e[2]; next }
	FILENAME == ARGV[4] { missing[$0] = 1; next }
	function close_block() {
		if (!n) return
		printf "%d\t%s\t%d\t%d\t%d\t%d\n", n, file, bline, nc, ns, box >>(dir "/blocks")
		close(sh)
	}
	$1 == "B" {
		close_block()
		n++; file = $2; bline = $3; nc = 0; ns = 0; i = 0
		if (!((file, $4) in boxes)) {
			boxes[file, $4] = ++nbox
			printf "%d\t%s\t%s\n", nbox, file, $4 >>(dir "/sections")
		}
		box = boxes[file, $4]
		sh = dir "/" n ".sh"
		print "set -o pipefail" >sh
		print ". \"$EXAMPLE_LIB\"" >sh
		next
	}
	$1 == "E" { print file ":" $2 ": " $3 >>(dir "/errors"); next }
	$1 == "O" {
		if (i) print $3 >>(dir "/" n "." i ".expect")
		else if (!skipped) print file ":" $2 ": output before any command" >>(dir "/errors")
		next
	}
	$1 == "C" {
		cmd = $3
		skipped = 0
		for (k = 1; k <= np; k++)
			if (cmd ~ pat[k] && (pre[k] == "-" || pre[k] in missing)) break
		if (k <= np) {
			ns++
			printf "%s:%d: %s (not run: %s)\n", file, $2, cmd,
			    pre[k] == "-" ? why[k] : why[k] ", missing " pre[k] >>(dir "/" n ".skip")
			i = 0; skipped = 1
			next
		}
		nc++; i = nc
		printf "%s:%d\n%s\n", file, $2, cmd >(dir "/" n "." i ".cmd")
		close(dir "/" n "." i ".cmd")
		want = 0
		for (k = 1; k <= nf; k++) if (cmd ~ fpat[k]) { want = fst[k]; break }
		for (k = 1; k <= nm; k++) if (cmd ~ mpat[k]) {
			print msed[k] >(dir "/" n "." i ".mask"); close(dir "/" n "." i ".mask"); break
		}
		head = cmd ~ /\|[ \t]*head([ \t]|$)/
		printf "{\n%s\n} </dev/null >\"$EXAMPLE_OUT/%d.out\" 2>\"$EXAMPLE_OUT/%d.err\"\n", cmd, i, i >sh
		printf "example_check %d %d $? %d %d || exit 1\n", n, i, want, head >sh
	}
	END { close_block() }
	' "$TRASH/exceptions.table" "$TRASH/fails.table" "$TRASH/masks.table" \
	    "$dir/missing" "$dir/records" &&
	touch "$dir/blocks" "$dir/errors" "$dir/sections"
}

# sandbox DIR BOX: section BOX's folder (made by its first block): the
# fixtures, the section's own, links to the tree
sandbox() {
	b=box.$1.$2
	[ -d "$b" ] && return 0
	mkdir -p "$b" &&
	if [ -d fixtures ]; then cp -R fixtures/. "$b"/; fi &&
	where=$(awk -F"\t" -v b="$2" '$1 == b { print $2 "#" $3 }' "$1/sections") &&
	while IFS="	" read -r scope name how; do
		[ "$scope" = "$where" ] || continue
		rm -f "$b/$name" && ln -s "$R/$how" "$b/$name" || return 1
	done <scoped.list &&
	ln -sn "$R/scripts" "$b/scripts" &&
	ln -sn "$R/data" "$b/data" &&
	ln -sn "$R/experiment.mk" "$b/experiment.mk" &&
	ln -sn "$OSFP_BIN" "$b/bin"
}

# run_block DIR N: run block N of the plan in DIR, in its section's
# sandbox; on a failure, say which file, line and command, and what it
# printed on standard error (or how its output differs). /usr/bin comes
# before the rest of PATH: the examples' python3 is Debian's, whose modules
# (xgboost) the prerequisites of test-lib.sh look for, not another
# interpreter's that PATH may name first.
run_block() {
	box=$(awk -F"\t" -v n="$2" '$1 == n { print $6 }' "$1/blocks") &&
	EXAMPLE_PLAN=$(cd "$1" && pwd) EXAMPLE_OUT=$PWD/run.$1.$2 EXAMPLE_LIB=$TRASH/example-lib.sh &&
	export EXAMPLE_PLAN EXAMPLE_OUT EXAMPLE_LIB &&
	rm -rf "$EXAMPLE_OUT" && mkdir -p "$EXAMPLE_OUT/remote" &&
	sandbox "$1" "$box" &&
	if (cd "box.$1.$box" && PATH="$OSFP_BIN:/usr/bin:$PATH" PARALLEL_SSH="$TEST_DIR/fake-ssh" FAKE_SSH_ROOT="$EXAMPLE_OUT/remote" \
	    timeout 600 bash "$EXAMPLE_PLAN/$2.sh"); then
		return 0
	fi
	if [ ! -f "$EXAMPLE_OUT/failed" ]; then
		say "$(sed -n "$2p" "$1/blocks" | cut -f2,3 | tr "\t" :): the block failed (a timeout?)"
		return 1
	fi
	read -r i why <"$EXAMPLE_OUT/failed"
	where=$(sed -n 1p "$EXAMPLE_PLAN/$2.$i.cmd")
	cmd=$(sed -n 2p "$EXAMPLE_PLAN/$2.$i.cmd")
	case $why in
	output)
		say "$where: not the output the example shows: $cmd"
		diff -u "$EXAMPLE_OUT/$i.want" "$EXAMPLE_OUT/$i.got" | head -n 20 ;;
	stdout)
		say "$where: the example shows it failing, and it wrote on standard output: $cmd" ;;
	*)
		say "$where: $why: $cmd"
		head -n 20 "$EXAMPLE_OUT/$i.err" ;;
	esac
	return 1
}

# ---- the runner catches what it must ----------------------------------

test_expect_success 'extract: Markdown blocks, continuations, comments, output samples' '
	cat >doc.md <<-\EOF &&
	Text.

	    osfp-split --train a.csv --test b.csv f.csv    # a comment
	    osfp-pcap-flows x.pcapng |
	      osfp-flow-features -f iat > y.csv
	    FEATURES=iat,stats scripts/notebook x.pcapng
	    osfp-train -m rf \
	        -o rf.model a.csv
	    # a comment line
	    make -f experiment.mk OPTS='"'"'-f a # b'"'"'

	## A section

	    Ridge        Balanced Accuracy: 0.2871
	    split | flow

	```
	osfp-eval -m rf.model b.csv
	```

	### Another

	    $ osfp-eval -m rf.model b.csv | head -n 1
	    Balanced Accuracy: 0.5000
	EOF
	awk -f "$EXTRACT" doc.md >got &&
	printf "%s\n" "B	doc.md	3	" \
	    "C	3	osfp-split --train a.csv --test b.csv f.csv" \
	    "C	4	osfp-pcap-flows x.pcapng | osfp-flow-features -f iat > y.csv" \
	    "C	6	FEATURES=iat,stats scripts/notebook x.pcapng" \
	    "C	7	osfp-train -m rf -o rf.model a.csv" \
	    "C	10	make -f experiment.mk OPTS='"'"'-f a # b'"'"'" \
	    "B	doc.md	17	A section" \
	    "C	18	osfp-eval -m rf.model b.csv" \
	    "B	doc.md	23	Another" \
	    "C	23	osfp-eval -m rf.model b.csv | head -n 1" \
	    "O	24	Balanced Accuracy: 0.5000" >expect &&
	test_cmp expect got
'

test_expect_success 'extract: a man page'"'"'s EXAMPLES, escapes undone, prompts and output' '
	cat >doc.1 <<-\EOF &&
	.Sh DESCRIPTION
	.Dl osfp-split not-an-example.csv
	.Sh EXAMPLES
	.Dl $ osfp-pcapng-labels \-t x.pcapng | cut \-f4
	.Pp
	.Bd -literal -offset indent
	$ osfp-train -m rf \e
	    -o rf.model t.csv
	$ osfp-eval -m rf.model t.csv | head -n 1
	Balanced Accuracy: 0.5000
	.Ed
	.Bd -literal
	osfp-hosts \(aqa b\(aq p.csv
	.Ed
	.Sh SEE ALSO
	.Dl osfp-split not-an-example-either.csv
	EOF
	awk -f "$EXTRACT" doc.1 >got &&
	printf "%s\n" "B	doc.1	4	EXAMPLES" \
	    "C	4	osfp-pcapng-labels -t x.pcapng | cut -f4" \
	    "B	doc.1	6	EXAMPLES" \
	    "C	7	osfp-train -m rf -o rf.model t.csv" \
	    "C	9	osfp-eval -m rf.model t.csv | head -n 1" \
	    "O	10	Balanced Accuracy: 0.5000" \
	    "B	doc.1	12	EXAMPLES" \
	    "C	13	osfp-hosts '"'"'a b'"'"' p.csv" >expect &&
	test_cmp expect got
'

test_expect_success 'extract: a line in a block of commands that is neither is an error' '
	printf "%s\n" "" "    osfp-split x.csv" "    frobnicate x.csv" "" >mixed.md &&
	awk -f "$EXTRACT" mixed.md >got &&
	grep -q "^E	3	neither a known command nor a comment, in a block of commands: frobnicate x.csv\$" got
'

test_expect_success 'run: a good block passes; a command that fails names file, line, command' '
	cat >rot.md <<-\EOF &&
	Good:

	    osfp-pcapng-labels data/lab/sample.pcapng > l.csv
	    osfp-pcap-flows --labels l.csv data/lab/sample.pcapng |
	      osfp-flow-features -f iat,stats > f.csv

	Rotten:

	    osfp-pcapng-labels data/lab/sample.pcapng > l.csv
	    osfp-split --train a.csv --test b.csv --no-such-option l.csv
	    osfp-split --train a.csv --test b.csv l.csv
	EOF
	plan p rot.md &&
	test_cmp /dev/null p/errors &&
	run_block p 1 >msg 2>&1 &&
	test -s box.p.1/f.csv &&
	test_must_fail run_block p 2 >msg 2>&1 &&
	head -n 1 msg >first &&
	echo "rot.md:10: exit 2: osfp-split --train a.csv --test b.csv --no-such-option l.csv" >expect &&
	test_cmp expect first &&
	grep -q "no-such-option" msg &&
	test ! -f box.p.1/a.csv
'

test_expect_success 'run: the first stage of a pipe failing fails the example' '
	printf "%s\n" "" "    osfp-pcap-flows nosuch.pcapng | osfp-flow-features > f.csv" >pipe.md &&
	plan p pipe.md &&
	test_must_fail run_block p 1 >msg 2>&1 &&
	grep -q "^pipe.md:2: exit " msg &&
	grep -q "nosuch.pcapng" msg
'

test_expect_success 'run: output other than the man page shows fails, with the difference' '
	cat >out.1 <<-\EOF &&
	.Sh EXAMPLES
	.Bd -literal
	$ osfp-pcapng-labels data/lab/sample.pcapng | head -n 1
	packet,time,sample,label,family
	$ osfp-pcapng-labels data/lab/sample.pcapng | wc -l
	29000
	.Ed
	EOF
	plan p out.1 &&
	test_must_fail run_block p 1 >msg 2>&1 &&
	grep -q "^out.1:5: not the output the example shows: osfp-pcapng-labels data/lab/sample.pcapng | wc -l\$" msg &&
	grep -q "^-29000" msg
'

test_expect_success 'run: a section'"'"'s blocks share a sandbox, another section does not see it' '
	cat >sec.md <<-\EOF &&
	## One

	    osfp-pcapng-labels data/lab/sample.pcapng > l.csv

	More of one:

	    osfp-pcap-flows --labels l.csv data/lab/sample.pcapng > f.csv

	## Two

	    osfp-pcap-flows --labels l.csv data/lab/sample.pcapng > f.csv
	EOF
	plan p sec.md &&
	printf "1\tsec.md\t3\t1\t0\t1\n2\tsec.md\t7\t1\t0\t1\n3\tsec.md\t11\t1\t0\t2\n" >expect &&
	test_cmp expect p/blocks &&
	run_block p 1 && run_block p 2 &&
	test_must_fail run_block p 3 >msg 2>&1 &&
	grep -q "^sec.md:11: exit 1: " msg && grep -q "l.csv" msg
'

test_expect_success 'run: a fixture of one section only' '
	printf "%s\n" "## Here" "" "    cmp x.pcapng data/lab/day2.pcapng" "" \
	    "## There" "" "    cmp x.pcapng data/lab/sample.pcapng" >scope.md &&
	mkdir -p fixtures &&
	ln -s "$R/data/lab/sample.pcapng" fixtures/x.pcapng &&
	printf "sec.md#Here\tx.pcapng\tdata/lab/day2.pcapng\n" >scoped.list &&
	plan p scope.md &&
	test_must_fail run_block p 1 >msg 2>&1 && run_block p 2 &&
	printf "scope.md#Here\tx.pcapng\tdata/lab/day2.pcapng\n" >scoped.list &&
	plan p scope.md &&
	run_block p 1 && run_block p 2 &&
	rm -r fixtures && : >scoped.list
'

test_expect_success 'run: a command the example shows failing must fail so, saying that' '
	cp fails.table fails.saved &&
	echo "^osfp-split --train | 2 | a usage error" >>fails.table &&
	cat >fail.1 <<-\EOF &&
	.Sh EXAMPLES
	.Bd -literal
	$ osfp-split --train a.csv --test b.csv --no-such-option x.csv
	osfp-split: unrecognized option '"'"'--no-such-option'"'"'
	.Ed
	.Bd -literal
	$ osfp-split --train a.csv --test b.csv --no-such-option x.csv
	osfp-split: another message
	.Ed
	.Bd -literal
	$ osfp-split --train a.csv --test b.csv --help
	.Ed
	EOF
	plan p fail.1 &&
	cp fails.saved fails.table &&
	test_expect_code 2 osfp-split --train a.csv --test b.csv --no-such-option x.csv 2>err.real &&
	head -n 1 err.real >err.first &&
	echo "osfp-split: unrecognized option '"'"'--no-such-option'"'"'" >expect &&
	if test_cmp expect err.first >/dev/null && test $(wc -l <err.real) = 1
	then run_block p 1
	else test_must_fail run_block p 1 >/dev/null 2>&1
	fi &&
	test_must_fail run_block p 2 >msg 2>&1 &&
	grep -q "^fail.1:7: not the output the example shows" msg &&
	test_must_fail run_block p 3 >msg 2>&1 &&
	grep -q "^fail.1:11: exit 0, not the example.s 2: " msg
'

test_expect_success 'run: a timing the masks table names may differ, no other figure' '
	awk "BEGIN { print \"label,x,y\"; for (i = 0; i < 40; i++) print (i % 2 ? \"a\" : \"b\") \",\" i % 7 \",\" (i % 2) * 3 + i % 5 }" >t.csv &&
	osfp-tune -m ridge -k 2 t.csv >tune.out &&
	test $(wc -l <tune.out) = 2 &&
	sed -n 2p tune.out | sed -E "s/,[0-9.]+,([0-9]+)\$/,1234.5,\\1/" >row.slow &&
	sed -n 2p tune.out | sed -E "s/^0\\.[0-9]*,/0.123,/; s/^1,/0.123,/" >row.wrong &&
	! cmp -s row.slow row.wrong &&
	{ echo ".Sh EXAMPLES" && echo ".Bd -literal" && echo "\$ osfp-tune -m ridge -k 2 t.csv" &&
	  head -n 1 tune.out && cat row.slow && echo ".Ed" &&
	  echo ".Bd -literal" && echo "\$ osfp-tune -m ridge -k 2 t.csv" &&
	  head -n 1 tune.out && cat row.wrong && echo ".Ed"; } >tune.1 &&
	plan p tune.1 &&
	test -s p/1.1.mask &&
	mkdir -p box.p.1 && cp t.csv box.p.1/ &&
	run_block p 1 &&
	test_must_fail run_block p 2 >msg 2>&1 &&
	grep -q "^tune.1:8: not the output the example shows" msg
'

test_expect_success 'run: an exception is not run, and says why' '
	printf "%s\n" "" "    make check" "    osfp-pcapng-labels data/lab/sample.pcapng > l.csv" >exc.md &&
	plan p exc.md &&
	printf "1\texc.md\t2\t1\t1\t1\n" >expect && test_cmp expect p/blocks &&
	grep -q "^exc.md:2: make check (not run: the whole suite" p/1.skip &&
	run_block p 1
'

# ---- the fixtures ------------------------------------------------------

test_expect_success EXPENSIVE 'setup: the fixtures' '
	mkdir fixtures &&
	ln -sn "$R/scripts" fixtures/scripts &&
	while IFS="|" read -r name how; do
		name=$(echo $name) && how=$(echo "$how" | sed "s/^ *//") &&
		case $how in
		"\$ "*)	(cd fixtures && bash -o pipefail -c "${how#\$ }" >"$name.tmp" </dev/null) &&
			mv "fixtures/$name.tmp" "fixtures/$name" ||
			{ echo "fixture $name: failed: ${how#\$ }"; exit 1; } ;;
		*)	test -f "$R/$how" && ln -s "$R/$how" "fixtures/$name" ||
			{ echo "fixture $name: no $how"; exit 1; } ;;
		esac
	done <fixtures.table &&
	rm -r fixtures/scripts fixtures/nb &&
	awk -F"|" "{ for (i = 1; i <= 3; i++) gsub(/^[ \t]+|[ \t]+\$/, \"\", \$i); print \$1 \"\t\" \$2 \"\t\" \$3 }" \
	    scoped.table >scoped.list &&
	cut -f3 scoped.list | while read -r f; do
		test -f "$R/$f" || { echo "fixture: no $f"; exit 1; }
	done &&
	cksum fixtures/*.pcap* >bundled.sums
'

# ---- the documentation's examples --------------------------------------

(cd "$R" && plan doc $DOCS)

test_expect_success 'every example line is a command or the output a prompt shows' '
	test_cmp /dev/null doc/errors
'

test_expect_success 'README.md and every man page have examples' '
	for f in $DOCS; do
		grep -q "	$f	" doc/blocks || { echo "$f: no example found"; exit 1; }
	done
'

test_expect_success 'every section a fixture is for has examples' '
	cut -f1 scoped.list | sort -u >scopes &&
	while read -r s; do
		awk -F"\t" "{ print \$2 \"#\" \$3 }" doc/sections | grep -qxF "$s" ||
		{ echo "fixtures for $s: no such section with examples"; exit 1; }
	done <scopes
'

while IFS="	" read -r n file line ncmd nskip box; do
	if [ -s doc/$n.skip ]; then
		while IFS= read -r s; do
			test_skip "${s%% (not run: *}" "${s##* (not run: }"
		done <doc/$n.skip
	fi
	[ "$ncmd" = 0 ] && continue
	test_expect_success EXPENSIVE "$file:$line: $ncmd commands" "run_block doc $n"
done <doc/blocks

test_expect_success EXPENSIVE 'no example wrote into a bundled capture' '
	cksum fixtures/*.pcap* >now.sums &&
	test_cmp bundled.sums now.sums
'

# How many examples each file has: commands to run, blocks, exceptions
awk -F"\t" '{ b[$2]++; c[$2] += $4; s[$2] += $5; if (!($2 in o)) o[$2] = ++k; f[k] = $2 }
	END { for (i = 1; i <= k; i++)
		printf "# %s: %d commands to run in %d blocks, %d not run\n", f[i], c[f[i]], b[f[i]], s[f[i]] }' doc/blocks

test_done
