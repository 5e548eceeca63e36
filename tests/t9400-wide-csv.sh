#!/bin/sh
test_description='wide CSVs: every CSV reader is linear in the width

400,000 columns by 4 rows through osfp-split, osfp-train -m ridge,
osfp-eval and osfp-predict. Not a timing test: each command runs under
timeout 60, which the linear readers meet with a wide margin (about 1-3 s
each, under ASan a few times that) and the quadratic ones they replaced
could not: 40,000 columns took osfp-split 2.9 s and osfp-train 7.5 s, so
ten times as many columns would take a hundred times as long, about 290 s
and 750 s (osfp-eval and osfp-predict more).'
. "$(dirname "$0")/test-lib.sh"

N=400000

test_expect_success EXPENSIVE 'setup: 400,000 numeric columns and a label, 4 rows' '
	awk -v n=$N "BEGIN { for (i = 1; i <= n; i++) printf \"c%d,\", i; print \"label\";
		for (r = 1; r <= 4; r++) { for (i = 1; i <= n; i++) printf \"%d,\", (i * r) % 7;
			print \"x\" (r % 2) } }" >wide.csv &&
	test $(head -1 wide.csv | tr , "\n" | wc -l) = $((N + 1))
'

test_expect_success EXPENSIVE 'osfp-split' '
	timeout 60 osfp-split -p 2 --train tr.csv --test te.csv wide.csv &&
	test $(wc -l <tr.csv) = 3 && test $(wc -l <te.csv) = 3
'

test_expect_success EXPENSIVE 'osfp-train -m ridge' '
	timeout 60 osfp-train -m ridge -o w.model wide.csv &&
	grep -q "^features $N\$" w.model
'

test_expect_success EXPENSIVE 'osfp-eval' '
	timeout 60 osfp-eval --csv -m w.model wide.csv >e.csv &&
	grep -q "^balanced_accuracy,,," e.csv
'

test_expect_success EXPENSIVE 'osfp-predict' '
	timeout 60 osfp-predict -m w.model wide.csv >p.csv &&
	test $(wc -l <p.csv) = 5
'

test_done
