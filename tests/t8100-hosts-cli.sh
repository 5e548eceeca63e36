#!/bin/sh
test_description='osfp-hosts: the command-line contract (help, -h, version,
usage errors, directories), standard output that would overwrite the input'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

cli_contract hosts

test_expect_success 'standard output appending to the input is refused' '
	printf "src,p_a,p_b\n10.0.0.1,0.7,0.3\n10.0.0.2,0.2,0.8\n" >in.csv &&
	cp in.csv in.orig &&
	osfp-hosts in.csv >out.csv &&
	test $(wc -l <out.csv) = 3 &&
	test_expect_code 2 osfp-hosts in.csv >>in.csv 2>err &&
	test_one_line err "^osfp-hosts: .in.csv.: standard output would overwrite this input\$" &&
	test_cmp in.orig in.csv
'

test_expect_success 'a UTF-8 byte-order mark before the header changes nothing' '
	printf "\357\273\277" >bom.csv && cat in.csv >>bom.csv &&
	osfp-hosts bom.csv >out2.csv 2>err &&
	test ! -s err &&
	test_cmp out.csv out2.csv
'

test_done
