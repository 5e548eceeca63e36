#!/bin/sh
test_description='osfp-flow-features refuses, before anything is written, an
output that names an input (issue 17: --dim-out X X destroyed the input).
The same file is the same device and inode: a symbolic or hard link, or
another spelling of the path, is caught; /dev/null is not a file to keep.'
. "$(dirname "$0")/test-lib.sh"

cat >flows.csv <<'EOF_IN'
flow,time,len
a,10,60
a,10.5,100
b,20,70
b,21,70
EOF_IN
cp flows.csv orig.csv

test_expect_success '--dim-out naming the input: exit 2, input untouched, nothing written' '
	test_expect_code 2 osfp-flow-features --dim-out flows.csv flows.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .flows\.csv.: --dim-out would overwrite an input$" &&
	test_cmp orig.csv flows.csv &&
	test_must_fail test -s out
'

test_expect_success 'another spelling, a symbolic link, a hard link' '
	mkdir d && ln -s ../flows.csv d/sym.csv && ln flows.csv hard.csv &&
	for o in ./flows.csv d/../flows.csv d/sym.csv hard.csv "$PWD/flows.csv"; do
		test_expect_code 2 osfp-flow-features --dim-out "$o" flows.csv >out 2>err &&
		test_one_line err "would overwrite an input" &&
		test_cmp orig.csv flows.csv || return 1
	done
'

test_expect_success '--dim-out naming the --like record' '
	osfp-flow-features --dim-out rec flows.csv >/dev/null &&
	cp rec rec.orig &&
	test_expect_code 2 osfp-flow-features --like rec --dim-out rec flows.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .rec.: --dim-out would overwrite an input$" &&
	test_cmp rec.orig rec
'

test_expect_success 'standard output appending to the input' '
	test_expect_code 2 osfp-flow-features flows.csv >>flows.csv 2>err &&
	test_one_line err "^osfp-flow-features: .flows\.csv.: standard output would overwrite this input$" &&
	test_cmp orig.csv flows.csv &&
	test_expect_code 2 osfp-flow-features <flows.csv >>flows.csv 2>err &&
	test_one_line err "^osfp-flow-features: .<stdin>.: standard output would overwrite this input$" &&
	test_cmp orig.csv flows.csv
'

test_expect_success '/dev/null and new files are fine' '
	osfp-flow-features --dim-out /dev/null flows.csv >out.csv 2>err &&
	osfp-flow-features --dim-out new.rec flows.csv >out.csv 2>err &&
	test -s new.rec &&
	osfp-flow-features --dim-out new.rec - <flows.csv >out.csv 2>err
'

test_done
