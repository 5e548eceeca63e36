#!/bin/sh
test_description='osfp-hosts --window and --follow: exact windows on a grid
from time 0, late rows, and rows written while the input is still open

Golden files by hand (tests/data/golden/hosts): rows at 100.5-104 fall in
the window [90, 120), the row at 131 (and 132 in follow.csv) in [120, 150).'
. "$(dirname "$0")/test-lib.sh"

G="$TEST_DATA/golden/hosts"

test_expect_success '--window 30: one row per host and window, written in order' '
	osfp-hosts --window 30 "$G/pred.csv" >out 2>err &&
	test_cmp "$G/window30.csv" out &&
	test ! -s err
'

test_expect_success '--follow: the first verdict of each host and each change' '
	osfp-hosts --follow "$G/follow.csv" >out &&
	test_cmp "$G/follow-mean.csv" out
'

test_expect_success '--follow --window: also the first verdict of each new window' '
	osfp-hosts --follow --window 30 "$G/follow.csv" >out &&
	test_cmp "$G/follow-window30.csv" out
'

test_expect_success '--follow --json' '
	osfp-hosts --follow --json --window 30 "$G/follow.csv" >out &&
	test $(wc -l <out) = 5 &&
	tail -n 1 out >actual &&
	echo "{\"host\":\"h1\",\"start\":120,\"n\":1,\"verdict\":\"b\",\"confidence\":1.0,\"runner_up\":\"a\",\"runner_up_confidence\":0.0,\"label\":\"b\"}" >expect &&
	test_cmp expect actual
'

test_expect_success '--follow --min-rows: a group is followed once it has the rows' '
	osfp-hosts --follow --min-rows 3 "$G/follow.csv" >out &&
	printf "%s\n" "host,start,n,verdict,confidence,runner_up,runner_up_confidence,label" \
	    "h1,100.5,3,a,0.5,b,0.3333333333333333,a" \
	    "h1,100.5,4,b,0.5,a,0.375,a" >expect &&
	test_cmp expect out
'

test_expect_success 'windows are exact: boundaries at the 19th decimal place, no double rounding' '
	cat >t.csv <<-\EOF &&
	src,time,p_x,p_y
	h,1795859249.9999999999999999999,1,0
	h,1795859250,0,1
	h,1795859250.0000000000000000001,0,1
	h,1795859279.999999,0,1
	h,1795859280.000000000,1,0
	EOF
	osfp-hosts --window 30 t.csv >out &&
	cut -d, -f1-4 out >actual &&
	printf "%s\n" host,start,n,verdict h,1795859220,1,x h,1795859250,3,y h,1795859280,1,x >expect &&
	test_cmp expect actual
'

test_expect_success 'fractional windows, negative times' '
	cat >t.csv <<-\EOF &&
	src,time,p_x,p_y
	h,-0.75,1,0
	h,-0.5,1,0
	h,-0.0000001,1,0
	h,0.25,1,0
	h,0.5,1,0
	h,1.2,1,0
	EOF
	osfp-hosts --window 0.5 t.csv >out &&
	cut -d, -f2,3 out >actual &&
	printf "%s\n" start,n -1,1 -0.5,2 0,1 0.5,1 1,1 >expect &&
	test_cmp expect actual
'

test_expect_success 'without --window, start is the earliest time, as written (no leading zeros)' '
	cat >t.csv <<-\EOF &&
	src,time,p_x,p_y
	h,1795859257.795076000,1,0
	h,1795859257.7950759999999999999,1,0
	g,0012.50,1,0
	EOF
	osfp-hosts t.csv >out &&
	cut -d, -f1,2 out >actual &&
	printf "%s\n" host,start h,1795859257.7950759999999999999 g,12.50 >expect &&
	test_cmp expect actual
'

test_expect_success 'rows out of time order are counted in the open window, with a note' '
	cat >t.csv <<-\EOF &&
	src,time,p_x,p_y
	h,10,1,0
	h,40,0,1
	g,41,0,1
	h,5,1,0
	g,20,1,0
	EOF
	osfp-hosts --window 30 t.csv >out 2>err &&
	cut -d, -f1-4 out >actual &&
	printf "%s\n" host,start,n,verdict h,0,1,x h,30,2,x g,30,2,x >expect &&
	test_cmp expect actual &&
	test_one_line err "^osfp-hosts: .t.csv.: 2 rows older than the open window counted in it"
'

# Tests with a process in the background (test_wait_lines).
test_expect_success 'to a pipe: a window is written as time moves past it, the input still open' '
	rm -f in.fifo out.fifo &&
	mkfifo in.fifo out.fifo && : >out || exit 1
	{ osfp-hosts --window 30 <in.fifo >out.fifo; echo $? >rc; } &
	cat out.fifo >out &
	exec 3>in.fifo &&
	head -n 7 "$G/pred.csv" >&3 &&
	test_wait_lines out 4 &&
	head -n 4 "$G/window30.csv" >expect &&
	test_cmp expect out &&
	echo "9,h1,200,a,a,1,0,0" >&3 &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0 &&
	{ cat "$G/window30.csv" && echo "h1,180,1,a,1.0,b,0.0,a"; } >expect &&
	test_cmp expect out
'

test_expect_success '--follow to a file: each verdict is written at once' '
	rm -f in.fifo out &&
	mkfifo in.fifo && : >out || exit 1
	{ osfp-hosts --follow <in.fifo >out; echo $? >rc; } &
	exec 3>in.fifo &&
	head -n 3 "$G/pred.csv" >&3 &&
	test_wait_lines out 3 &&
	head -n 3 "$G/follow-mean.csv" >expect &&
	test_cmp expect out &&
	exec 3>&- &&
	wait &&
	test "$(cat rc)" = 0
'

test_done
