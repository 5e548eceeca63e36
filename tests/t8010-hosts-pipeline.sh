#!/bin/sh
test_description='osfp-hosts at the end of the whole pipeline on the lab sample

labels -> flows (--labels) -> features (--id src,time: the src and time of
each flow'"'"'s first packet, identifiers for train and predict, which pass
them through) -> split -> train -> predict -> hosts. The verdicts are
checked against an independent computation of the mean rule in awk.'
. "$(dirname "$0")/test-lib.sh"

CAP="$OSFP_ROOT/data/lab/sample.pcapng"

test_expect_success EXPENSIVE 'setup: the pipeline up to the predictions' '
	osfp-pcapng-labels "$CAP" >labels.csv &&
	osfp-pcap-flows --labels labels.csv "$CAP" >flows.csv &&
	osfp-flow-features -f iat,stats --id src,time flows.csv >featid.csv 2>/dev/null &&
	osfp-split --train train.csv --test test.csv featid.csv &&
	osfp-train -m rf --trees 20 -o rf.model train.csv &&
	! grep -E "^feature (src|time)$" rf.model &&
	osfp-predict -m rf.model test.csv >pred.csv &&
	osfp-predict -m rf.model featid.csv >all.csv &&
	head -n 1 pred.csv | grep -q "^flow,sample,label,family,src,time,predicted,p_"
'

# The mean rule in awk: sums in row order, the first maximum, the most
# frequent label (ties: the first seen), the earliest time (same-length
# decimals compare as strings). Columns by name.
awk_mean() {
	awk -F, -v OFS=, '
	NR == 1 { for (i = 1; i <= NF; i++) { col[$i] = i; if ($i ~ /^p_/) { c[++K] = i; name[K] = substr($i, 3) } }
		S = col["src"]; T = col["time"]; L = col["label"]
		print "host,start,n,verdict,confidence,runner_up,runner_up_confidence,label"; next }
	{ h = $S
	  if (!(h in n)) { order[++H] = h; start[h] = $T }
	  if ($T < start[h]) start[h] = $T
	  n[h]++
	  for (k = 1; k <= K; k++) s[h, k] += $c[k]
	  if (!((h, $L) in lc)) { lab[h, ++nl[h]] = $L }
	  lc[h, $L]++ }
	END { for (j = 1; j <= H; j++) { h = order[j]
		b = 1; for (k = 2; k <= K; k++) if (s[h, k] / n[h] > s[h, b] / n[h]) b = k
		r = 0; for (k = 1; k <= K; k++) if (k != b && (!r || s[h, k] / n[h] > s[h, r] / n[h])) r = k
		l = lab[h, 1]; for (k = 2; k <= nl[h]; k++) if (lc[h, lab[h, k]] > lc[h, l]) l = lab[h, k]
		printf "%s,%s,%d,%s,%.17g,%s,%.17g,%s\n", h, start[h], n[h], name[b], s[h, b] / n[h],
		    name[r], s[h, r] / n[h], l } }' "$1"
}

test_expect_success EXPENSIVE 'one row per host; verdicts, scores and labels as computed in awk' '
	osfp-hosts pred.csv >hosts.csv &&
	test $(wc -l <hosts.csv) = $(($(cut -d, -f5 pred.csv | sort -u | wc -l))) &&
	awk_mean pred.csv >expect &&
	test_numeric_cmp expect hosts.csv &&
	cut -d, -f1-4,6,8 expect >e && cut -d, -f1-4,6,8 hosts.csv >a && test_cmp e a
'

test_expect_success EXPENSIVE 'the rows of all hosts add up to the predictions' '
	awk -F, "NR > 1 { s += \$3 } END { print s }" hosts.csv >actual &&
	echo $(($(wc -l <pred.csv) - 1)) >expect &&
	test_cmp expect actual
'

test_expect_success EXPENSIVE 'windows on flows in time order: no late row, every row counted' '
	osfp-hosts --window 5 all.csv >w.csv 2>err &&
	test ! -s err &&
	awk -F, "NR > 1 { s += \$3 } END { print s }" w.csv >actual &&
	echo $(($(wc -l <all.csv) - 1)) >expect &&
	test_cmp expect actual &&
	test $(cut -d, -f2 w.csv | sort -u | wc -l) -ge 3
'

test_expect_success EXPENSIVE 'JSON Lines: the same groups' '
	osfp-hosts --json --window 5 all.csv >w.jsonl &&
	test $(wc -l <w.jsonl) = $(($(wc -l <w.csv) - 1))
'

test_expect_success EXPENSIVE '--score on the held-out flows, every rule' '
	for r in mean vote logprob; do
		osfp-hosts --rule $r --score pred.csv >s.$r || return 1
		grep -Eq "^Balanced Accuracy: (0\.[0-9]{4}|1\.0000)\$" s.$r || return 1
	done &&
	grep -q "^groups scored: 14 " s.mean
'

test_expect_success EXPENSIVE 'osfp-predict --min-confidence, then hosts: unknown rows still count' '
	osfp-predict -m rf.model --min-confidence 0.9 test.csv >p9.csv &&
	cut -d, -f7 p9.csv | grep -q "^unknown\$" &&
	osfp-hosts p9.csv >h9.csv &&
	test_cmp hosts.csv h9.csv
'

test_done
