#!/bin/sh
test_description='osfp-pcap-flows beyond netml: link types, IPv6, tunnels,
hostile headers, --bidir, timing options, --by sample, --labels, legacy
timestamps. The synthetic captures are made by
tests/data/synthetic/make-synthetic.py; each golden file below was checked
by hand against what the generator put in the capture.'
. "$(dirname "$0")/test-lib.sh"

SYN="$TEST_DATA/synthetic"
EXP="$SYN/expected"
CIC="$TEST_DATA/cicids2017"

# golden file, options, capture
while read -r gold cap opts; do
	case "$gold" in '#'*|'') continue ;; esac
	test_expect_success "$cap $opts: golden $gold" "
		osfp-pcap-flows $opts '$SYN/$cap' >out.csv &&
		test_cmp '$EXP/$gold' out.csv
	"
done <<'EOT'
# every link type: 802.1Q, QinQ, PPPoE, LLC/SNAP, SLL, SLL2, NULL with
# AF_INET6 = 10, 24, 28, 30 in both byte orders, LOOP, RAW, IPv4, IPv6, PPP,
# radiotap + 802.11 QoS data, 802.11 with 4 addresses; skipped: an
# encrypted 802.11 frame, PPP with a compressed protocol (scapy reads 2 bytes)
links.csv links.pcapng --q-interval 0
# netml's reading: NULL family = first byte (BSD AF_INET6 and big-endian
# families lost), IPv6 in one pseudo flow
links-netml-ipv6.csv links.pcapng --netml-ipv6 --q-interval 0
# extension headers, fragments (offset 0 kept, others skipped), 4in6 (the
# inner IPv4 keys the flow), runaway and overlong extension headers
ipv6.csv ipv6.pcap --q-interval 0
ipv6-bidir.csv ipv6.pcap --q-interval 0 --bidir
# IHL < 5, IP length past the wire, data offset < 5 or past the segment,
# option length 0, 1, past the header, a kind without its length: skipped;
# snap-cut options, TSO length 0, IP options, first fragments: kept
malformed.csv malformed.pcap --q-interval 0
# GRE, IP-in-IP, VXLAN, IPsec AH, L2TP: outer IPv4 addresses, inner TCP
# ports (TCP beats UDP); ICMP quoting a TCP header: skipped
tunnels.csv tunnels.pcap --q-interval 0
bidir.csv bidir.pcap --q-interval 0 --bidir
# the 600 s timeout split drops the piece after the split (netml's bug);
# stable sort of equal times
gaps.csv gaps.pcap
# fixed interval: the grid-aligned start splits 25 s from 34 s
gaps-interval10.csv gaps.pcap --interval 10
gaps-interval10-keep-last.csv gaps.pcap --interval 10 --keep-last
EOT

test_expect_success '-v: skipped packets counted by reason' '
	osfp-pcap-flows -v --q-interval 0 "$SYN/malformed.pcap" >out.csv 2>err &&
	sed -e "/CPU seconds/d" -e "/wall seconds/d" -e "s|^osfp-pcap-flows: .*/malformed.pcap|osfp-pcap-flows: '\''malformed.pcap|" err >err.rel &&
	test_cmp "$EXP/malformed-v.err" err.rel
'

test_expect_success 'unknown link type: a clear error, exit 1' '
	test_expect_code 1 osfp-pcap-flows "$SYN/unknown-link.pcap" >out.csv 2>err &&
	grep -q "unknown-link.pcap'\'': packet 1: link type 147 is not supported" err &&
	test $(wc -l <out.csv) = 1
'

test_expect_success 'truncated capture: the flows of every complete packet, then exit 1' '
	cap="$TEST_DATA/public/tcpdump_resp_1_benchmark.pcap" &&
	osfp-pcap-flows --timeout 0 --q-interval 0 "$cap" >full.csv &&
	size=$(wc -c <"$cap") &&
	head -c $((size - 10)) "$cap" >cut.pcap &&
	test_expect_code 1 osfp-pcap-flows --timeout 0 --q-interval 0 cut.pcap >cut.csv 2>err &&
	grep -q "cut.pcap'\'':.* byte [0-9]" err &&
	test $(wc -l <err) = 1 &&
	# packet 150, the last, belongs to a 6-packet flow: only its row goes
	awk -F, "\$7 != 150" full.csv >want.csv &&
	test_cmp want.csv cut.csv
