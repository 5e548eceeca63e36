#!/bin/sh
test_description='osfp-hosts on p0f'"'"'s verdicts (issue 15): predictions of
osfp-predict -m p0f.fp have no p_ columns, only predicted: each row with a
verdict is a vote for it (??? is the class unknown; an empty verdict, a flow
without a SYN, is skipped), the classes taken in the order they come'
. "$(dirname "$0")/test-lib.sh"

CAP="$TEST_DATA/shards/lab-a.pcapng"
FP="$TEST_DATA/golden/p0f/p0f.fp"

test_expect_success 'setup: p0f verdicts on the flows of a capture' '
	osfp-pcapng-labels "$CAP" >lab.csv &&
	osfp-pcap-flows --min-packets 1 --fields syn --labels lab.csv "$CAP" >flows.csv &&
	osfp-flow-features -f syn --keep-unlabelled --id src,time flows.csv >syn.csv &&
	osfp-predict -m "$FP" syn.csv >p0f.csv &&
	head -n 1 p0f.csv >got &&
	echo flow,sample,label,family,src,time,predicted,params,dist,raw_sig >got.want &&
	test_cmp got.want got &&
	cut -d, -f7 p0f.csv | grep -qx "???" &&
	cut -d, -f7 p0f.csv | grep -qx "" &&
	cut -d, -f7 p0f.csv | grep -q "^Linux"
'

# The vote in awk: the classes in the order they first come (??? is
# unknown), empty verdicts skipped; per host the share of each class, the
# first best, the first best other one, the most frequent label (ties:
# the first seen), the earliest time (same-length decimals compare as
# strings). p0f'"'"'s os names hold no comma.
awk_vote() {
	awk -F, -v OFS=, '
	NR == 1 { print "host,start,n,verdict,confidence,runner_up,runner_up_confidence,label"; next }
	$7 == "" { next }
	{ v = $7 == "???" ? "unknown" : $7
	  if (!(v in id)) { id[v] = ++K; name[K] = v }
	  h = $5
	  if (!(h in n)) { order[++H] = h; start[h] = $6 }
	  if ($6 < start[h]) start[h] = $6
	  n[h]++; s[h, id[v]]++
	  if ($3 != "") { if (!((h, $3) in lc)) lab[h, ++nl[h]] = $3; lc[h, $3]++ } }
	END { for (j = 1; j <= H; j++) { h = order[j]
		b = 1; for (k = 2; k <= K; k++) if (s[h, k] > s[h, b]) b = k
		r = 0; for (k = 1; k <= K; k++) if (k != b && (!r || s[h, k] > s[h, r])) r = k
		l = ""; if (nl[h]) { l = lab[h, 1]; for (k = 2; k <= nl[h]; k++) if (lc[h, lab[h, k]] > lc[h, l]) l = lab[h, k] }
		printf "%s,%s,%d,%s,%.17g,%s,%s,%s\n", h, start[h], n[h], name[b], s[h, b] / n[h],
		    r ? name[r] : "", r ? sprintf("%.17g", s[h, r] / n[h]) : "", l } }' "$1"
}

test_expect_success 'one row per host with a verdict: the vote, as computed in awk' '
	osfp-hosts p0f.csv >hosts.csv &&
	awk_vote p0f.csv >expect &&
	test_numeric_cmp expect hosts.csv &&
	cut -d, -f1-4,6 expect >e && cut -d, -f1-4,6 hosts.csv >a && test_cmp e a &&
	grep -q ",unknown," hosts.csv
'

test_expect_success 'every rule gives the same verdicts on votes; mean is vote' '
	osfp-hosts --rule vote p0f.csv >vote.csv &&
	test_cmp hosts.csv vote.csv &&
	osfp-hosts --rule logprob p0f.csv >lp.csv &&
	cut -d, -f1-4 hosts.csv >a && cut -d, -f1-4 lp.csv >b && test_cmp a b
'

test_expect_success 'a host whose flows have no SYN is not written' '
	{ head -n 1 p0f.csv && echo "99,,,,10.9.9.9,1.5,,,," && tail -n +2 p0f.csv; } >nosyn.csv &&
	osfp-hosts nosyn.csv >h2.csv &&
	test_cmp hosts.csv h2.csv
'

test_expect_success '--window, --json, --min-confidence and --score take them as well' '
	osfp-hosts --window 2 p0f.csv >w.csv &&
	awk -F, "NR > 1 { s += \$3 } END { print s }" w.csv >got &&
	grep -c -v -e "^flow," -e "^[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,," p0f.csv >want &&
	test_cmp want got &&
	osfp-hosts --json p0f.csv >h.jsonl &&
	test $(wc -l <h.jsonl) = $(($(wc -l <hosts.csv) - 1)) &&
	{ cat p0f.csv && echo "999,,,,10.77.1.4,1795859299.5,???,,,"; } >mixed.csv &&
	osfp-hosts --min-confidence 0.99 mixed.csv >mc.csv &&
	grep -q "^10\.77\.1\.4,1795859257\.795076,24,unknown,0\.958" mc.csv &&
	osfp-hosts --score p0f.csv >score &&
	grep -q "^Balanced Accuracy: " score
'

test_expect_success '--follow on a FIFO: a host'"'"'s verdict is out before the input closes' '
	n=$(awk -F, "NR > 1 && \$7 != \"\" { print NR; exit }" p0f.csv) &&
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ osfp-hosts --follow <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n $n p0f.csv >&3 &&
	test_wait_lines out 2 &&
	tail -n +$((n + 1)) p0f.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	head -n 2 out | tail -n 1 | cut -d, -f1,3,4 >got &&
	sed -n ${n}p p0f.csv | awk -F, -v OFS=, "{ print \$5, 1, \$7 == \"???\" ? \"unknown\" : \$7 }" >want &&
	test_cmp want got
'

test_done
