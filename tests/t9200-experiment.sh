#!/bin/sh
test_description='experiment.mk: the notebook as file targets, rebuilt only where options changed'
. "$(dirname "$0")/test-lib.sh"

# A small capture keeps this quick: shard a of the lab sample (6,464 packets).
CAP="$TEST_DATA/shards/lab-a.pcapng"
mk() { make --no-print-directory -f "$OSFP_ROOT/experiment.mk" CAPTURE="$CAP" E=e BIN="$OSFP_BIN" "$@"; }

test_expect_success EXPENSIVE 'the experiment builds every intermediate and a summary' '
	mk -j2 >out 2>err &&
	for f in labels.csv flows.csv features.csv train.csv test.csv \
		ridge.model logistic.model mlp.model rf.model \
		ridge.report logistic.report mlp.report rf.report summary.txt; do
		test -s e/$f || { echo "missing e/$f"; exit 1; }
	done &&
	grep -c "Balanced Accuracy: 0\." e/summary.txt >n &&
	echo 4 >expect && test_cmp expect n &&
	grep "^Ridge " e/summary.txt
'

test_expect_success EXPENSIVE 'a second run has nothing to do' '
	mk >out 2>&1 &&
	! grep -E "osfp-|mv " out
'

test_expect_success EXPENSIVE 'changing the features options reruns features and what follows, not labels or flows' '
	mk FEATURES_OPTS="-f iat,stats,size" >plan 2>&1 &&
	grep -q osfp-flow-features plan &&
	grep -q osfp-split plan &&
	grep -q "osfp-train.* -m rf " plan &&
	! grep -q osfp-pcapng-labels plan &&
	! grep -q osfp-pcap-flows plan
'

test_expect_success EXPENSIVE 'changing one model option retrains every model but re-extracts nothing' '
	mk FEATURES_OPTS="-f iat,stats,size" TRAIN_OPTS="-s 7" >plan 2>&1 &&
	grep -q "osfp-train.* -m ridge " plan &&
	! grep -q osfp-flow-features plan &&
	! grep -q osfp-split plan
'

test_expect_success EXPENSIVE 'a stage can be swapped for another program honouring the contract' '
	cat >my-labels <<-\EOF &&
	#!/bin/sh
	# a stand-in labeller: osfp-pcapng-labels, then drop the family column
	osfp-pcapng-labels "$1" | cut -d, -f1-4
	EOF
	chmod +x my-labels &&
	mk LABELS=./my-labels >out 2>&1 &&
	grep -q "my-labels" out &&
	head -n 1 e/labels.csv >hdr &&
	echo "packet,time,sample,label" >expect && test_cmp expect hdr &&
	test -s e/summary.txt
'

test_expect_success EXPENSIVE 'fingerprint feature sets: the flows stage is asked for their fields' '
	mk FEATURES_OPTS="-f iat,stats,syn,hdr" >out 2>err &&
	grep -q "osfp-pcap-flows.*--fields syn,hdr" out &&
	head -n 1 e/features.csv | tr , "\n" >cols &&
	grep -q "^syn_win$" cols &&
	grep -c "Balanced Accuracy: 0\." e/summary.txt >n && test "$(cat n)" = 4
'

test_expect_success EXPENSIVE 'a failing stage: its error reaches the terminal, nothing half-made or stale is left' '
	test -s e/summary.txt &&
	test_must_fail mk FEATURES_OPTS="-f iat,bogus" >out 2>err &&
	grep -q "unknown feature set .bogus." err &&
	! ls e/*.tmp 2>/dev/null &&
	test ! -e e/summary.txt &&
	test -s e/flows.csv
'

test_done
