#!/bin/sh
test_description='osfp-pcap-flows --stream: each flow written as soon as it
ends, numbered in the order written, the same flows as the batch mode with
the same fixed interval on every test capture (flows compared sorted by
their packets); what needs the whole capture refused in one line; time
going backwards, a packet from the future and a flood of one-packet flows
handled by flowstream'"'"'s rules and counted with -v'
. "$(dirname "$0")/test-lib.sh"

LAB="$OSFP_ROOT/data/lab/sample.pcapng"
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"
MKPCAP="/usr/bin/python3 $TEST_DIR/mkpcap.py"

# canon FILE: the flows of an osfp-pcap-flows output, each renumbered by its
# first row's packet (a packet is in one flow at most) and sorted by it,
# rows of a flow in their order: batch and stream agree on this.
canon() {
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print; next }
		("f" $1) != cur { cur = "f" $1; first = $7 } { $1 = first; print }' "$1" >"$1.k" &&
	head -n 1 "$1.k" &&
	tail -n +2 "$1.k" | sort -t, -k1,1n -s
}

# interval CAPTURE OPTS...: the split option that gives the batch run's
# interval (its 0.9-quantile, from -v) as a fixed one
interval() {
	iv=$(osfp-pcap-flows -v "$@" 2>&1 >/dev/null | sed -n "s/.*interval \\([^)]*\\)).*/\\1/p") &&
	if test "$iv" = 0; then echo "--q-interval 0"; else echo "--interval $iv"; fi
}

# same CAPTURE OPTS...: batch and stream with the batch interval give the
# same flows, or the stream says (-v) why they may differ; then the rows
# of the stream are numbered 0, 1, ... in order
same() {
	c=$1
	shift
	iv=$(interval "$c" "$@") &&
	osfp-pcap-flows $iv "$@" "$c" >b.csv 2>b.err
	rb=$?
	osfp-pcap-flows --stream -v $iv "$@" "$c" >s.csv 2>s.err
	rs=$?
	test $rb = $rs || { echo "$c $*: exit $rb vs $rs"; return 1; }
	canon b.csv >b.k && canon s.csv >s.k || return 1
	if ! cmp -s b.k s.k; then
		grep -Eq "evicted at the cap: [1-9]|evicted at the cap: [0-9]+ ended, [1-9]|, [1-9][0-9]* active|[1-9][0-9]* late \\(|[1-9][0-9]* late splits|[1-9][0-9]* from the future" s.err ||
			{ echo "$c $*: the flows differ, nothing said"; diff b.k s.k | head -5; return 1; }
		echo "$c $*: differs, as -v says: $(grep timestamps s.err)" >>differ.log
	fi
	awk -F, 'NR > 1 && ("f" $1) != prev { if ($1 != n + 0) exit 1; n++; prev = "f" $1 }' s.csv ||
		{ echo "$c $*: flows not numbered in order"; return 1; }
}