'

test_expect_success 'stdin and file give the same output; -t writes TSV' '
	osfp-pcap-flows "$SYN/bidir.pcap" >a.csv &&
	osfp-pcap-flows - <"$SYN/bidir.pcap" >b.csv &&
	osfp-pcap-flows <"$SYN/bidir.pcap" >c.csv &&
	test_cmp a.csv b.csv && test_cmp a.csv c.csv &&
	osfp-pcap-flows -t "$SYN/bidir.pcap" >d.tsv &&
	tr "\t" , <d.tsv >d.csv && test_cmp a.csv d.csv
'

# A regular file is read through mmap (with pages released behind the
# reader), a pipe through the streaming buffer: same rows either way, also
# from a stdin already positioned past other bytes.
test_expect_success 'mapped file, pipe and stdin at an offset agree' '
	F="$TEST_DATA/public/netml_demo.pcapng" &&
	osfp-pcap-flows "$F" >map.csv &&
	cat "$F" | osfp-pcap-flows >pipe.csv &&
	test_cmp map.csv pipe.csv &&
	printf "0123456789abcdef" >junk &&
	cat junk "$F" >shifted &&
	{ dd bs=16 count=1 of=/dev/null 2>/dev/null && osfp-pcap-flows; } <shifted >off.csv &&
	test_cmp map.csv off.csv
'

# -j 2 reads ahead and formats rows on a second thread (netml_demo: 6000
# packets, several read batches and row chunks): the same bytes as -j 1.
test_expect_success '-j 1 and -j 2 give the same output' '
	F="$TEST_DATA/public/netml_demo.pcapng" &&
	osfp-pcap-flows -j 1 "$F" >j1.csv &&
	osfp-pcap-flows -j 2 "$F" >j2.csv &&
	test_cmp j1.csv j2.csv &&
	osfp-pcap-flows -j 1 --bidir --fields all "$F" >j1.csv &&
	osfp-pcap-flows -j 2 --bidir --fields all "$F" >j2.csv &&
	test_cmp j1.csv j2.csv &&
	test_expect_code 2 osfp-pcap-flows -j 3 "$F" >out 2>err &&
	grep -q "bad --threads" err
'

test_expect_success '--min-packets 3 drops the 2-packet flows' '
	osfp-pcap-flows --q-interval 0 --min-packets 3 "$SYN/gaps.pcap" >out.csv &&
	cut -d, -f4 out.csv | sort -u >got &&
	printf "6000\n6001\n6002\nsport\n" >want && test_cmp want got &&
	osfp-pcap-flows --q-interval 0 --min-packets 4 "$SYN/malformed.pcap" >none.csv 2>err &&
	test $(wc -l <none.csv) = 1 && grep -q "no flow has 4 or more packets" err
'

# netml's interval split divides by the interval at the first gap it meets:
# with an interval of 0 it crashes (OverflowError) when a flow has a gap,
# and splits nothing when none has (tcpdump's wb-oobr.pcap: one flow).
# netml's flow_ptks_thres below 2 acts as 2 (max(2, thres)); the man page
# promises that --min-packets 1 keeps the flows of one packet.
test_expect_success '--min-packets 1 keeps single-packet flows; 2 (netml) drops them' '
	F="$TEST_DATA/public/nprint_port80.pcap" &&
	osfp-pcap-flows --q-interval 0 "$F" >two.csv &&
	osfp-pcap-flows --q-interval 0 --min-packets 1 "$F" >one.csv &&
	awk -F, "NR > 1 { n[\$1]++ } END { for (f in n) if (n[f] == 1) k++; print k + 0 }" one.csv >singles &&
	test $(cat singles) -gt 0 &&
	test $(($(wc -l <one.csv) - $(wc -l <two.csv))) = $(cat singles) &&
	awk -F, "NR == FNR { n[\$1]++; next } FNR == 1 || n[\$1] > 1" one.csv one.csv |
		cut -d, -f2- >multi.csv &&
	cut -d, -f2- two.csv >want.csv &&
	test_cmp want.csv multi.csv
'

