#!/bin/sh
test_description='osfp-pcap-flows: the command-line contract (help, -h,
version, usage errors, directories), --fields adding up, a labels file
with a byte-order mark or that is a directory'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/cli-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

cli_contract pcap-flows

test_expect_success 'a repeated --fields adds to the list' '
	osfp-pcap-flows --fields syn,ipid "$FX" >expect &&
	osfp-pcap-flows --fields syn --fields ipid "$FX" >out &&
	test_cmp expect out &&
	head -1 out | grep -q ",ipid" &&
	head -1 out | grep -q ",mss"
'

test_expect_success 'a labels file that is a directory says so' '
	mkdir -p ldir &&
	test_expect_code 1 osfp-pcap-flows --labels ldir "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: .ldir.: is a directory\$"
'

test_expect_success 'a labels file that starts with a UTF-8 byte-order mark joins as without' '
	osfp-pcapng-labels "$FX" >labels.csv &&
	printf "\357\273\277" >bom.csv && cat labels.csv >>bom.csv &&
	osfp-pcap-flows --labels labels.csv "$FX" >expect &&
	osfp-pcap-flows --labels bom.csv "$FX" >out 2>err &&
	test_cmp expect out &&
	test ! -s err
'

test_expect_success 'a message quoting a long time field of the labels keeps its reason' '
	long=1.$(printf "%0600d" 0 | tr 0 x) &&
	{ head -2 labels.csv; echo "2,$long,1,x,y"; } >long.csv &&
	test_expect_code 1 osfp-pcap-flows --labels long.csv "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: .long.csv.: line 3: column .time.: .1\\.xxx*\.\.\.. is not a time\$"
'

test_done
