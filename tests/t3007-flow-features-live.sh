#!/bin/sh
test_description='osfp-flow-features on live input (issue 15): with --dim (or
--like a record that fixes it) each flow is written as soon as it ends, and
flushed at once when the input or the output is not a regular file, so a
flow'"'"'s row is out while the input is still open'
. "$(dirname "$0")/test-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

test_expect_success 'setup: flows, and the features of the whole file' '
	osfp-pcapng-labels "$FX" >lab.csv &&
	osfp-pcap-flows --labels lab.csv "$FX" >flows.csv &&
	osfp-flow-features --dim 5 --id src,time flows.csv >want.csv &&
	osfp-flow-features --dim 5 --dim-out x.rec flows.csv >/dev/null &&
	first=$(sed -n 2p flows.csv | cut -d, -f1) &&
	awk -F, -v f="$first" "NR > 1 && \$1 != f { print NR; exit }" flows.csv >n &&
	test -s n
'

# Rows up to the first row of the second flow (which ends the first), then
# a wait for the first flow'"'"'s row, then the rest.
test_expect_success 'a FIFO: the first flow is out before the input closes' '
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ osfp-flow-features --dim 5 --id src,time <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n $(cat n) flows.csv >&3 &&
	test_wait_lines out 2 &&
	head -n 2 want.csv >expect && test_cmp expect out &&
	tail -n +$(($(cat n) + 1)) flows.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp want.csv out
'

test_expect_success '--like a record: the same, into a pipe' '
	rm -f in.fifo out.fifo && mkfifo in.fifo out.fifo && : >out || exit 1
	{ osfp-flow-features --like x.rec --id src,time <in.fifo >out.fifo; echo $? >rc; } &
	cat out.fifo >out &
	exec 3>in.fifo &&
	head -n $(cat n) flows.csv >&3 &&
	test_wait_lines out 2 &&
	head -n 2 want.csv >expect && test_cmp expect out &&
	tail -n +$(($(cat n) + 1)) flows.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp want.csv out
'

test_done
