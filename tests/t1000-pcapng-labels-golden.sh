#!/bin/sh
test_description='osfp-pcapng-labels equals tshark on every pcapng fixture'
. "$(dirname "$0")/test-lib.sh"

G="$TEST_DATA/golden/labels"

# tshark's golden view of a fixture (gunzipped when stored gzipped)
golden() {
	if [ -f "$G/$1.tshark.tsv.gz" ]; then
		gzip -dc "$G/$1.tshark.tsv.gz"
	else
		cat "$G/$1.tshark.tsv"
	fi
}

# our TSV (packet, time, rest...) with the time padded to tshark's 9 digits
pad_time() {
	awk -F'\t' -v OFS='\t' 'NR > 1 {
		n = split($2, a, "."); f = (n > 1) ? a[2] : ""
		while (length(f) < 9) f = f "0"
		$2 = a[1] "." f; print }' "$1"
}

# the labels in a golden file, parsed independently of pcapml.c:
# packet, time, sample, label, family for each packet with a comment
golden_labels() {
	awk -F'\t' -v OFS='\t' '$3 != "" {
		c = $3
		if (substr(c, 1, 2) == "s=") {
			n = split(c, kv, ","); s = ""; l = ""
			for (i = 1; i <= n; i++) {
				if (substr(kv[i], 1, 2) == "s=") s = substr(kv[i], 3)
				if (substr(kv[i], 1, 5) == "proc=") l = substr(kv[i], 6)
			}
			print $1, $2, s, l, ""
		} else {
			i = index(c, ","); s = substr(c, 1, i - 1); m = substr(c, i + 1)
			j = index(m, "_")
			if (j) print $1, $2, s, substr(m, j + 1), substr(m, 1, j - 1)
			else print $1, $2, s, m, ""
		}
	}'
}

fixtures="public/netml_demo public/netml_srcIP_10.42.0.119_anomaly
	public/tcpdump_of13_ericsson cicids2017/cicids2017-mon-151-labeled-legacy
	cicids2017/keyed-ebpf-9 cicids2017/os-fixture LAB/sample"

for fx in $fixtures; do
	name=${fx#*/}
	case $fx in
	LAB/*) file="$OSFP_ROOT/data/lab/$name.pcapng" ;;
	*) file="$TEST_DATA/$fx.pcapng" ;;
	esac
	# the big ones take minutes under valgrind
	case $name in
	sample|netml_demo) big=EXPENSIVE ;;
	*) big= ;;
	esac
	test_expect_success $big "$name: packet numbers, times and comments equal tshark's" "
		osfp-pcapng-labels -r -a -t '$file' >raw.tsv &&
		pad_time raw.tsv >actual &&
		golden '$name' >expect &&
		test_cmp expect actual
	"
	test_expect_success $big "$name: labels equal those parsed from tshark's comments" "
		osfp-pcapng-labels -t '$file' >labels.tsv &&
		pad_time labels.tsv >actual &&
		golden '$name' | golden_labels >expect &&
		test_cmp expect actual
	"
done

test_expect_success EXPENSIVE 'the lab sample: 29915 labelled packets of 30000, 13 labels' '
	osfp-pcapng-labels "$OSFP_ROOT/data/lab/sample.pcapng" >lab.csv &&
	test $(wc -l <lab.csv) = 29916 &&
	osfp-pcapng-labels -a "$OSFP_ROOT/data/lab/sample.pcapng" >lab-all.csv &&
	test $(wc -l <lab-all.csv) = 30001 &&
	cut -d, -f4 lab.csv | sort -u >labels && test $(wc -l <labels) = 14
'

LEG="$TEST_DATA/cicids2017/os-fixture-legacy-ts.pcapng"
STD="$TEST_DATA/cicids2017/os-fixture.pcapng"

test_expect_success 'legacy pcapml timestamps: output identical to the standard file' '
	osfp-pcapng-labels "$STD" >std.csv 2>std.err &&
	osfp-pcapng-labels "$LEG" >leg.csv 2>leg.err &&
	test_cmp std.csv leg.csv &&
	test $(wc -l <std.csv) = 152
'

test_expect_success 'legacy: repaired times are tshark'"'"'s times of the standard file' '
	osfp-pcapng-labels -r -a -t -q "$LEG" >raw.tsv &&
	pad_time raw.tsv >actual &&
	golden os-fixture >expect &&
	test_cmp expect actual
'

test_expect_success 'legacy: one note on stderr naming the file; none for the standard file' '
	osfp-pcapng-labels "$LEG" >/dev/null 2>err &&
	test_one_line err "^osfp-pcapng-labels: note: .*os-fixture-legacy-ts.pcapng.*legacy pcapml timestamps" &&
	osfp-pcapng-labels "$STD" >/dev/null 2>err &&
	test ! -s err
'

test_expect_success 'legacy: --quiet and --legacy-ts on silence the note' '
	osfp-pcapng-labels -q "$LEG" >q.csv 2>err && test ! -s err &&
	osfp-pcapng-labels --legacy-ts on "$LEG" >on.csv 2>err && test ! -s err &&
	test_cmp std.csv q.csv && test_cmp std.csv on.csv
'

test_expect_success 'legacy: --legacy-ts off gives tshark'"'"'s (bogus) times' '
	osfp-pcapng-labels --legacy-ts off -r -a -t "$LEG" >raw.tsv 2>err &&
	test ! -s err &&
	pad_time raw.tsv >actual &&
	golden os-fixture-legacy-ts >expect &&
	test_cmp expect actual
'

test_expect_success 'legacy: --legacy-ts on does not touch a file with if_tsresol' '
	F="$TEST_DATA/cicids2017/cicids2017-mon-151-labeled-legacy.pcapng" &&
	osfp-pcapng-labels "$F" >a.csv &&
	osfp-pcapng-labels --legacy-ts off "$F" >b.csv &&
	test_cmp a.csv b.csv
'

# os-fixture-samples.csv: sample_id,easylabel,hardlabel,src_ip,n_packets,first_ts_us
test_expect_success 'both fixtures give the expected samples (labels, sizes, first times)' '
	awk -F, "NR > 1 { print \$1, \$3, \$2, \$5, \$6 }" \
		"$TEST_DATA/cicids2017/os-fixture-samples.csv" | sort >expect &&
	for f in std.csv leg.csv; do
		awk -F, "NR > 1 { if (!(\$3 in n)) { first[\$3] = \$2; l[\$3] = \$4; fam[\$3] = \$5 }
			n[\$3]++ }
			END { for (s in n) { t = first[s]; sub(/\\./, \"\", t)
				print s, l[s], fam[s], n[s], t } }" $f | sort >actual &&
		test_cmp expect actual || exit 1
	done
'

test_expect_success 'crafted mixed.pcapng: sections, interfaces, block kinds, grammars' '
	osfp-pcapng-labels -a "$TEST_DATA/labels/mixed.pcapng" >actual &&
	test_cmp "$TEST_DATA/labels/mixed.expected.csv" actual
'

test_done
