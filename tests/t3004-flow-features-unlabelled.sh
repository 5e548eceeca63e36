#!/bin/sh
test_description='osfp-flow-features: flows dropped for having no label are
reported on stderr, and an input none of whose flows has a label is an error
(issue 17: a labels join that matched nothing gave an empty dataset, exit 0)'
. "$(dirname "$0")/test-lib.sh"

cat >some.csv <<'EOF_IN'
flow,time,len,label
0,1,10,linux
0,2,20,linux
1,1,10,
1,3,10,
2,1,10,win
2,2,10,win
EOF_IN
sed 's/,linux$/,/; s/,win$/,/' some.csv >none.csv

test_expect_success 'some flows dropped: one line with the count and the total' '
	osfp-flow-features --dim 3 some.csv >out.csv 2>err &&
	test $(wc -l <out.csv) = 3 &&
	test_one_line err "^osfp-flow-features: flows without a label dropped: 1 of 3 \(--keep-unlabelled keeps them\)$"
'

test_expect_success 'the same when the widths come from the data (the note first)' '
	osfp-flow-features some.csv >out.csv 2>err &&
	test $(wc -l <err) = 2 &&
	tail -n 1 err >last &&
	test_one_line last "dropped: 1 of 3 "
'

test_expect_success 'no flow has a label: one line, exit 1, only the header written' '
	test_expect_code 1 osfp-flow-features --dim 3 none.csv >out.csv 2>err &&
	test_one_line err "^osfp-flow-features: .none\.csv.: no flow has a label: all 3 dropped \(--keep-unlabelled keeps them\)$" &&
	test $(wc -l <out.csv) = 1 &&
	test_expect_code 1 osfp-flow-features none.csv >out.csv 2>err &&
	test_one_line err "no flow has a label: all 3 dropped"
'

test_expect_success 'no flow has a label, --dim-out: no record written' '
	test_expect_code 1 osfp-flow-features --dim-out rec none.csv >out.csv 2>err &&
	test_must_fail test -e rec
'

test_expect_success '--keep-unlabelled: nothing dropped, nothing said' '
	osfp-flow-features --dim 3 --keep-unlabelled none.csv >out.csv 2>err &&
	test $(wc -l <out.csv) = 4 &&
	test_must_fail test -s err
'

test_expect_success 'no label column: nothing dropped, nothing said' '
	cut -d, -f1-3 none.csv >nolabel.csv &&
	osfp-flow-features --dim 3 nolabel.csv >out.csv 2>err &&
	test $(wc -l <out.csv) = 4 &&
	test_must_fail test -s err
'

test_done
