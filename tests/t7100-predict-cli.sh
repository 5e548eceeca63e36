#!/bin/sh
test_description='osfp-predict: the command-line contract (help, -h,
version, usage errors, directories), -m - (the model on standard input),
--ignore adding up, a byte-order mark'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

test_expect_success 'setup: a dataset with two extra identifiers, its model' '
	awk "BEGIN { print \"flow,a,b,host,port,label\";
		for (i = 1; i <= 12; i++) printf \"%d,%d,%d,%d,%d,c%d\n\", i, i % 5, i % 3, i, i * 7, i % 2 }" >in.csv &&
	osfp-train -m logistic --ignore host,port -o m.model in.csv
'

cli_contract predict "-m m.model"

test_expect_success 'a repeated --ignore adds to the list (both columns pass through)' '
	osfp-predict -m m.model --ignore host,port in.csv >expect &&
	osfp-predict -m m.model --ignore host --ignore port in.csv >out &&
	test_cmp expect out &&
	head -1 out | grep -q "^flow,host,port,label,predicted,"
'

test_expect_success '-m - reads the model from standard input' '
	osfp-predict -m - --ignore host,port in.csv <m.model >out &&
	test_cmp expect out
'

test_expect_success '-m - with the rows on standard input too is a usage error' '
	test_expect_code 2 osfp-predict -m - --ignore host,port <in.csv >out 2>err &&
	grep -q "^osfp-predict: the model (-m -) and the rows cannot both be standard input" err &&
	test ! -s out
'

test_expect_success 'a UTF-8 byte-order mark before the header changes nothing' '
	printf "\357\273\277" >bom.csv && cat in.csv >>bom.csv &&
	osfp-predict -m m.model --ignore host,port bom.csv >out 2>err &&
	test ! -s err &&
	test_cmp expect out
'

test_expect_success 'standard output appending to the rows or the model is refused' '
	cp in.csv in.orig && cp m.model m.orig &&
	test_expect_code 2 osfp-predict -m m.model --ignore host,port in.csv >>in.csv 2>err &&
	test_one_line err "^osfp-predict: .in.csv.: standard output would overwrite this input\$" &&
	test_expect_code 2 osfp-predict -m m.model --ignore host,port in.csv >>m.model 2>err &&
	test_one_line err "^osfp-predict: .m.model.: standard output would overwrite this input\$" &&
	test_cmp in.orig in.csv && test_cmp m.orig m.model
'

test_done