test_expect_success 'split interval 0 and a flow of 6 s (netml: OverflowError): no split, a note, exit 0' '
	osfp-pcap-flows "$SYN/zero-interval.pcap" >out.csv 2>err &&
	test_one_line err "quantile of the flow durations is 0, where netml crashes \(OverflowError\); flows were not split by interval\$" &&
	test $(grep -c ",7100,80,6," out.csv) = 3 &&
	test $(wc -l <out.csv) = 24
'

test_expect_success 'split interval 0 and every flow 0 s long (netml: the same flows): no note' '
	osfp-pcap-flows "$SYN/zero-interval.pcap" >all.csv &&
	rec=$((16 + $(awk -F, "NR == 2 { print \$9 }" all.csv))) &&
	head -c $((24 + 2 * rec)) "$SYN/zero-interval.pcap" >one.pcap &&
	osfp-pcap-flows -v one.pcap >out.csv 2>err &&
	head -3 all.csv >want.csv &&
	test_cmp want.csv out.csv &&
	grep -q "interval 0)" err &&
	! grep -q -i "note\|overflow\|crash" err &&
	head -c $((24 + 20 * rec)) "$SYN/zero-interval.pcap" >ten.pcap &&
	osfp-pcap-flows ten.pcap >out.csv 2>err &&
	test $(wc -l <out.csv) = 21 && test ! -s err
'

test_expect_success '--timeout 0 disables the timeout split' '
	osfp-pcap-flows --timeout 0 --q-interval 0 "$SYN/gaps.pcap" >out.csv &&
	test $(grep -c ",6000,80,6," out.csv) = 5
'

test_expect_success '--by sample: one group per pcapml sample, as os-fixture-samples.csv lists' '
	osfp-pcap-flows --by sample "$CIC/os-fixture.pcapng" >out.csv &&
	awk -F, "NR > 1 { n[\$16]++ } END { for (s in n) print s \",\" n[s] }" out.csv | sort >got &&
	awk -F, "NR > 1 && \$5 >= 2 { print \$1 \",\" \$5 }" "$CIC/os-fixture-samples.csv" | sort >want &&
	test_cmp want got &&
	head -1 out.csv >hdr &&
	echo flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,tcpflags,win,link,sample >want.hdr &&
	test_cmp want.hdr hdr
'

