#!/bin/sh
test_description='osfp-flow-features: netml 0.7.1 feature vectors from the reference packets

The input is netml'"'"'s own packets (reference/netml/*/packets.csv, its
flow_idx, exact time and len) turned into the osfp-pcap-flows layout
(flow,time,len) with awk, so these tests pin the feature arithmetic
independently of the flows stage. Every feature type with default options
must equal features_*.csv value for value (the text is compared, so the
doubles are identical); the FFT within 1e-9 relative. The header
variants need TTLs and flags, so they are tested end to end in t3003.'
. "$(dirname "$0")/test-lib.sh"

REF="$TEST_DATA/reference/netml"

# to_flows DIR: netml's packets as flow,time,len
to_flows() {
	awk -F, 'BEGIN { OFS = "," } NR == 1 { print "flow,time,len"; next } { print $1, $3, $5 }' \
		"$1/packets.csv" >flows.csv
}
# values FILE: the data rows without the first (flow / flow_idx) column
values() {
	awk 'NR > 1 { sub(/^[^,]*,/, ""); print }' "$1"
}

# pick SET FILE: the values of SET's columns (found by name) of every row
ALL=iat,size,iat_size,stats,samp_num,samp_size
pick() {
	awk -F, -v set="$1" '
	NR == 1 {
		for (i = 1; i <= NF; i++)
			if (set == "stats" ? $i ~ /^(duration|pkts_rate|bytes_rate|mean|std|q[123]|min|max|num_pkts|num_bytes)$/ : $i ~ ("^" set "_[0-9]+$"))
				col[++n] = i
		next
	}
	{ s = $col[1]; for (k = 2; k <= n; k++) s = s "," $col[k]; print s }' "$2"
}

# Every capture netml processed (tcpdump_quic_retry and
# tcpdump_timestamp_invalid_micro have no flows: netml raised IndexError).
# One run computes all six sets side by side; each is compared with its
# reference. The big captures are EXPENSIVE (skipped under valgrind).
while read -r prereq name; do
	case "$prereq" in '#'*|'') continue ;; -) prereq= ;; esac
	test_expect_success $prereq "$name: all six sets in one run" "
		to_flows '$REF/$name' &&
		osfp-flow-features -f $ALL flows.csv >$name.csv 2>err
	"
	for set in IAT SIZE IAT_SIZE STATS SAMP_NUM SAMP_SIZE; do
		lower=$(echo "$set" | tr A-Z a-z)
		test_expect_success $prereq "$name: $set equals netml" "
			values '$REF/$name/features_$set.csv' >want &&
			pick $lower $name.csv >got &&
			test_cmp want got
		"
	done
	# real(np.fft.fft(v, D)) cannot be matched bit for bit: within 1e-9
	# relative, or 1e-12 of the row's largest value for results near 0
	test_expect_success $prereq "$name: IAT --fft within 1e-9 of numpy" "
		osfp-flow-features -f iat --fft flows.csv >out.csv 2>err &&
		values '$REF/$name/features_IAT_fft.csv' >want &&
		values out.csv >got &&
		test \$(wc -l <want) = \$(wc -l <got) &&
		awk -F, '
		function abs(x) { return x < 0 ? -x : x }
		NR == FNR { ref[FNR] = \$0; next }
		{
			n = split(ref[FNR], a, \",\"); m = split(\$0, b, \",\")
			if (n != m) { print \"row \" FNR \": \" n \" vs \" m \" values\"; bad = 1; exit }
			top = 0; for (i = 1; i <= n; i++) if (abs(a[i]) > top) top = abs(a[i])
			for (i = 1; i <= n; i++) {
				d = abs(a[i] - b[i])
				if (d > 1e-9 * abs(a[i]) && d > 1e-12 * top) {
					print \"row \" FNR \" col \" i \": \" a[i] \" vs \" b[i]; bad = 1
				}
			}
		}
		END { exit bad }' want got
	"
done <<'EOT'
EXPENSIVE lab_sample
EXPENSIVE netml_demo
- netml_srcIP_10.42.0.119_anomaly
EXPENSIVE nprint_port443
- nprint_port80
- tcpdump_babel
- tcpdump_ikev2four
- tcpdump_mptcp-v1
- tcpdump_of13_ericsson
- tcpdump_resp_1_benchmark
- tcpdump_resp_3_malicious
- tcpdump_tcp-handshake-nano
- tcpdump_timestamp_invalid_nano
- tcpreplay_test
- tcpreplay_test_fragroute
EOT

test_expect_success 'the widths netml used are reported on stderr' '
	to_flows "$REF/netml_demo" &&
	osfp-flow-features -f iat,samp_num flows.csv >out.csv 2>err &&
	echo "osfp-flow-features: widths from 196 flows: --dim 52 --samp-rate 3.0994415283203125e-06" >want &&
	test_cmp want err &&
	head -n 1 out.csv | tr , "\n" >cols &&
	test $(grep -c "^iat_" cols) = 51 && test $(grep -c "^samp_num_" cols) = 51
'

# The notebook: np.hstack of IAT and STATS, the default -f iat,stats.
test_expect_success 'the notebook dataset values: -f iat,stats on the lab sample' '
	to_flows "$REF/lab_sample" &&
	osfp-flow-features flows.csv >out.csv 2>err &&
	awk -F, "NR > 1 { NF = 52; print }" OFS=, "$TEST_DATA/reference/notebook/sample-features.csv" >want &&
	values out.csv >got &&
	test_cmp want got
'

test_expect_success 'streaming with --dim gives the same rows as holding the flows' '
	to_flows "$REF/nprint_port80" &&
	osfp-flow-features -f iat,size,iat_size,stats,samp_num,samp_size flows.csv >held.csv 2>err &&
	rate=$(sed -n "s/.*--samp-rate //p" err) &&
	dim=$(sed -n "s/.*--dim \([0-9]*\).*/\1/p" err) &&
	test -n "$rate" && test "$dim" = 31 &&
	osfp-flow-features -f iat,size,iat_size,stats,samp_num,samp_size --dim $dim \
		--samp-rate $rate flows.csv >streamed.csv 2>err2 &&
	test_cmp held.csv streamed.csv &&
	test_must_fail test -s err2
'

test_done
