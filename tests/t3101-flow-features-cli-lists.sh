#!/bin/sh
test_description='osfp-flow-features: -h is --help; a repeated -f accumulates
(-f iat -f stats is -f iat,stats) instead of the last one winning (issue 17)'
. "$(dirname "$0")/test-lib.sh"

cat >two.csv <<'EOF_IN'
flow,time,len,label
a,10,60,linux
a,10.5,100,linux
a,12,1500,linux
b,20,70,mac
b,21,70,mac
EOF_IN

test_expect_success '-h: the help on stdout, exit 0, as --help' '
	osfp-flow-features -h >h.out 2>err &&
	test_must_fail test -s err &&
	osfp-flow-features --help >help.out &&
	test_cmp help.out h.out &&
	grep -q "^usage: osfp-flow-features" h.out &&
	grep -q -- "--like FILE" h.out && grep -q -- "--id COLS" h.out
'

test_expect_success '-f iat -f stats is -f iat,stats' '
	osfp-flow-features -f iat,stats two.csv >one.csv 2>/dev/null &&
	osfp-flow-features -f iat -f stats two.csv >two-f.csv 2>/dev/null &&
	test_cmp one.csv two-f.csv
'

test_expect_success '--features and -f mix, in the order given' '
	osfp-flow-features -f size --features iat_size -f stats two.csv >mix.csv 2>/dev/null &&
	osfp-flow-features -f size,iat_size,stats two.csv >want.csv 2>/dev/null &&
	test_cmp want.csv mix.csv
'

test_expect_success 'a set in two -f: usage error' '
	test_expect_code 2 osfp-flow-features -f iat,stats -f iat two.csv >out 2>err &&
	grep -q "^osfp-flow-features: --features: feature set .iat. given twice$" err &&
	test_must_fail test -s out
'

test_expect_success 'the default is replaced by the first -f, not added to' '
	osfp-flow-features -f size two.csv >out.csv 2>/dev/null &&
	head -n 1 out.csv >got &&
	echo flow,label,size_0,size_1 >want &&
	test_cmp want got
'

test_done
