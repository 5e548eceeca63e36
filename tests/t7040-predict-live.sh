#!/bin/sh
test_description='osfp-predict row by row (issue 15): each row'"'"'s prediction
is written as the row is read, and flushed at once when the input or the
output is not a regular file, so it is out while the input is still open;
a bad row still leaves the predictions of every row before it'
. "$(dirname "$0")/test-lib.sh"

NB="$TEST_DATA/reference/notebook"

test_expect_success 'setup: a model and the predictions of a whole file' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv" &&
	osfp-train -m logistic -o l.model train.csv &&
	osfp-train -m rf --trees 5 -o rf.model train.csv &&
	osfp-predict -m l.model test.csv >want.csv &&
	osfp-predict -m rf.model test.csv >wantrf.csv
'

test_expect_success 'a FIFO: the first row'"'"'s prediction is out before the input closes' '
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ osfp-predict -m l.model <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n 2 test.csv >&3 &&
	test_wait_lines out 2 &&
	head -n 2 want.csv >expect && test_cmp expect out &&
	tail -n +3 test.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp want.csv out
'

test_expect_success 'into a pipe, row by row: the same bytes as from a file' '
	rm -f in.fifo out.fifo && mkfifo in.fifo out.fifo && : >out || exit 1
	{ osfp-predict -m rf.model <in.fifo >out.fifo; echo $? >rc; } &
	cat out.fifo >out &
	exec 3>in.fifo &&
	head -n 4 test.csv >&3 &&
	test_wait_lines out 4 &&
	tail -n +5 test.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp wantrf.csv out
'

test_expect_success 'a row is predicted alone: a file cut in two gives the same rows' '
	head -n 100 test.csv >h.csv &&
	{ head -n 1 test.csv && tail -n +101 test.csv; } >t.csv &&
	osfp-predict -m l.model h.csv >ph.csv &&
	osfp-predict -m l.model t.csv >pt.csv &&
	{ cat ph.csv && tail -n +2 pt.csv; } >both.csv &&
	test_cmp want.csv both.csv
'

test_expect_success 'a bad row in a FIFO: the rows before it are out, then one line, exit 1' '
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ osfp-predict -m l.model <in.fifo >out 2>err; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n 3 test.csv >&3 &&
	test_wait_lines out 3 &&
	sed -n 4p test.csv | sed "s/^[^,]*,/x,/" >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 1 &&
	test_one_line err "^osfp-predict: .<stdin>.: line 4: column .* not a finite number: .x.$" &&
	head -n 3 want.csv >expect && test_cmp expect out
'

test_expect_success 'a p0f database on a FIFO: each verdict out before the input closes' '
	osfp-pcap-flows --min-packets 1 --fields syn "$TEST_DATA/shards/lab-a.pcapng" >sf.csv &&
	osfp-flow-features -f syn --keep-unlabelled sf.csv >syn.csv &&
	osfp-predict -m "$TEST_DATA/golden/p0f/p0f.fp" syn.csv >wantp0f.csv &&
	rm -f in.fifo && mkfifo in.fifo && : >out || exit 1
	{ osfp-predict -m "$TEST_DATA/golden/p0f/p0f.fp" <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n 3 syn.csv >&3 &&
	test_wait_lines out 3 &&
	tail -n +4 syn.csv >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	test_cmp wantp0f.csv out
'

test_done
