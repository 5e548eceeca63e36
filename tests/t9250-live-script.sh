#!/bin/sh
test_description='scripts/live IFACE|- MODEL (issue 15): tcpdump, the flows
in stream mode, the features the model'"'"'s record asks for, its predictions
and osfp-hosts --follow, with the interval and dims stored in the model;
MODEL may be a p0f database. Tested on a capture on standard input (-), and
through a stand-in for tcpdump (the IFACE path without a network).'
. "$(dirname "$0")/test-lib.sh"

LIVE="$OSFP_ROOT/scripts/live"
TRAIN="$TEST_DATA/shards/lab-a.pcapng"
NEW="$OSFP_ROOT/data/lab/sample.pcapng"
FP="$TEST_DATA/golden/p0f/p0f.fp"
IDS=src,dst,sport,dport,proto,time

test_expect_success '-h: the usage and what it does, exit 0' '
	"$LIVE" -h >out &&
	head -n 1 out >got &&
	echo "usage: live [-i SEC] [-w SEC] [-j] IFACE|- MODEL [expression]" >want &&
	test_cmp want got &&
	grep -q "osfp-hosts --follow" out
'

test_expect_success 'usage errors: no model, an unknown option, -m -' '
	test_expect_code 2 "$LIVE" - >out 2>err &&
	grep -q "^usage: live " err && test_must_fail test -s out &&
	test_expect_code 2 "$LIVE" -x - "$FP" 2>err &&
	test_expect_code 2 "$LIVE" - - 2>err &&
	grep -q "^live: the model must be a file" err &&
	test_expect_code 1 "$LIVE" - none.model 2>err </dev/null &&
	test_one_line err "^live: .none\.model.: cannot read the model$"
'

test_expect_success 'setup: a model trained with its record and the flows interval' '
	osfp-pcapng-labels "$TRAIN" >lab.csv &&
	osfp-pcap-flows -v --fields syn,hdr --labels lab.csv "$TRAIN" >flows.csv 2>log &&
	iv=$(sed -n "s/.*interval \([0-9.e-]*\)).*/\1/p" log) &&
	test -n "$iv" && echo $iv >iv &&
	osfp-flow-features -f iat,stats,syn,hdr --interval $iv --dim-out x.rec flows.csv >feat.csv &&
	osfp-train -m rf --trees 10 --extraction x.rec -o m.model feat.csv &&
	sed -n "s/^extraction interval //p" m.model >got &&
	awk -v a="$iv" "{ exit \$1 + 0 != a + 0 }" got
'

test_expect_success 'a model: the stages by hand give the same rows' '
	"$LIVE" - m.model <"$NEW" >out 2>err &&
	test_must_fail test -s err &&
	osfp-pcap-flows --stream --interval $(cat iv) --min-packets 2 --fields syn,hdr - <"$NEW" >sf.csv &&
	osfp-flow-features --like m.model --id $IDS sf.csv >sfeat.csv &&
	osfp-predict -m m.model sfeat.csv >spred.csv &&
	osfp-hosts --follow spred.csv >want &&
	test_cmp want out &&
	test $(wc -l <out) -gt 14
'

test_expect_success 'a p0f database: no training; the verdicts of the batch pipeline' '
	"$LIVE" - "$FP" <"$NEW" >p.out 2>err &&
	test_must_fail test -s err &&
	head -n 1 p.out >got &&
	echo host,start,n,verdict,confidence,runner_up,runner_up_confidence >want &&
	test_cmp want got &&
	osfp-pcap-flows --interval 1 --min-packets 1 --fields syn "$NEW" >bf.csv &&
	osfp-flow-features -f syn --id $IDS bf.csv >bfeat.csv &&
	osfp-predict -m "$FP" bfeat.csv >bpred.csv &&
	osfp-hosts bpred.csv >bhosts.csv &&
	awk -F, "NR > 1 { v[\$1] = \$4 } END { for (h in v) print h, v[h] }" p.out | sort >a &&
	awk -F, "NR > 1 { print \$1, \$4 }" bhosts.csv | sort >b &&
	test_cmp b a
'

test_expect_success '-i, -w and -j reach the flows and hosts stages' '
	"$LIVE" -i 0.5 -w 5 -j - "$FP" <"$NEW" >j.out &&
	osfp-pcap-flows --stream --interval 0.5 --min-packets 1 --fields syn - <"$NEW" |
		osfp-flow-features -f syn --id $IDS | osfp-predict -m "$FP" >jp.csv &&
	osfp-hosts --follow --json --window 5 jp.csv >want &&
	test_cmp want j.out &&
	head -n 1 j.out | grep -q "^{\"host\":"
'

test_expect_success 'a model without the interval: -i gives it, else a usage error' '
	grep -v "^extraction interval" m.model >noiv.model &&
	test_expect_code 2 "$LIVE" - noiv.model <"$NEW" >out 2>err &&
	grep -q "^live: .noiv\.model.: its record has no flows interval .*: give -i SEC$" err &&
	test_must_fail test -s out &&
	"$LIVE" -i $(cat iv) - noiv.model <"$NEW" >out &&
	"$LIVE" - m.model <"$NEW" >want &&
	test_cmp want out &&
	osfp-train -m ridge -o bare.model feat.csv &&
	test_expect_code 1 "$LIVE" - bare.model <"$NEW" 2>err &&
	test_one_line err "^live: .bare\.model.: no extraction record \(train it with osfp-train --extraction FILE\)$"
'

# tcpdump needs an interface and the right to capture: a stand-in that
# checks its arguments and writes the capture
test_expect_success 'IFACE: tcpdump -i IFACE -U -w - [expression], the same verdicts' '
	cat >fake-tcpdump <<-EOF_T &&
	#!/bin/sh
	echo "\$*" >tcpdump.args
	exec cat "$NEW"
	EOF_T
	chmod +x fake-tcpdump &&
	TCPDUMP=./fake-tcpdump "$LIVE" eth9 "$FP" tcp port 80 >out &&
	echo "-i eth9 -U -w - tcp port 80" >want && test_cmp want tcpdump.args &&
	"$LIVE" - "$FP" <"$NEW" >want &&
	test_cmp want out
'

test_expect_success 'a capture arriving slowly: verdicts are out before it ends' '
	size=$(wc -c <"$NEW") &&
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ "$LIVE" - "$FP" <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -c $((size / 2)) "$NEW" >&3 &&
	test_wait_lines out 3 &&
	tail -c +$((size / 2 + 1)) "$NEW" >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp p.out out
'

test_done
