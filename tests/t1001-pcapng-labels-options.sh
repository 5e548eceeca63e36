#!/bin/sh
test_description='osfp-pcapng-labels options, comments, stdin and pipes'
. "$(dirname "$0")/test-lib.sh"

KEYED="$TEST_DATA/cicids2017/keyed-ebpf-9.pcapng"
FT="$TEST_DATA/labels/freetext.pcapng"
MIX="$TEST_DATA/labels/mixed.pcapng"

test_expect_success '--help and --version on stdout, exit 0' '
	osfp-pcapng-labels --help >out 2>err && test ! -s err &&
	grep -q "^usage: osfp-pcapng-labels" out && grep -q -- "--legacy-ts" out &&
	osfp-pcapng-labels --version >out 2>err && test ! -s err &&
	grep -q "^osfp-pcapng-labels (osfp) " out
'

# usage errors: exit 2, nothing on stdout
while read -r args; do
	test_expect_success "usage error: $args" "
		test_expect_code 2 osfp-pcapng-labels $args '$KEYED' >out 2>err &&
		test ! -s out && grep -q '^usage:' err
	"
done <<'EOF_ARGS'
--no-such-option
-c 0
-c x
-c -1
--comment all
--legacy-ts maybe
-c
'$KEYED'
EOF_ARGS

test_expect_success 'stdin, "-" and a file give the same output' '
	osfp-pcapng-labels "$KEYED" >file.csv &&
	osfp-pcapng-labels <"$KEYED" >stdin.csv &&
	osfp-pcapng-labels - <"$KEYED" >dash.csv &&
	test_cmp file.csv stdin.csv && test_cmp file.csv dash.csv
'

test_expect_success 'reads from a pipe (no seeking)' '
	F="$TEST_DATA/public/netml_srcIP_10.42.0.119_anomaly.pcapng" &&
	cat "$F" | osfp-pcapng-labels -r -a >pipe.csv &&
	osfp-pcapng-labels -r -a "$F" >file.csv &&
	test $(wc -l <file.csv) = 2890 &&
	test_cmp file.csv pipe.csv
'

test_expect_success 'keyed comments: sample from s=, label from proc=, empty family' '
	cat >expect <<-\EOT &&
	packet,time,sample,label,family
	1,1773959124.189764,0,curl,
	EOT
	osfp-pcapng-labels "$KEYED" >out &&
	head -2 out >actual && test_cmp expect actual &&
	test $(wc -l <out) = 10
'

test_expect_success '-t writes TSV' '
	osfp-pcapng-labels -t "$KEYED" >out &&
	printf "packet\ttime\tsample\tlabel\tfamily\n1\t1773959124.189764\t0\tcurl\t\n" >expect &&
	head -2 out >actual && test_cmp expect actual
'

test_expect_success '--raw: the comment as it is, CSV-quoted' '
	osfp-pcapng-labels --raw "$KEYED" >out &&
	head -2 out >actual &&
	printf "%s\n" "packet,time,comment" "1,1773959124.189764,\"s=0,proc=curl,dir=lan2wan,dst=example.com\"" >expect &&
	test_cmp expect actual
'

test_expect_success 'several comments: first by default, --comment N, last' '
	osfp-pcapng-labels "$MIX" >d.csv &&
	grep "^2," d.csv >actual && echo "2,1499083690.123456789,18205618432581910911,windows-10," >expect &&
	test_cmp expect actual &&
	osfp-pcapng-labels -c 2 "$MIX" >c2.csv &&
	cat >expect <<-\EOT &&
	packet,time,sample,label,family
	2,1499083690.123456789,3,curl,
	EOT
	test_cmp expect c2.csv &&
	osfp-pcapng-labels --comment last "$MIX" >last.csv &&
	grep "^2," last.csv >actual && echo "2,1499083690.123456789,3,curl," >expect &&
	test_cmp expect actual &&
	osfp-pcapng-labels --comment first "$MIX" >first.csv && test_cmp d.csv first.csv
'

test_expect_success '--raw --comment all: one row per comment' '
	osfp-pcapng-labels -r -c all "$MIX" >out &&
	grep -c "^2," out >n && test $(cat n) = 2 &&
	test $(wc -l <out) = 7
'

test_expect_success '-a: packets without a comment get empty fields (SPB: no time)' '
	osfp-pcapng-labels -a "$MIX" >out &&
	grep "^3," out >actual && echo "3,,,," >expect && test_cmp expect actual &&
	grep "^5," out >actual && echo "5,1499083692.000000,,," >expect && test_cmp expect actual
'

test_expect_success 'a comment that is not a label: rows before it, then an error' '
	test_expect_code 1 osfp-pcapng-labels "$FT" >out 2>err &&
	printf "%s\n" "packet,time,sample,label,family" "1,1499083690.000000,10,ubuntu,linux" >expect &&
	test_cmp expect out &&
	test_one_line err "^osfp-pcapng-labels: .*freetext.pcapng.: packet 2: comment 1 is not a pcapml label \(.*\): .retransmission here.$"
'

test_expect_success '-k: warn once, count, treat as unlabelled, exit 0' '
	osfp-pcapng-labels -k -a "$FT" >out 2>err &&
	cat >expect <<-\EOT &&
	packet,time,sample,label,family
	1,1499083690.000000,10,ubuntu,linux
	2,1499083690.000001,,,
	3,1499083690.000002,12,mac-os-x,mac
	4,1499083690.000003,,,
	5,1499083690.000004,13,windows-10,windows
	EOT
	test_cmp expect out &&
	test $(wc -l <err) = 2 && grep -q "packet 2: comment 1" err &&
	grep -q "2 packets in all have a comment that is not a pcapml label" err
'

test_expect_success '--comment label: the first comment that parses' '
	test_expect_code 1 osfp-pcapng-labels -c label "$FT" >out 2>err &&
	test $(wc -l <out) = 4 && grep -q "^2,.*,11,debian,linux$" out &&
	test_one_line err "packet 4: comment 1 is not a pcapml label"
'

test_expect_success 'raw mode never fails on free text' '
	osfp-pcapng-labels -r "$FT" >out 2>err && test ! -s err &&
	test $(wc -l <out) = 6
'

test_expect_success 'a closed stdout is a quiet error, not a crash' '
	( osfp-pcapng-labels -r -a "$TEST_DATA/public/netml_demo.pcapng" 2>err; echo $? >rc ) | head -1 >/dev/null &&
	test "$(cat rc)" = 1
'

test_expect_success 'a full disk is reported' '
	if [ -w /dev/full ]; then
		test_expect_code 1 osfp-pcapng-labels "$KEYED" >/dev/full 2>err &&
		test -s err
	fi
'

test_done
