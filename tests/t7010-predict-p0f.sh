#!/bin/sh
test_description='osfp-predict -m p0f.fp: p0f 3.09b'"'"'s verdicts

Every SYN and SYN+ACK p0f 3.09b fingerprinted in the test captures, the
lab sample and p0f-sigs.pcap (every signature of its database, and variants;
its logs kept in tests/data/golden/p0f) gets the same os, params and dist
from osfp-predict with the same database, matched to the osfp row of the
same SYN by direction, ports and raw_sig; the output columns; rows without
a SYN.'
. "$(dirname "$0")/test-lib.sh"

GOLD=$TEST_DATA/golden/p0f
DB=$GOLD/p0f.fp

# capture  p0f lines compared  p0f lines without an osfp row (none: with
# --min-packets 1 the lone SYNs are flows too)  distinct raw_sig compared
cat >want.counts <<'EOF'
cicids2017-mon-151-labeled-legacy.pcapng 10 0 4
cicids2017-mon-151.pcap 10 0 4
keyed-ebpf-9.pcapng 2 0 2
lab-a.pcapng 246 0 2
lab-b.pcapng 190 0 7
netml_demo.pcapng 83 0 2
netml_srcIP_10.42.0.119_anomaly.pcapng 90 0 1
nprint_port443.pcap 4 0 3
nprint_port80.pcap 130 0 3
os-fixture-legacy-ts.pcapng 10 0 4
os-fixture.pcapng 10 0 4
p0f-sigs.pcap 5161 0 2714
sample.pcapng 1180 0 7
tcpdump_mptcp-v1.pcap 2 0 2
tcpdump_of13_ericsson.pcapng 3 0 2
tcpdump_resp_1_benchmark.pcap 30 0 2
tcpdump_resp_3_malicious.pcap 34 0 2
tcpdump_tcp-handshake-nano.pcap 2 0 2
tcpdump_timestamp_invalid_micro.pcap 2 0 2
tcpdump_timestamp_invalid_nano.pcap 2 0 2
tcpreplay_test.pcap 12 0 5
tcpreplay_test_fragroute.pcap 2 0 2
EOF

# p0f_run CAPTURE: flows, syn features and p0f predictions as TSV
p0f_run() {
	osfp-pcap-flows -t -q --fields syn --min-packets 1 "$1" >fl.tsv 2>/dev/null
	osfp-flow-features -t -f syn --keep-unlabelled fl.tsv >syn.tsv 2>/dev/null &&
	osfp-predict -t --ignore syn_synack -m "$DB" syn.tsv >pred.tsv
}

test_expect_success 'every golden log has a capture and a line in the table' '
	ls "$GOLD"/*.log | sed "s|.*/||; s|\.log\$||" >logs &&
	cut -d" " -f1 want.counts >listed &&
	test_cmp logs listed
'

# p0f_compare CAPTURE...: the counts of each (and a failure on a difference)
p0f_compare() {
	for c in "$@"; do
		cap=$(find "$TEST_DATA" "$OSFP_ROOT/data/lab" -name "$c" | head -n 1) &&
		test -n "$cap" &&
		p0f_run "$cap" &&
		awk -f "$TEST_DIR/p0f-compare.awk" fl.tsv pred.tsv "$GOLD/$c.log" >cmp.out &&
		tail -n 1 cmp.out >summary &&
		if grep -q "differ [1-9]\|sigs-differ [1-9]" summary; then
			echo "$c:" && cat cmp.out && return 1
		fi &&
		awk -v c="$c" "{ print c, \$2, \$8, \$12 }" summary ||
		return 1
	done
}

test_expect_success 'p0f verdicts on three small captures (IPv4, IPv6, TOS)' '
	p0f_compare cicids2017-mon-151.pcap keyed-ebpf-9.pcapng tcpreplay_test.pcap >got.small &&
	grep -E "^(cicids2017-mon-151.pcap|tcpreplay_test.pcap|keyed-ebpf-9.pcapng) " want.counts >want.small &&
	test_cmp want.small got.small