test_expect_success '--labels: joined by packet ordinal; unlabelled packets get empty fields' '
	osfp-pcapng-labels "$CIC/os-fixture.pcapng" >labels.csv &&
	osfp-pcap-flows --labels labels.csv "$CIC/os-fixture.pcapng" >out.csv &&
	awk -F, "NR == FNR { if (FNR > 1) l[\$1] = \$3 \",\" \$4 \",\" \$5; next }
		FNR > 1 { if (\$16 \",\" \$17 \",\" \$18 != l[\$7]) bad++; n++ }
		END { print n, bad + 0 }" labels.csv out.csv >got &&
	echo "151 0" >want && test_cmp want got &&
	sed 3d labels.csv >fewer.csv &&
	osfp-pcap-flows --labels fewer.csv "$CIC/os-fixture.pcapng" >out2.csv &&
	grep -q "^[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,2,.*,,,$" out2.csv
'

# A label with blanks at its ends is written quoted (readers trim unquoted
# fields): the quotes must survive the join, so the next stage sees them.
test_expect_success '--labels: a label with edge blanks stays quoted, the next stage keeps it' '
	osfp-pcapng-labels "$CIC/os-fixture.pcapng" >labels.csv &&
	awk -F, "BEGIN { OFS = \",\" } NR > 1 { \$4 = \"\\\" windows 7 \\\"\" } { print }" \
	    labels.csv >blank.csv &&
	grep -q "^1,[^,]*,[^,]*,\" windows 7 \",ubuntu\$" blank.csv &&
	osfp-pcap-flows --labels blank.csv "$CIC/os-fixture.pcapng" >out.csv &&
	grep -q ",\" windows 7 \",ubuntu\$" out.csv &&
	! grep -q ", windows 7 ," out.csv &&
	osfp-flow-features out.csv >feat.csv 2>/dev/null &&
	cut -d, -f3 feat.csv | sort -u >labels.got &&
	printf "\" windows 7 \"\nlabel\n" >labels.want &&
	test_cmp labels.want labels.got
'

test_expect_success '--join time: the notebook join, last label written for a time wins' '
	osfp-pcap-flows --q-interval 0 "$SYN/bidir.pcap" >plain.csv &&
	t1=$(awk -F, "NR == 2 { print \$8 }" plain.csv) &&
	printf "packet,time,sample,label,family\n1,%s,7,first,f\n99,%s,8,second,s\n" "$t1" "$t1" >lab.csv &&
	osfp-pcap-flows --q-interval 0 --labels lab.csv "$SYN/bidir.pcap" >ord.csv &&
	osfp-pcap-flows --q-interval 0 --labels lab.csv --join time "$SYN/bidir.pcap" >tim.csv &&
	test "$(awk -F, "NR == 2 { print \$17 }" ord.csv)" = first &&
	test "$(awk -F, "NR == 2 { print \$17 }" tim.csv)" = second &&
	test "$(awk -F, "NR == 3 { print \$17 }" tim.csv)" = ""
'

test_expect_success '--labels: a file without a label column is an error' '
	printf "packet,time\n1,2\n" >bad.csv &&
	test_expect_code 1 osfp-pcap-flows --labels bad.csv "$SYN/bidir.pcap" >out 2>err &&
	grep -q "no column '\''label'\''" err
'

test_expect_success 'legacy pcapml timestamps are repaired as osfp-pcapng-labels repairs them' '
	osfp-pcap-flows -q "$CIC/os-fixture-legacy-ts.pcapng" >legacy.csv &&
	osfp-pcap-flows "$CIC/os-fixture.pcapng" >good.csv &&
	test_cmp good.csv legacy.csv &&
	osfp-pcap-flows --legacy-ts on -q "$CIC/os-fixture-legacy-ts.pcapng" >on.csv &&
	test_cmp good.csv on.csv &&
	osfp-pcap-flows --legacy-ts off "$CIC/os-fixture-legacy-ts.pcapng" >off.csv &&
	! test_cmp good.csv off.csv >/dev/null &&
	osfp-pcapng-labels -q "$CIC/os-fixture-legacy-ts.pcapng" >lab.csv &&
	awk -F, "NR == FNR { t[\$1] = \$2; next } FNR > 1 && t[\$7] != \$8 { bad++ } END { exit bad > 0 }" lab.csv legacy.csv
'

while read -r opt; do
	test_expect_success "usage error: $opt" "
		test_expect_code 2 osfp-pcap-flows $opt '$SYN/bidir.pcap' >out 2>err &&
		grep -q usage: err
	"
done <<'EOT'
--timeout -1
--timeout x
--q-interval 1.5
--interval 0
--min-packets 0
--by host
--join nearest
--legacy-ts maybe
--no-such-option
EOT

test_expect_success '--labels - with the capture on stdin too: usage error' '
	test_expect_code 2 osfp-pcap-flows --labels - <"$SYN/bidir.pcap" >out 2>err &&
	grep -q "cannot both be stdin" err
'

test_expect_success '--by sample on classic pcap: an error, no comments there' '
	test_expect_code 1 osfp-pcap-flows --by sample "$SYN/bidir.pcap" >out 2>err &&
	grep -q "bidir.pcap'\'': classic pcap cannot hold comments" err
'

# The record keeps a time in 32-bit seconds and fraction; these go to a
# side table, and must still be written exactly (expected/times.txt is the
# generator's own decimal arithmetic).
test_expect_success 'picosecond, post-2106 and nanosecond times written exactly' '
	osfp-pcap-flows --q-interval 0 "$SYN/times.pcapng" >out.csv &&
	cut -d, -f7,8 out.csv >pt.csv &&
	{ head -1 pt.csv && sed 1d pt.csv | sort -t, -k1,1n; } >sorted.csv &&
	test_cmp "$EXP/times.txt" sorted.csv &&
	osfp-pcap-flows -j 1 --q-interval 0 "$SYN/times.pcapng" >out1.csv &&
	test_cmp out.csv out1.csv
'

test_expect_success 'a write error (full disk) fails with a message' '
	test_expect_code 1 osfp-pcap-flows "$TEST_DATA/public/tcpreplay_test.pcap" >/dev/full 2>err &&
	grep -q "write error" err
'

test_expect_success 'not a capture: one line naming the file, exit 1' '
	printf "flow,src\n1,2\n" >x.csv &&
	test_expect_code 1 osfp-pcap-flows x.csv >out 2>err &&
	test $(wc -l <err) = 1 && grep -q "x.csv" err
'

test_done
