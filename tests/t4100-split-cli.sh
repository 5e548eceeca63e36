#!/bin/sh
test_description='osfp-split: the command-line contract (help, -h, version,
usage errors, directories), outputs that would overwrite the input, a
byte-order mark, long fields in messages'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

cli_contract split "--train tr.csv --test te.csv"

test_expect_success 'setup: a small dataset' '
	mk_rows() { awk "BEGIN { print \"a,b,label\";
		for (i = 1; i <= 20; i++) printf \"%d,%d,c%d\n\", i, i % 5, i % 2 }"; } &&
	mk_rows >in.csv &&
	cp in.csv in.orig
'

test_expect_success '--train naming the input is refused before anything is written' '
	test_expect_code 2 osfp-split --train in.csv --test te.csv in.csv >out 2>err &&
	test_one_line err "^osfp-split: .in.csv.: --train would overwrite the input\$" &&
	test_cmp in.orig in.csv &&
	test ! -e te.csv
'

test_expect_success '--test naming the input by another path, or a link to it, is refused' '
	test_expect_code 2 osfp-split --train tr.csv --test ./in.csv in.csv 2>err &&
	test_one_line err "^osfp-split: .\./in.csv.: --test would overwrite the input\$" &&
	ln -s in.csv link.csv &&
	test_expect_code 2 osfp-split --train link.csv --test te.csv in.csv 2>err &&
	grep -q "would overwrite the input" err &&
	test_cmp in.orig in.csv &&
	test ! -e tr.csv && test ! -e te.csv
'

test_expect_success 'an output that is standard input is refused too' '
	test_expect_code 2 osfp-split --train tr.csv --test in.csv <in.csv 2>err &&
	test_one_line err "^osfp-split: .in.csv.: --test would overwrite the input\$" &&
	test_cmp in.orig in.csv
'

test_expect_success '--train and --test on one existing file by two paths are refused' '
	: >same.csv &&
	test_expect_code 2 osfp-split --train same.csv --test ./same.csv in.csv 2>err &&
	test_one_line err "^osfp-split: --train and --test name the same file \\(.same.csv.\\)\$"
'

test_expect_success 'a UTF-8 byte-order mark before the header is not part of the first name' '
	osfp-split --train tr.csv --test te.csv in.csv &&
	printf "\357\273\277" >bom.csv && cat in.csv >>bom.csv &&
	osfp-split --train btr.csv --test bte.csv bom.csv 2>err &&
	test ! -s err &&
	test_cmp tr.csv btr.csv &&
	test_cmp te.csv bte.csv &&
	printf "\357\273\277label,a\nx,1\ny,2\nx,3\ny,4\n" >bomlabel.csv &&
	osfp-split -p 2 --train t1.csv --test t2.csv bomlabel.csv &&
	head -1 t1.csv >h && echo label,a >expect && test_cmp expect h
'

test_expect_success 'a message quoting a long class name keeps its reason' '
	long=$(printf "%0600d" 0 | tr 0 q) &&
	{ echo a,label; echo 1,x; echo 2,x; echo "3,$long"; } >long.csv &&
	test_expect_code 1 osfp-split --train tr.csv --test te.csv long.csv 2>err &&
	test_one_line err "class .qqqq*\.\.\.. has only 1 row, too few to stratify"
'

test_done