'

test_expect_success EXPENSIVE 'p0f verdicts: same os, params and dist for every SYN compared' '
	p0f_compare $(cut -d" " -f1 want.counts) >got.counts &&
	test_cmp want.counts got.counts
'

test_expect_success 'the comparison sees a wrong verdict' '
	cap=$TEST_DATA/cicids2017/cicids2017-mon-151.pcap &&
	p0f_run "$cap" &&
	sed "s/os=Windows 7 or 8/os=Windows XP/" "$GOLD/cicids2017-mon-151.pcap.log" >wrong.log &&
	awk -f "$TEST_DIR/p0f-compare.awk" fl.tsv pred.tsv wrong.log >cmp.out &&
	grep -q "^differ: syn 0|.*p0f Windows XP|none|0, osfp Windows 7 or 8|none|0" cmp.out
'

test_expect_success 'columns: identifiers, predicted, params, dist, raw_sig' '
	osfp-pcap-flows --fields syn "$TEST_DATA/cicids2017/os-fixture.pcapng" >fl.csv &&
	osfp-flow-features -f syn fl.csv >syn.csv &&
	osfp-predict -m "$DB" syn.csv >p.csv &&
	head -n 1 p.csv >actual &&
	echo "flow,predicted,params,dist,raw_sig" >expect &&
	test_cmp expect actual &&
	sed -n 2p p.csv >actual &&
	echo "0,Linux 3.11 and newer,none,0,\"4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\"" >expect &&
	test_cmp expect actual
'

test_expect_success 'a row without a SYN: empty predicted, params, dist and raw_sig' '
	osfp-pcap-flows --fields syn "$TEST_DATA/synthetic/ipv6.pcap" >v6.csv &&
	osfp-flow-features -f syn v6.csv >v6f.csv &&
	osfp-predict -m "$DB" v6f.csv >p6.csv &&
	grep -c ",,,\$" p6.csv >n &&
	awk -F, "NR > 1 && \$2 == 1.0" v6f.csv | wc -l >want &&
	test_cmp want n
'

test_expect_success 'labels and other identifiers pass through; TSV with -t' '
	osfp-pcapng-labels "$TEST_DATA/cicids2017/os-fixture.pcapng" >lab.csv &&
	osfp-pcap-flows --labels lab.csv --fields syn "$TEST_DATA/cicids2017/os-fixture.pcapng" >fll.csv &&
	osfp-flow-features -f syn fll.csv >synl.csv &&
	osfp-predict -t --ignore syn_ttl -m "$DB" synl.csv >pl.tsv &&
	head -n 1 pl.tsv >actual &&
	printf "flow\tsample\tlabel\tfamily\tsyn_ttl\tpredicted\tparams\tdist\traw_sig\n" >expect &&
	test_cmp expect actual &&
	test $(wc -l <pl.tsv) = $(wc -l <synl.csv)
'

test_expect_success 'other feature columns are ignored' '
	osfp-pcap-flows --fields syn,hdr "$TEST_DATA/cicids2017/os-fixture.pcapng" >flh.csv &&
	osfp-flow-features -f iat,syn,hdr flh.csv >ish.csv &&
	osfp-predict -m "$DB" ish.csv >pi.csv &&
	test_cmp p.csv pi.csv
'

test_expect_success 'a database with no TCP signature: a warning, every SYN ???' '
	printf "; nothing\n[mtu]\nlabel = Ethernet\nsig = 1500\n" >mtu.fp &&
	osfp-predict -m mtu.fp syn.csv >pm.csv 2>err &&
	test_one_line err "no TCP signatures" &&
	cut -d, -f2 pm.csv | sort -u >got &&
	printf "???\npredicted\n" >want &&
	test_cmp want got
'

test_done
