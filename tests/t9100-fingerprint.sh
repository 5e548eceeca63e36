#!/bin/sh
test_description='fingerprint features: osfp-pcap-flows --fields, osfp-flow-features -f syn,hdr,nprint

The syn set must spell the raw signatures p0f 3.09b printed for the 10 SYNs
of the real CIC-IDS2017 packets; golden values on the CIC fixtures; IPv6,
UDP and degenerate flows; missing and bad columns.'
. "$(dirname "$0")/test-lib.sh"

CIC=$TEST_DATA/cicids2017
GOLD=$TEST_DATA/golden/fingerprint

# raw_sig from the syn columns (by name) of a features file, keyed by the
# client of the flow (src/sport of its first row in the flows file):
# ver:ttl+dist:olen:mss:wsize,scale:olayout:quirks:pclass (fp_tcp.c dump_sig).
cat >sig.awk <<'EOF'
BEGIN { FS = "," }
FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
FILENAME == flows { if (!($1 in cli)) cli[$1] = $(col[FILENAME, "src"]) "/" $(col[FILENAME, "sport"]); next }
function v(name) { return $(col[FILENAME, name]) + 0 }
function optname(k) {
	if (k == 0) return "eol+" v("syn_eolpad")
	if (k == 1) return "nop"; if (k == 2) return "mss"; if (k == 3) return "ws"
	if (k == 4) return "sok"; if (k == 5) return "sack"; if (k == 8) return "ts"
	return "?" k
}
{
	if (v("syn_none") == 1) next
	s = v("syn_ipver") ":" v("syn_ttl") "+" (v("syn_dist") > 35 ? "?" : v("syn_dist")) ":" v("syn_olen") ":"
	s = s (v("syn_mss") < 0 ? 0 : v("syn_mss")) ":"
	if (v("syn_win_mult") > 0) s = s (v("syn_win_mtu") ? "mtu*" : "mss*") v("syn_win_mult")
	else s = s v("syn_win")
	s = s "," (v("syn_wscale") < 0 ? 0 : v("syn_wscale")) ":"
	for (i = 0; i < v("syn_nopt"); i++) s = s (i ? "," : "") optname(v("syn_opt_" i))
	q = ""
	split("df id_nz id_zero ecn mbz flow seq_zero ack_nz ack_zero uptr_nz urgf pushf ts1_zero ts2_nz opt_nz exws bad", qn, " ")
	split("df id+ id- ecn 0+ flow seq- ack+ ack- uptr+ urgf+ pushf+ ts1- ts2+ opt+ exws bad", qp, " ")
	for (i = 1; i <= 17; i++) if (v("syn_q_" qn[i]) == 1) q = q (q == "" ? "" : ",") qp[i]
	s = s ":" q ":" (v("syn_pclass") ? "+" : "0")
	print cli[$(col[FILENAME, "flow"])], s
}
EOF

test_expect_success 'syn equals p0f 3.09b raw_sig for the 10 CIC-IDS2017 SYNs, field by field' '
	osfp-pcap-flows --fields syn "$CIC/cicids2017-mon-151.pcap" >flows.csv &&
	osfp-flow-features -f syn flows.csv >syn.csv &&
	awk -v flows=flows.csv -f "$TRASH/sig.awk" flows.csv syn.csv >got.sig &&
	sed -n "s/.*mod=syn|cli=\([^|]*\)|.*raw_sig=\(.*\)/\1 \2/p" \
		"$CIC/p0f-3.09b-on-cicids2017-mon-151.log" >want.sig &&
	test $(wc -l <want.sig) = 10 &&
	# one line per signature field, so a difference names the field
	fields="ver ttl+dist olen mss wsize,scale olayout quirks pclass" &&
	awk -v names="$fields" "{ n = split(names, nm, \" \"); split(\$2, f, \":\");
		for (i = 1; i <= n; i++) print \$1, nm[i], f[i] }" want.sig | sort >want &&
	awk -v names="$fields" "{ n = split(names, nm, \" \"); split(\$2, f, \":\");
		for (i = 1; i <= n; i++) print \$1, nm[i], f[i] }" got.sig | sort >got &&
	test $(wc -l <want) = 80 &&
	test_cmp want got
'

test_expect_success 'a wrong signature would be seen (the comparison can fail)' '
	sed "s/mss\*20/mss*21/" want >want.bad &&
	! cmp -s want.bad got
'

test_expect_success 'golden: --fields all on the 151 CIC packets' '
	osfp-pcap-flows --fields all "$CIC/cicids2017-mon-151.pcap" >all.csv &&
	test_cmp "$GOLD/cic-fields.csv" all.csv
'

