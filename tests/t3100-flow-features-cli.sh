#!/bin/sh
test_description='osfp-flow-features: the command-line contract (help, -h,
version, usage errors, directories), an input with a byte-order mark'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

cli_contract flow-features

test_expect_success 'packets that start with a UTF-8 byte-order mark give the same features' '
	osfp-pcap-flows "$FX" >flows.csv &&
	printf "\357\273\277" >bom.csv && cat flows.csv >>bom.csv &&
	osfp-flow-features flows.csv >expect 2>expect.err &&
	osfp-flow-features bom.csv >out 2>err &&
	test_cmp expect out &&
	sed "s/bom.csv/flows.csv/" err >err.named &&
	test_cmp expect.err err.named
'

test_expect_success 'a message quoting a long flow id keeps its reason' '
	long=$(printf "%0600d" 0 | tr 0 f) &&
	{ echo flow,time,len; echo "$long,1,60"; echo "$long,2,60"; echo "b,3,60";
	  echo "b,4,60"; echo "$long,5,60"; } >long.csv &&
	test_expect_code 1 osfp-flow-features long.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .long.csv.: line 6: flow .ffff*\.\.\.. continues after other flows"
'

test_done
