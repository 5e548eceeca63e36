#!/bin/sh
test_description='osfp-train: the command-line contract (help, -h, version,
usage errors, directories), --ignore adding up, outputs that would
overwrite the input, a byte-order mark, long fields in messages'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

cli_contract train "-m ridge"

test_expect_success 'setup: a small dataset with two identifier-like columns' '
	awk "BEGIN { print \"flow,a,b,host,port,label\";
		for (i = 1; i <= 12; i++) printf \"%d,%d,%d,%d,%d,c%d\n\", i, i % 5, i % 3, i, i * 7, i % 2 }" >in.csv &&
	cp in.csv in.orig
'

test_expect_success 'a repeated --ignore adds to the list' '
	osfp-train -m ridge --ignore host,port -o one.model in.csv &&
	osfp-train -m ridge --ignore host --ignore port -o two.model in.csv &&
	test_cmp one.model two.model &&
	grep "^features 2\$" two.model
'

test_expect_success '-o naming the input is refused before anything is written' '
	test_expect_code 2 osfp-train -m ridge -o in.csv in.csv >out 2>err &&
	test_one_line err "^osfp-train: .in.csv.: -o would overwrite the input\$" &&
	test_cmp in.orig in.csv &&
	test_expect_code 2 osfp-train -m ridge -o ./in.csv <in.csv 2>err &&
	test_one_line err "^osfp-train: .\./in.csv.: -o would overwrite the input\$" &&
	test_cmp in.orig in.csv
'

test_expect_success 'standard output appending to the input is refused' '
	test_expect_code 2 osfp-train -m ridge in.csv >>in.csv 2>err &&
	test_one_line err "^osfp-train: .in.csv.: standard output would overwrite this input\$" &&
	test_cmp in.orig in.csv
'

test_expect_success '--importances naming the input (or the model) is refused' '
	test_expect_code 2 osfp-train -m rf --trees 2 --importances in.csv -o m.model in.csv 2>err &&
	test_one_line err "^osfp-train: .in.csv.: --importances would overwrite the input\$" &&
	test_cmp in.orig in.csv &&
	test ! -e m.model &&
	: >m.model &&
	test_expect_code 2 osfp-train -m rf --trees 2 --importances ./m.model -o m.model in.csv 2>err &&
	test_one_line err "^osfp-train: --importances and -o name the same file \\(.\\./m.model.\\)\$"
'

test_expect_success 'a UTF-8 byte-order mark before the header: the first column keeps its name' '
	printf "\357\273\277" >bom.csv && cat in.csv >>bom.csv &&
	osfp-train -m ridge -o plain.model in.csv &&
	osfp-train -m ridge -o bom.model bom.csv 2>err &&
	test ! -s err &&
	test_cmp plain.model bom.model &&
	! grep "^feature flow" bom.model
'

test_expect_success 'a message quoting a long column and field keeps its reason' '
	col=$(printf "%0600d" 0 | tr 0 c) && val=$(printf "%0600d" 0 | tr 0 v) &&
	{ echo "$col,label"; echo "1,x"; echo "$val,y"; } >long.csv &&
	test_expect_code 1 osfp-train -m ridge long.csv 2>err &&
	test_one_line err "^osfp-train: .long.csv.: line 3: column .cccc*\.\.\..: not a finite number: .vvvv*\.\.\..\$"
'

test_done