test_expect_success '--fields with --labels and -t: same fields after sample,label,family, TSV' '
	osfp-pcapng-labels "$CIC/os-fixture.pcapng" >lab.csv &&
	osfp-pcap-flows --labels lab.csv --fields all "$CIC/os-fixture.pcapng" >fl.csv &&
	osfp-pcap-flows -t --labels lab.csv --fields all "$CIC/os-fixture.pcapng" >fl.tsv &&
	awk -F, "{ print NF }" fl.csv | sort -u >nf &&
	echo 40 >want && test_cmp want nf &&
	tr , "\t" <fl.csv >want.tsv && test_cmp want.tsv fl.tsv
'

test_expect_success 'golden: syn,hdr of the CIC flows (Linux 250 Hz clock, sequential IP IDs; Windows no timestamps)' '
	osfp-flow-features -f syn,hdr all.csv >sh.csv &&
	test_cmp "$GOLD/cic-syn-hdr.csv" sh.csv
'

# Values read off the golden file and checked by hand against tshark:
# flow 0 (192.168.10.16, Ubuntu) has 24 packets, IP IDs +1 each, TCP
# timestamps 250 Hz; flow 1 (192.168.10.5, Windows 8.1) has no timestamps.
test_expect_success 'hand-checked hdr values of flows 0 and 1' '
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ print \$1, \$c[\"hdr_ittl\"], \$c[\"hdr_ipid_one_frac\"], sprintf(\"%.0f\", \$c[\"hdr_ts_hz\"]), \$c[\"hdr_opt_ts_frac\"] }" \
		sh.csv >got &&
	head -n 2 got >got2 &&
	printf "0 64.0 1.0 250 1.0\n1 128.0 0.3333333333333333 -1 0.0\n" >want2 &&
	test_cmp want2 got2
'

test_expect_success 'golden: --by sample on os-fixture.pcapng with labels and every set' '
	osfp-pcapng-labels "$CIC/os-fixture.pcapng" >labels.csv &&
	osfp-pcap-flows --by sample --labels labels.csv --fields all "$CIC/os-fixture.pcapng" >bys.csv &&
	osfp-flow-features -f stats,syn,hdr,nprint --nprint-packets 1 bys.csv >bys-feat.csv &&
	test_cmp "$GOLD/os-fixture-by-sample.csv" bys-feat.csv
'

test_expect_success 'streaming (--dim) and held flows give the same fingerprint columns' '
	osfp-flow-features -f iat,syn,hdr bys.csv >held.csv 2>/dev/null &&
	osfp-flow-features -f iat,syn,hdr --dim 3 bys.csv >streamed.csv &&
	awk -F, "{ s = \$1; for (i = NF - 79; i <= NF; i++) s = s \",\" \$i; print s }" held.csv >a &&
	awk -F, "{ s = \$1; for (i = NF - 79; i <= NF; i++) s = s \",\" \$i; print s }" streamed.csv >b &&
	head -n 1 a | grep -q "^flow,syn_none,.*,hdr_pay_zero_frac$" &&
	test_cmp a b
'

test_expect_success 'nprint: the first packet of flow 0 bit by bit, -1 for absent packets' '
	osfp-flow-features -f nprint --nprint-packets 30 all.csv >np.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		\$1 == 0 { print \$c[\"np0_ipv4_0\"], \$c[\"np0_ipv4_1\"], \$c[\"np0_ipv4_2\"], \$c[\"np0_ipv4_3\"],
			\$c[\"np0_ipv4_65\"], \$c[\"np0_tcp_96\"], \$c[\"np0_tcp_110\"], \$c[\"np0_tcp_111\"],
			\$c[\"np0_tcp_160\"], \$c[\"np0_tcp_479\"], \$c[\"np29_ipv4_0\"] }" np.csv >got &&
	echo "0.0 1.0 0.0 0.0 1.0 1.0 1.0 0.0 0.0 -1.0 -1.0" >want &&
	test_cmp want got
'

test_expect_success 'nprint never has columns for addresses, ports, seq/ack or checksums' '
	head -n 1 np.csv | tr , "\n" >cols &&
	! grep -E "^np0_ipv4_(8[0-9]|9[0-9]|1[0-5][0-9])$" cols &&
	! grep -E "^np0_tcp_([0-9]|[1-8][0-9]|9[0-5]|12[89]|13[0-9]|14[0-3])$" cols &&
	test $(grep -c "^np0_" cols) = 768
'

test_expect_success 'IPv6 and UDP: version 6, IPv4-only fields empty, TCP fields empty for UDP' '
	osfp-pcap-flows --fields all "$TEST_DATA/synthetic/ipv6.pcap" >v6.csv &&
	test_cmp "$GOLD/ipv6-fields.csv" v6.csv &&
	osfp-flow-features -f syn,hdr v6.csv >v6f.csv &&
	test_cmp "$GOLD/ipv6-syn-hdr.csv" v6f.csv
'

test_expect_success 'UDP flow: no SYN, TCP statistics -1' '
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ print \$1, \$c[\"syn_none\"], \$c[\"syn_ttl\"], \$c[\"hdr_tcp_frac\"], \$c[\"hdr_win_min\"], \$c[\"hdr_pay_min\"] }" \
		v6f.csv >got &&
	grep "^4 " got >got4 &&
	echo "4 1.0 -1.0 0.0 -1.0 10.0" >want &&
	test_cmp want got4
'

# Hand-made rows: values worked out in the comments.
cat >hand.csv <<'EOF'
flow,time,len,ttl,tcpflags,win,ipver,ipid,df,rf,tos,ipopts,flowlbl,tcpopts,mss,wscale,tsval,tsecr,eolpad,eolnz,urp,seq0,ack0,optbad,payload
a,1.0,60,60,2,5840,4,0,0,1,1,4,,2-3-0,1380,15,,,2,1,5,1,0,0,0
a,1.5,60,60,18,5840,4,0,0,0,0,4,,,,,,,0,0,0,0,0,0,0
b,2.0,60,120,16,100,4,7,1,0,0,0,,1-1-8,,,1000,5,0,0,0,0,0,0,10
b,2.0,60,121,24,300,4,9,1,0,0,0,,1-1-8,,,1005,5,0,0,0,0,0,0,0
EOF

# a: SYN from TTL 60 (ittl 64, dist 4), 4 option bytes in IP, MSS 1380,
# window 5840: not a multiple of 1380, but 4 * 1460, p0f's "MSS of a 1500
# MTU" rule: mss*4 (syn_win_mtu 0); wscale 15 > 14 (exws); layout mss,ws,eol+2
# with nonzero padding (opt+); no DF and zero ID (id-), reserved bit (0+),
# ECN codepoint in TOS, zero seq (seq-), nonzero ack without ACK (ack+),
# urgent pointer without URG (uptr+). b: no SYN; two packets at the same
# time: no clock rate; IP IDs 7 then 9: increment 2. hdr_win_first is the
# first window without SYN: none in a (its second packet is a SYN+ACK).
test_expect_success 'hand-made flows: p0f quirks and window rules' '
	osfp-flow-features -f syn hand.csv >hs.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ print \$1, \$c[\"syn_none\"], \$c[\"syn_ittl\"], \$c[\"syn_dist\"], \$c[\"syn_olen\"], \$c[\"syn_win_mult\"],
		\$c[\"syn_win_mtu\"], \$c[\"syn_nopt\"], \$c[\"syn_opt_2\"], \$c[\"syn_eolpad\"], \$c[\"syn_q_id_zero\"],
		\$c[\"syn_q_ecn\"], \$c[\"syn_q_mbz\"], \$c[\"syn_q_seq_zero\"], \$c[\"syn_q_ack_nz\"],
		\$c[\"syn_q_uptr_nz\"], \$c[\"syn_q_opt_nz\"], \$c[\"syn_q_exws\"], \$c[\"syn_q_df\"] }" hs.csv >got &&
	cat >want <<-\EOF &&
	a 0.0 64.0 4.0 4.0 4.0 0.0 3.0 0.0 2.0 1.0 1.0 1.0 1.0 1.0 1.0 1.0 1.0 0.0
	b 1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0 -1.0
	EOF
	test_cmp want got
'

test_expect_success 'hand-made flows: hdr statistics' '
	osfp-flow-features -f hdr hand.csv >hh.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ print \$1, \$c[\"hdr_ttl_min\"], \$c[\"hdr_ttl_max\"], \$c[\"hdr_df_frac\"], \$c[\"hdr_ipid_zero_frac\"],
		\$c[\"hdr_ipid_inc_mean\"], \$c[\"hdr_win_first\"], \$c[\"hdr_win_change_frac\"], \$c[\"hdr_opt_ts_frac\"],
		\$c[\"hdr_ts_hz\"], \$c[\"hdr_psh_frac\"], \$c[\"hdr_pay_mean\"] }" hh.csv >got &&
	cat >want <<-\EOF &&
	a 60.0 60.0 0.0 1.0 0.0 -1.0 0.0 0.0 -1.0 0.0 0.0
	b 120.0 121.0 1.0 0.0 2.0 100.0 1.0 1.0 -1.0 0.5 5.0
	EOF
	test_cmp want got
'

test_expect_success 'IPv6 SYN: flow label and ECN quirks, no IPv4 quirks, MSS multiple' '
	cat >hand6.csv <<-\EOF &&
	flow,time,len,ttl,tcpflags,win,ipver,ipid,df,rf,tos,ipopts,flowlbl,tcpopts,mss,wscale,tsval,tsecr,eolpad,eolnz,urp,seq0,ack0,optbad,payload
	c,3.0,80,57,2,14400,6,,,,2,0,12345,2-4-8-1-3,1440,7,100,0,0,0,0,0,1,0,0
	c,3.1,80,57,16,14400,6,,,,0,0,12345,1-1-8,,,110,50,0,0,0,0,0,0,0
	EOF
	osfp-flow-features -f syn hand6.csv >h6.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		{ print \$1, \$c[\"syn_ipver\"], \$c[\"syn_ittl\"], \$c[\"syn_dist\"], \$c[\"syn_win_mult\"],
		\$c[\"syn_q_flow\"], \$c[\"syn_q_ecn\"], \$c[\"syn_q_df\"], \$c[\"syn_q_id_zero\"], \$c[\"syn_q_ack_nz\"] }" h6.csv >got &&
	echo "c 6.0 64.0 7.0 10.0 1.0 1.0 0.0 0.0 0.0" >want &&
	test_cmp want got
'

test_expect_success 'timestamp clock: 1000 ticks in 1 s is 1000 Hz; a clock going back is -1' '
	cat >ts.csv <<-\EOF &&
	flow,time,len,ttl,tcpflags,win,ipver,ipid,df,tos,tcpopts,mss,tsval,payload
	c,1.0,60,64,16,1,4,1,1,0,8,,4294967000,0
	c,2.0,60,64,16,1,4,2,1,0,8,,704,0
	d,1.0,60,64,16,1,4,1,1,0,8,,5000,0
	d,2.0,60,64,16,1,4,2,1,0,8,,4000,0
	EOF
	osfp-flow-features -f hdr ts.csv >tso.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } { print \$1, \$c[\"hdr_ts_hz\"] }" tso.csv >got &&
	printf "c 1000.0\nd -1.0\n" >want &&
	test_cmp want got
'

test_expect_success 'missing columns: one line naming every missing column, exit 1' '
	osfp-pcap-flows "$CIC/cicids2017-mon-151.pcap" >plain.csv &&
	test_expect_code 1 osfp-flow-features -f iat,syn plain.csv >out 2>err &&
	test_one_line err "plain.csv.: line 1: -f syn needs the columns .ipver., .ipid., .*.payload. \(osfp-pcap-flows --fields syn writes them\)" &&
	! test -s out
'

test_expect_success 'nprint without the header columns names them' '
	osfp-pcap-flows --fields syn,hdr "$CIC/cicids2017-mon-151.pcap" >sh-only.csv &&
	test_expect_code 1 osfp-flow-features -f hdr,nprint sh-only.csv >out 2>err &&
	test_one_line err "line 1: -f hdr,nprint needs the columns .ip4hdr., .tcphdr. "
'

test_expect_success 'bad field values: file, line and column named' '
	sed "4s/,1-1-8,/,1-x-8,/" hand.csv >bad1.csv &&
	test_expect_code 1 osfp-flow-features -f syn bad1.csv >out 2>err &&
	test_one_line err "bad1.csv.: line 4: column .tcpopts.: not TCP option kinds joined by .-.: .1-x-8." &&
	sed "2s/,4,0,0,1,1,4,/,5,0,0,1,1,4,/" hand.csv >bad2.csv &&
	test_expect_code 1 osfp-flow-features -f syn bad2.csv >out 2>err &&
	test_one_line err "bad2.csv.: line 2: column .ipver.: not 4 or 6: .5." &&
	printf "flow,time,len,ip4hdr,tcphdr\nx,1,1,450,\nx,2,1,45,\n" >bad3.csv &&
	test_expect_code 1 osfp-flow-features -f nprint bad3.csv >out 2>err &&
	test_one_line err "bad3.csv.: line 2: column .ip4hdr.: not hex of at most 60 bytes: .450."
'

test_expect_success 'usage errors: unknown --fields word, bad --nprint-packets, a set twice' '
	test_expect_code 2 osfp-pcap-flows --fields syn,bogus "$CIC/cicids2017-mon-151.pcap" >out 2>err &&
	grep "unknown field .bogus." err &&
	test_expect_code 2 osfp-flow-features -f nprint --nprint-packets 0 all.csv >out 2>err &&
	test_expect_code 2 osfp-flow-features -f syn,syn all.csv >out 2>err
'

test_expect_success 'single fields can be chosen, in the fixed column order' '
	osfp-pcap-flows --fields payload,ipid "$CIC/cicids2017-mon-151.pcap" >two.csv &&
	head -n 1 two.csv >got &&
	echo "flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,tcpflags,win,link,ipid,payload" >want &&
	test_cmp want got
'

test_done
