#!/bin/sh
test_description='scripts/notebook: the notebook pipeline, its FEATURES, its errors'
. "$(dirname "$0")/test-lib.sh"

CAP="$TEST_DATA/shards/lab-a.pcapng"
NB="$OSFP_ROOT/scripts/notebook"

test_expect_success EXPENSIVE 'the four models print a balanced accuracy each' '
	"$NB" "$CAP" out >stdout 2>stderr &&
	grep -c "Balanced Accuracy: 0\." stdout >n && test "$(cat n)" = 4 &&
	grep -q "^stage times (s): labels" stdout &&
	test ! -s stderr
'

test_expect_success EXPENSIVE 'FEATURES with fingerprint sets asks the flows stage for their fields' '
	FEATURES=iat,stats,syn,hdr "$NB" "$CAP" fp >stdout 2>stderr &&
	grep -c "Balanced Accuracy: 0\." stdout >n && test "$(cat n)" = 4 &&
	head -n 1 fp/features.csv | tr , "\n" >cols &&
	grep -q "^syn_win$" cols && grep -q "^hdr_ttl_min$" cols
'

test_expect_success 'a failing stage: its error reaches the terminal, the script fails' '
	test_must_fail env FEATURES=iat,bogus "$NB" "$CAP" >stdout 2>stderr &&
	grep -q "unknown feature set .bogus." stderr &&
	! grep -q "Balanced Accuracy" stdout
'

test_expect_success 'an unreadable capture' '
	test_must_fail "$NB" nosuch.pcapng >stdout 2>stderr &&
	grep -q "nosuch.pcapng" stderr
'

test_done
