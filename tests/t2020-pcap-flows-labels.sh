#!/bin/sh
test_description='osfp-pcap-flows --labels: the ordinal join checks each
label row'"'"'s time against its packet'"'"'s (labels of another capture stop the
run), times are compared as exact decimals whatever their digits (tshark
writes nanoseconds), and a join that leaves packets unlabelled says how many'
. "$(dirname "$0")/test-lib.sh"

A="$TEST_DATA/shards/lab-a.pcapng"
B="$TEST_DATA/shards/lab-b.pcapng"
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

test_expect_success 'setup: labels of each capture' '
	osfp-pcapng-labels "$A" >a.csv &&
	osfp-pcapng-labels "$B" >b.csv &&
	osfp-pcapng-labels "$FX" >fx.csv
'

test_expect_success 'the labels of the capture itself: joined, nothing on stderr' '
	osfp-pcap-flows --labels fx.csv "$FX" >out.csv 2>err &&
	test ! -s err &&
	test $(cut -d, -f17 out.csv | grep -c .) = 152
'

test_expect_success 'labels of another capture: one line naming the first packet, exit 1, no rows' '
	test_expect_code 1 osfp-pcap-flows --labels a.csv "$B" >out.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .*lab-b.pcapng.: packet 2: time 1795859257.812198, but .a.csv. line 2 has 1795859257.795076: labels of another capture\\? \\(--no-time-check joins them anyway\\)\$" &&
	test ! -s out.csv
'

test_expect_success '--no-time-check joins them anyway' '
	osfp-pcap-flows --no-time-check --labels a.csv "$B" >out.csv 2>err &&
	test $(wc -l <out.csv) -gt 1 &&
	grep -q ",ubuntu-14.4-64b,ubuntu\$" out.csv
'

test_expect_success 'a label row whose time differs in one microsecond: caught' '
	awk -F, "BEGIN { OFS = \",\" } FNR == 40 { \$2 = \$2 + 0.000001; \$2 = sprintf(\"%.6f\", \$2) } { print }" fx.csv >off.csv &&
	p=$(awk -F, "NR == 40 { print \$1 }" fx.csv) &&
	test_expect_code 1 osfp-pcap-flows --labels off.csv "$FX" >out.csv 2>err &&
	test_one_line err ": packet $p: time .*, but .off.csv. line 40 has "
'

test_expect_success 'a label row without a time, or a labels file without the column' '
	awk -F, "BEGIN { OFS = \",\" } NR == 3 { \$2 = \"\" } { print }" fx.csv >hole.csv &&
	osfp-pcap-flows --labels hole.csv "$FX" >out.csv 2>err &&
	test ! -s err &&
	cut -d, -f1,3- fx.csv >notime.csv &&
	test_expect_code 1 osfp-pcap-flows --labels notime.csv "$FX" >out.csv 2>err &&
	test_one_line err "notime.csv.: no column .time. to check each packet.s time against \\(--no-time-check joins without\\)\$" &&
	osfp-pcap-flows --no-time-check --labels notime.csv "$FX" >out2.csv 2>err &&
	osfp-pcap-flows --labels fx.csv "$FX" >want.csv &&
	test_cmp want.csv out2.csv
'

test_expect_success 'a time that is not a decimal: one line naming the line' '
	awk -F, "BEGIN { OFS = \",\" } NR == 5 { \$2 = \"1e9\" } { print }" fx.csv >e.csv &&
	test_expect_code 1 osfp-pcap-flows --labels e.csv "$FX" >out.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .e.csv.: line 5: column .time.: .1e9. is not a time\$"
'

# tshark writes frame.time_epoch with nine digits: the same times
test_expect_success 'times at another precision: the same joins, by ordinal and by time' '
	awk -F, "BEGIN { OFS = \",\" } NR > 1 { \$2 = \$2 \"000\" } { print }" fx.csv >ns.csv &&
	grep -q "^1,1499109876.420509000," ns.csv &&
	osfp-pcap-flows --labels fx.csv "$FX" >want.csv &&
	osfp-pcap-flows --labels ns.csv "$FX" >got.csv 2>err &&
	test_cmp want.csv got.csv && test ! -s err &&
	osfp-pcap-flows --join time --labels fx.csv "$FX" >want.csv &&
	osfp-pcap-flows --join time --labels ns.csv "$FX" >got.csv 2>err &&
	test_cmp want.csv got.csv && test ! -s err
'

test_expect_success TSHARK 'the labels of scripts/tshark-labels join by time as osfp'"'"'s do' '
	"$OSFP_ROOT/scripts/tshark-labels" "$FX" >tshark.csv &&
	grep -q "^1,1499109876.420509000," tshark.csv &&
	osfp-pcap-flows --join time --labels fx.csv "$FX" >want.csv &&
	osfp-pcap-flows --join time --labels tshark.csv "$FX" >got.csv 2>err &&
	test_cmp want.csv got.csv &&
	osfp-pcap-flows --labels tshark.csv "$FX" >got.csv 2>err &&
	osfp-pcap-flows --labels fx.csv "$FX" >want.csv &&
	test_cmp want.csv got.csv
'

test_expect_success 'packets left unlabelled: how many, one line on stderr' '
	sed -e 3d -e 7d fx.csv >fewer.csv &&
	osfp-pcap-flows --labels fewer.csv "$FX" >out.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .*os-fixture.pcapng.: note: 2 of 151 packets in flows have no label in .fewer.csv.\$" &&
	head -1 fx.csv >none.csv &&
	osfp-pcap-flows --join time --labels none.csv "$FX" >out.csv 2>err &&
	test_one_line err ": note: 151 of 151 packets in flows have no label in .none.csv.\$" &&
	osfp-pcap-flows -q --join time --labels none.csv "$FX" >out.csv 2>err &&
	test ! -s err
'

test_expect_success EXPENSIVE 'the unlabelled count is the same with one thread or two' '
	osfp-pcapng-labels "$OSFP_ROOT/data/lab/sample.pcapng" >lab.csv &&
	osfp-pcap-flows -j 1 --join time --labels lab.csv "$OSFP_ROOT/data/lab/sample.pcapng" >j1.csv 2>e1 &&
	osfp-pcap-flows -j 2 --join time --labels lab.csv "$OSFP_ROOT/data/lab/sample.pcapng" >j2.csv 2>e2 &&
	test_cmp j1.csv j2.csv && test_cmp e1 e2 &&
	n=$(awk -F, "NR > 1 && \$18 == \"\"" j1.csv | wc -l) &&
	if [ "$n" = 0 ]; then test ! -s e1; else grep -q ": note: $n of " e1; fi
'

test_done
