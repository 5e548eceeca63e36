#!/bin/sh
test_description='osfp-pcapng-labels: the command-line contract (help, -h,
version, usage errors, directories)'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

cli_contract pcapng-labels

test_expect_success 'two inputs are a usage error' '
	FX="$TEST_DATA/cicids2017/os-fixture.pcapng" &&
	test_expect_code 2 osfp-pcapng-labels "$FX" "$FX" >out 2>err &&
	test ! -s out &&
	grep -q "too many input files" err
'

test_expect_success 'standard output appending to the capture is refused' '
	cp "$TEST_DATA/cicids2017/os-fixture.pcapng" cap.pcapng &&
	cp cap.pcapng cap.orig &&
	test_expect_code 2 osfp-pcapng-labels cap.pcapng >>cap.pcapng 2>err &&
	test_one_line err "^osfp-pcapng-labels: .cap.pcapng.: standard output would overwrite this input\$" &&
	cmp cap.orig cap.pcapng
'

test_done
