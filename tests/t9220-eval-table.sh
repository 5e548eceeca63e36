#!/bin/sh
test_description='scripts/eval-table: the evaluation table of a capture (random,
temporal, grouped, cross-capture; per flow, sample, host-window, family):
its shape, numbers in [0, 1], its balanced accuracy equal to osfp-eval'"'"'s,
servers left out of the client host-windows; its usage errors'
. "$(dirname "$0")/test-lib.sh"

ET="$OSFP_ROOT/scripts/eval-table"
LAB="$OSFP_ROOT/data/lab"

# The cells of a table row (after the name), one per line
cells() {
	grep "^$1 .*|" table | cut -d"|" -f2- | tr "|" "\n" | sed "s/^ *//; s/ *\$//"
}

test_expect_success EXPENSIVE 'the lab sample, day2 the other capture: two seeds' '
	"$ET" -n 2 -o out "$LAB/sample.pcapng" "$LAB/day2.pcapng" >table 2>err &&
	test ! -s err &&
	cp out/table.txt t2 && test_cmp table t2
'

test_expect_success EXPENSIVE 'the header names the capture, the other, the model, the seeds' '
	head -n 1 table | grep -q "^eval-table: sample.pcapng (1410 flows, 305 samples, 13 classes); other: day2.pcapng\$" &&
	grep -q "^model rf, features iat,stats,syn,hdr, test 0.2, windows of 30 s, servers: 10.77.0.1\$" table &&
	grep -q "mean (std) over seeds 1-2\$" table
'

test_expect_success EXPENSIVE 'five rows of five columns' '
	grep "^split " table | tr -d " " >h &&
	echo "split|flow|sample|hostwin|hostwin-all|family" >expect && test_cmp expect h &&
	for r in "random (stratified)" "temporal (last in time)" "grouped by host" \
	    "grouped by sample" "train here, test day2.pcapng"; do
		grep -c "^$r  *|" table >n && test "$(cat n)" = 1 || return 1
		test $(grep "^$r  *|" table | tr "|" "\n" | wc -l) = 6 || return 1
	done &&
	test $(grep -c "|" table) = 6
'

test_expect_success EXPENSIVE 'every cell: a mean and a std in [0, 1]' '
	for r in random temporal grouped train; do cells "$r" || return 1; done >all &&
	test $(wc -l <all) = 25 &&
	awk "!/^[01]\.[0-9][0-9][0-9] \([01]\.[0-9][0-9][0-9]\)\$/ { bad++ }
		{ m = \$1; s = substr(\$2, 2, 5); if (m < 0 || m > 1 || s < 0 || s > 1) bad++ }
		END { exit bad > 0 }" all
'

test_expect_success EXPENSIVE 'the grouped-by-host row says its test classes were never trained' '
	grep -q "^grouped by host: 3.0 of the test side.s classes (mean over seeds) have no train row\$" table
'

test_expect_success EXPENSIVE 'results.csv: every row, unit and seed, each in [0, 1]' '
	head -n 1 out/results.csv >h && echo row,unit,seed,balanced_accuracy >expect && test_cmp expect h &&
	test $(grep -vc "^row,\|,unseen," out/results.csv) = 50 &&
	awk -F, "NR > 1 && \$2 != \"unseen\" && !(\$4 >= 0 && \$4 <= 1) { bad++ } END { exit bad > 0 }" \
	    out/results.csv
'

test_expect_success EXPENSIVE 'a flow cell is osfp-eval'"'"'s balanced accuracy' '
	for s in 1 2; do
		d=out/run/random.$s
		osfp-eval -m $d/flow.model --ignore src,dst,time,host $d/flow.test >rep || return 1
		sed -n "s/^Balanced Accuracy: //p" rep >expect &&
		awk -F, -v s=$s "\$1 == \"random\" && \$2 == \"flow\" && \$3 == s { printf \"%.4f\n\", \$4 }" \
		    out/results.csv >actual &&
		test_cmp expect actual || return 1
	done
'

# senders FILE: the distinct src of a predictions file
senders() {
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"src\") s = i; next } { print \$s }" "$1" |
		sort -u
}

test_expect_success EXPENSIVE 'the client host-windows leave the server out; hostwin-all keeps it' '
	d=out/run/other.1 &&
	senders $d/flow.pred >all-senders &&
	senders $d/clients.pred >clients &&
	grep -qx "10\.77\.0\.1" all-senders &&
	! grep -qx "10\.77\.0\.1" clients &&
	test $(wc -l <clients) = 13 &&
	grep -q "^groups scored: 39 " $d/hostwin.report &&
	grep "^groups scored: " $d/hostwin-all.report >g &&
	test $(cut -d" " -f3 g) -gt 39
'

test_expect_success EXPENSIVE 'without another capture: four rows; -m ridge: no host columns' '
	"$ET" -n 1 -m ridge -f iat,stats "$LAB/sample.pcapng" >t1 &&
	test $(grep -c "|" t1) = 5 &&
	! grep -q "^train here" t1 &&
	grep "^random " t1 | cut -d"|" -f4,5 | tr -d " " >c &&
	echo "-|-" >expect && test_cmp expect c
'

test_expect_success 'usage: -h, no capture, a bad seed count, three captures' '
	"$ET" -h >out1 && grep -q "^usage: eval-table " out1 &&
	test_expect_code 2 "$ET" 2>err && grep -q "^usage: eval-table " err &&
	test_expect_code 2 "$ET" -n 0 x 2>err && grep -q "^eval-table: -n: .0. is not a count" err &&
	test_expect_code 2 "$ET" a b c 2>err
'

test_expect_success 'an unreadable capture: one line, exit 1' '
	test_expect_code 1 "$ET" nosuch.pcapng >out1 2>err &&
	test_one_line err "^eval-table: .nosuch.pcapng.: cannot read\$"
'

test_done
