#!/bin/sh
test_description='scale-out: sharded runs under GNU parallel equal one process on the merged capture'
. "$(dirname "$0")/test-lib.sh"

A="$TEST_DATA/shards/lab-a.pcapng"
B="$TEST_DATA/shards/lab-b.pcapng"

# single CAPTURE SETS: the whole pipeline in one process
single() {
	osfp-pcapng-labels -q "$1" >l.csv &&
	osfp-pcap-flows -q --labels l.csv "$1" >f.csv &&
	osfp-flow-features -f "$2" --dim-out /dev/null f.csv
}

test_expect_success EXPENSIVE 'two host-disjoint shards give the single-process dataset, bit for bit' '
	cat "$A" "$B" >ab.pcapng &&
	single ab.pcapng iat,stats >single.csv &&
	cp single.csv single-ab.csv &&
	"$OSFP_ROOT/scripts/scale-out" -j 2 "$A" "$B" >sharded.csv 2>err &&
	test_cmp single.csv sharded.csv &&
	grep -q "2 captures, interval" err
'

test_expect_success EXPENSIVE 'with SAMP features the global window length is passed too' '
	single ab.pcapng samp_num,samp_size,stats >single.csv &&
	"$OSFP_ROOT/scripts/scale-out" -j 2 -f samp_num,samp_size,stats "$A" "$B" >sharded.csv 2>err &&
	test_cmp single.csv sharded.csv
'

test_expect_success EXPENSIVE 'the merge keeps the order the captures are given in' '
	cat "$B" "$A" >ba.pcapng &&
	single ba.pcapng iat,stats >single.csv &&
	"$OSFP_ROOT/scripts/scale-out" -j 1 "$B" "$A" >sharded.csv 2>err &&
	test_cmp single.csv sharded.csv
'

test_expect_success EXPENSIVE 'per-shard parameters would differ: the global ones matter' '
	single "$A" iat,stats >a-alone.csv &&
	head -n 1 a-alone.csv | tr , "\n" | grep -c "^iat_" >w1 &&
	head -n 1 sharded.csv | tr , "\n" | grep -c "^iat_" >w2 &&
	! test_cmp w1 w2 >/dev/null
'

# Remote runs through tests/fake-ssh: each "host" is a scratch folder
# that sees only the files GNU parallel sends it. The -S values hold
# spaces (a path to an ssh program and a host): one -S is one login.
FAKE_SSH_ROOT=$PWD/remote
export FAKE_SSH_ROOT
test_expect_success EXPENSIVE 'remote: two ssh hosts give the local result, bit for bit (SHELL unset, as under cron)' '
	rm -rf remote && mkdir remote &&
	env -u SHELL "$OSFP_ROOT/scripts/scale-out" -j 1 -S "$OSFP_ROOT/tests/fake-ssh hostA" \
		-S "1/$OSFP_ROOT/tests/fake-ssh hostB" "$A" "$B" >remote.csv 2>err &&
	test_cmp single-ab.csv remote.csv &&
	cut -f1 remote/log | sort -u >hosts &&
	printf "hostA\nhostB\n" >expect && test_cmp expect hosts
'

test_expect_success EXPENSIVE 'remote: the three passes of both shards ran remotely and cleaned up after themselves' '
	grep -c "GNU_Parallel_worker" remote/log >n && test "$(cat n)" = 6 &&
	find remote/hostA remote/hostB -type f >left &&
	test ! -s left
'

test_expect_success EXPENSIVE 'remote: a login file (-l) works like -S' '
	rm -rf remote && mkdir remote &&
	printf "%s\n" "$OSFP_ROOT/tests/fake-ssh hostC" >logins &&
	"$OSFP_ROOT/scripts/scale-out" -l logins "$A" "$B" >remote.csv 2>err &&
	test_cmp single-ab.csv remote.csv
'

test_expect_success 'a missing capture is an error' '
	test_must_fail "$OSFP_ROOT/scripts/scale-out" "$A" nosuch.pcapng >out 2>err &&
	grep -q "nosuch.pcapng" err
'

test_done
