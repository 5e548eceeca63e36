#!/bin/sh
test_description='osfp-eval: the command-line contract (help, -h, version,
usage errors, directories), -m - (the model on standard input), --ignore
adding up, a byte-order mark, long fields in messages'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

test_expect_success 'setup: a dataset with two extra identifiers, its model' '
	awk "BEGIN { print \"flow,a,b,host,port,label\";
		for (i = 1; i <= 12; i++) printf \"%d,%d,%d,%d,%d,c%d\n\", i, i % 5, i % 3, i, i * 7, i % 2 }" >in.csv &&
	osfp-train -m logistic --ignore host,port -o m.model in.csv
'

cli_contract eval "-m m.model"

test_expect_success 'a model that is a directory says so' '
	mkdir -p mdir &&
	test_expect_code 1 osfp-eval -m mdir in.csv >out 2>err &&
	test_one_line err "^osfp-eval: .mdir.: is a directory\$"
'

test_expect_success 'a repeated --ignore adds to the list' '
	osfp-eval -m m.model --ignore host,port in.csv >expect &&
	osfp-eval -m m.model --ignore host --ignore port in.csv >out &&
	test_cmp expect out
'

test_expect_success '-m - reads the model from standard input' '
	osfp-eval -m - --ignore host,port in.csv <m.model >out &&
	test_cmp expect out
'

test_expect_success '-m - with the rows on standard input too is a usage error' '
	test_expect_code 2 osfp-eval -m - --ignore host,port <in.csv >out 2>err &&
	grep -q "^osfp-eval: the model (-m -) and the rows cannot both be standard input" err &&
	test_expect_code 2 osfp-eval -m - --ignore host,port - <in.csv >out 2>err &&
	test ! -s out
'

test_expect_success 'a model on standard input is named <stdin> in messages' '
	echo "osfp-model 9" >bad.model &&
	test_expect_code 1 osfp-eval -m - in.csv <bad.model 2>err &&
	test_one_line err "^osfp-eval: .<stdin>.: line 1: model format version 9"
'

test_expect_success 'a UTF-8 byte-order mark before the header changes nothing' '
	printf "\357\273\277" >bom.csv && cat in.csv >>bom.csv &&
	osfp-eval -m m.model --ignore host,port bom.csv >out 2>err &&
	test ! -s err &&
	test_cmp expect out
'

test_expect_success 'a message quoting a long label keeps its reason' '
	long=$(printf "%0600d" 0 | tr 0 q) &&
	{ head -3 in.csv; echo "13,1,1,13,91,$long"; } >long.csv &&
	test_expect_code 1 osfp-eval -m m.model --ignore host,port long.csv 2>err &&
	test_one_line err "^osfp-eval: .long.csv.: line 4: label .qqqq*\.\.\.. is not one of the model.s 2 classes\$"
'

test_expect_success 'a message quoting a long model path keeps its reason' '
	p=$(printf "%0300d" 0 | sed "s|0|./|g")nonexistent.model &&
	test_expect_code 1 osfp-eval -m "$p" in.csv 2>err &&
	test_one_line err "^osfp-eval: .\./\./.*\.\.\..: cannot open: No such file or directory\$"
'

test_expect_success 'standard output appending to the rows or the model is refused' '
	cp in.csv in.orig && cp m.model m.orig &&
	test_expect_code 2 osfp-eval -m m.model --ignore host,port in.csv >>in.csv 2>err &&
	test_one_line err "^osfp-eval: .in.csv.: standard output would overwrite this input\$" &&
	test_expect_code 2 osfp-eval -m m.model --ignore host,port in.csv >>m.model 2>err &&
	test_one_line err "^osfp-eval: .m.model.: standard output would overwrite this input\$" &&
	test_cmp in.orig in.csv && test_cmp m.orig m.model
'

test_done