captures() {
	for c in "$TEST_DATA"/public/*.pcap* "$TEST_DATA"/cicids2017/*.pcap* \
	    "$TEST_DATA"/synthetic/*.pcap* "$TEST_DATA"/labels/*.pcapng \
	    "$TEST_DATA"/shards/*.pcapng "$LAB"; do
		echo "$c"
	done
}

test_expect_success 'stream == batch on every test capture and the lab sample' '
	n=0 &&
	for c in $(captures); do
		same "$c" || return 1
		n=$((n + 1))
	done &&
	test $n -ge 30
'

test_expect_success EXPENSIVE 'the same with --bidir, --keep-last, --min-packets 1, --timeout 1' '
	for c in $(captures); do
		same "$c" --bidir &&
		same "$c" --keep-last &&
		same "$c" --min-packets 1 --keep-last &&
		same "$c" --timeout 1 || return 1
	done
'

test_expect_success EXPENSIVE 'the same with --fields all' '
	for c in $(captures); do
		same "$c" --fields all || return 1
	done
'

test_expect_success 'the same with --by sample and --labels, on every pcapng with labels' '
	for c in "$LAB" "$FX" "$TEST_DATA"/shards/*.pcapng "$TEST_DATA"/cicids2017/*labeled*.pcapng; do
		osfp-pcapng-labels "$c" >l.csv &&
		same "$c" --labels l.csv &&
		same "$c" --labels l.csv --bidir --fields syn,hdr &&
		same "$c" --by sample --labels l.csv &&
		same "$c" --by sample --interval 3 --labels l.csv || return 1
	done
'

test_expect_success 'times.pcapng (keys a billion seconds apart): the stream says why it differs' '
	grep -q "times.pcapng.*from the future" differ.log
'

test_expect_success 'the lab sample: flows written before the end of input' '
	osfp-pcap-flows --stream --interval 0.26 "$LAB" >s.csv &&
	osfp-pcap-flows --interval 0.26 "$LAB" >b.csv &&
	test $(wc -l <s.csv) = $(wc -l <b.csv) &&
	test $(wc -l <s.csv) -gt 29000
'

# ---- what needs the whole capture

test_expect_success '--stream without a fixed interval: one line naming the option, exit 2' '
	test_expect_code 2 osfp-pcap-flows --stream "$LAB" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: --stream needs --interval SEC or --q-interval 0 " &&
	test ! -s out &&
	test_expect_code 2 osfp-pcap-flows --stream --q-interval 0.5 "$LAB" >out 2>err &&
	test_one_line err "--stream needs --interval SEC or --q-interval 0" &&
	osfp-pcap-flows --stream --q-interval 0 "$FX" >out 2>err &&
	test ! -s err &&
	osfp-pcap-flows --stream --by sample "$FX" >out 2>err &&
	test ! -s err
'

test_expect_success '--stream refuses several captures, --join time; --max-flows needs it' '
	test_expect_code 2 osfp-pcap-flows --stream --interval 1 "$LAB" "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: --stream reads one capture" &&
	osfp-pcapng-labels "$FX" >fx.csv &&
	test_expect_code 2 osfp-pcap-flows --stream --interval 1 --labels fx.csv --join time "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: --stream joins labels by packet number" &&
	test_expect_code 2 osfp-pcap-flows --max-flows 10 "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: --max-flows needs --stream\$" &&
	test_expect_code 2 osfp-pcap-flows --stream --interval 1 --max-flows 0 "$FX" >out 2>err
'

test_expect_success '--labels: of another capture, the batch message; out of order, one line' '
	osfp-pcapng-labels "$TEST_DATA/shards/lab-a.pcapng" >a.csv &&
	test_expect_code 1 osfp-pcap-flows --stream --interval 1 --labels a.csv \
		"$TEST_DATA/shards/lab-b.pcapng" >out.csv 2>err &&
	test_one_line err "lab-b.pcapng.: packet 2: time 1795859257.812198, but .a.csv. line 2 has 1795859257.795076: labels of another capture\\? \\(--no-time-check joins them anyway\\)\$" &&
	{ head -n 1 fx.csv && tail -n +2 fx.csv | sort -t, -k1,1nr; } >rev.csv &&
	test_expect_code 1 osfp-pcap-flows --stream --interval 1 --labels rev.csv "$FX" >out.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .rev.csv.: line 3: packet [0-9]+ after packet [0-9]+: stream mode needs the labels in packet order\$"
'

# ---- time going backwards, from the future, floods

test_expect_success 'backwards timestamps: put in order inside an open piece, else late (-v)' '
	cat >back.txt <<-\EOF &&
	100.0 10.0.0.1 1000 10.0.0.2 80
	100.1 10.0.0.1 1000 10.0.0.2 80
	100.3 10.0.0.1 1000 10.0.0.2 80
	100.2 10.0.0.1 1000 10.0.0.2 80
	100.4 10.0.0.3 2000 10.0.0.2 80
	100.5 10.0.0.3 2000 10.0.0.2 80
	103.0 10.0.0.4 3000 10.0.0.2 80
	100.45 10.0.0.3 2000 10.0.0.2 80
	103.1 10.0.0.4 3000 10.0.0.2 80
	EOF
	$MKPCAP back.pcap <back.txt &&
	osfp-pcap-flows --stream -v --interval 1 back.pcap >s.csv 2>err &&
	grep -q "timestamps: 1 back in time put in order, 1 late (dropped), 0 late splits" err &&
	osfp-pcap-flows --interval 1 back.pcap >b.csv &&
	grep -q ",10.0.0.1,.*,4,100.200000," s.csv &&
	awk -F, "\$2 == \"10.0.0.1\" { print \$7 }" s.csv >got &&
	printf "1\\n2\\n4\\n3\\n" >want &&
	test_cmp want got &&
	test $(grep -c "^[0-9]*,10.0.0.3," b.csv) = 3 &&
	test $(grep -c "^[0-9]*,10.0.0.3," s.csv) = 2
'

test_expect_success 'a packet a year ahead: dropped as from the future, flows as batch (-v)' '
	awk "BEGIN { for (i = 0; i < 40; i++) {
		printf \"%.1f 10.0.0.%d %d 10.0.0.9 80\\n\", 1000 + i * 0.2 + int(i / 10) * 3, 1 + i % 2, 1000 + int(i / 10)
		if (i == 15) print \"32536000 10.0.0.7 7 10.0.0.9 80\" } }" >fut.txt &&
	$MKPCAP fut.pcap <fut.txt &&
	osfp-pcap-flows --stream -v --interval 1 fut.pcap >s.csv 2>err &&
	grep -q "0 late splits, 1 from the future (over 3600 s ahead; dropped)" err &&
	osfp-pcap-flows --interval 1 fut.pcap >b.csv &&
	canon b.csv >b.k && canon s.csv >s.k && test_cmp b.k s.k &&
	test $(wc -l <s.csv) -gt 20
'

test_expect_success 'a real jump of the clock (two packets agree) is no future packet' '
	awk "BEGIN { for (i = 0; i < 20; i++)
		printf \"%.1f 10.0.0.1 1000 10.0.0.9 80\\n\", 1000 + i * 0.2 + (i >= 10) * 86400 }" >jump.txt &&
	$MKPCAP jump.pcap <jump.txt &&
	osfp-pcap-flows --stream -v --interval 1 jump.pcap >s.csv 2>err &&
	grep -q " 0 from the future" err &&
	osfp-pcap-flows --interval 1 jump.pcap >b.csv &&
	canon b.csv >b.k && canon s.csv >s.k && test_cmp b.k s.k
'

test_expect_success 'a SYN flood stays under --max-flows; -v: peak keys, evictions' '
	awk "BEGIN { for (i = 0; i < 20000; i++)
		printf \"%.6f 10.1.%d.%d %d 10.0.0.9 80 2\\n\", 1000 + i * 0.00001, int(i / 250), i % 250, 1024 + i % 60000
		for (i = 0; i < 50; i++) printf \"%.6f 10.0.0.1 999 10.0.0.9 22\\n\", 1000.2 + i * 0.001 }" >flood.txt &&
	$MKPCAP flood.pcap <flood.txt &&
	osfp-pcap-flows --stream -v --interval 1 --max-flows 100 flood.pcap >s.csv 2>err &&
	grep -q "at most 100 keys held (cap 100)" err &&
	grep -q "evicted at the cap: 0 ended, 0 idle, 199[0-9][0-9] active" err &&
	grep -q ",10.0.0.1,10.0.0.9,999,22,6," s.csv &&
	test $(wc -l <s.csv) = 51
'

# ---- faults on a pipe

# piped FILE CMD...: CMD reading FILE through a pipe (a file on standard
# input would be mapped)
piped() {
	f=$1
	shift
	cat "$f" | "$@"
}

test_expect_success 'a capture cut short in a pipe: the flows, then the one-line error, exit 1' '
	size=$(wc -c <"$LAB") &&
	head -c $((size / 2)) "$LAB" >half.pcapng &&
	test_expect_code 1 piped half.pcapng osfp-pcap-flows --stream --interval 0.26 - >s.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .<stdin>.: truncated block at byte [0-9]+\$" &&
	test_expect_code 1 piped half.pcapng osfp-pcap-flows --interval 0.26 - >b.csv 2>berr &&
	test_cmp berr err &&
	canon b.csv >b.k && canon s.csv >s.k && test_cmp b.k s.k &&
	test $(wc -l <s.csv) -gt 10000
'

# in the background: osfp-pcap-flows --stream ARGS <IN >out.fifo, its
# status to rc
flows_to_fifo() {
	in=$1
	shift
	(cat "$in" | osfp-pcap-flows --stream "$@" >out.fifo 2>err; echo $? >rc) &
}

test_expect_success 'a closed pipe downstream ends the stage quietly (exit 1, nothing said)' '
	mkfifo out.fifo &&
	flows_to_fifo "$LAB" --interval 0.26 - &&
	head -n 1 out.fifo >first &&
	wait &&
	test "$(cat rc)" = 1 &&
	test ! -s err &&
	grep -q "^flow,src," first
'
rm -f out.fifo

test_done
