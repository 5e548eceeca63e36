#!/bin/sh
test_description='osfp-flow-features: bad input

Each case: one line on stderr naming the file and line, exit 1, and the
flows complete before the bad line still written (the widths computed from
them). Flow 0 below (1 s, 10 and 20 bytes) is complete in most cases; a
row that is not CSV at all (ragged, open quote) may belong to the open
flow, so that flow does not count as complete.'
. "$(dirname "$0")/test-lib.sh"

H=flow,iat_0,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,num_pkts,num_bytes
F0=0,1.0,1.0,2.0,30.0,15.0,5.0,12.5,15.0,17.5,10.0,20.0,2.0,30.0
F1=1,1.0,1.0,2.0,20.0,10.0,0.0,10.0,10.0,10.0,10.0,10.0,2.0,20.0

# name | options | input (printf format) | stderr after the file name (grep -E) |
# stdout: none, f0 (flow 0), f01 (flows 0 and 1), hdr (flow 0 with --header)
while IFS='|' read -r name opts input err out; do
	case "$name" in '#'*|'') continue ;; esac
	test_expect_success "$name" "
		printf '$input' >in.csv &&
		test_expect_code 1 osfp-flow-features $opts in.csv >out.csv 2>err &&
		test_one_line err '^osfp-flow-features: .in\\.csv.: $err' &&
		case $out in
		none) test_must_fail test -s out.csv ;;
		f0) printf '%s\n%s\n' '$H' '$F0' >want && test_cmp want out.csv ;;
		f01) printf '%s\n%s\n%s\n' '$H' '$F0' '$F1' >want && test_cmp want out.csv ;;
		hdr) test \$(grep -c '^0,' out.csv) = 1 ;;
		esac
	"
done <<'EOT'
no flow column||fl,time,len\n0,1,10\n|line 1: no column .flow.$|none
no time column||flow,times,len\n0,1,10\n|line 1: no column .time.$|none
no len column||flow,time\n0,1\n|line 1: no column .len.$|none
time not a number||flow,time,len\n0,1,10\n0,2,20\n1,x,10\n|line 4: column .time.: not a finite number: .x.$|f0
time nan||flow,time,len\n0,1,10\n0,2,20\n1,nan,10\n1,2,10\n|line 4: column .time.: not a finite number: .nan.$|f0
time inf||flow,time,len\n0,1,10\n0,2,20\n1,1,10\n1,-inf,10\n|line 5: column .time.: not a finite number: .-inf.$|f0
time 1e400||flow,time,len\n0,1,10\n0,2,20\n1,1e400,10\n|line 4: column .time.: not a finite number: .1e400.$|f0
time empty||flow,time,len\n0,1,10\n0,2,20\n1,,10\n|line 4: column .time.: not a finite number: ..$|f0
time with junk||flow,time,len\n0,1,10\n0,2,20\n1,1.5s,10\n|line 4: column .time.: not a finite number: .1.5s.$|f0
len not an integer||flow,time,len\n0,1,10\n0,2,20\n1,1,10.5\n|line 4: column .len.: not an integer in 0..2147483647: .10.5.$|f0
len negative||flow,time,len\n0,1,10\n0,2,20\n1,1,-1\n|line 4: column .len.: not an integer in 0..2147483647: .-1.$|f0
len too big||flow,time,len\n0,1,10\n0,2,20\n1,1,2147483648\n|line 4: column .len.: not an integer in 0..2147483647: .2147483648.$|f0
ttl out of range|--header -f stats|flow,time,len,ttl,tcpflags,link\n0,1,10,64,2,eth\n0,2,20,64,2,eth\n1,1,10,256,2,eth\n|line 4: column .ttl.: not an integer in 0..255: .256.$|hdr
tcpflags out of range|--header|flow,time,len,ttl,tcpflags,link\n0,1,10,64,512,eth\n|line 2: column .tcpflags.: not an integer in 0..511: .512.$|none
rows of a flow not contiguous||flow,time,len\n0,1,10\n0,2,20\n1,1,10\n1,2,10\n0,3,10\n|line 6: flow .0. continues after other flows \(the rows of a flow must be contiguous\)$|f01
ragged row||flow,time,len\n0,1,10\n0,2,20\n1,1,10,5\n|line 4: expected 3 fields, got 4$|none
quote never closed||flow,time,len\n0,1,10\n0,2,20\n1,1,"10\n|line 4: quoted field never closed$|none
EOT

# The streaming mode writes each flow as it ends: the same rows.
test_expect_success 'streaming (--dim): flows before the error written, one line' '
	printf "flow,time,len\n0,1,10\n0,2,20\n1,1,10\n1,x,20\n" >in.csv &&
	test_expect_code 1 osfp-flow-features --dim 2 in.csv >out.csv 2>err &&
	test_one_line err "line 5: column .time.: not a finite number: .x.$" &&
	printf "%s\n%s\n" "$H" "$F0" >want && test_cmp want out.csv
'

test_expect_success 'empty input: no header row' '
	: >in.csv &&
	test_expect_code 1 osfp-flow-features in.csv >out.csv 2>err &&
	test_one_line err "in.csv.: empty input, no header row$"
'

test_expect_success 'missing file' '
	test_expect_code 1 osfp-flow-features nosuch.csv >out.csv 2>err &&
	test_one_line err "nosuch.csv"
'

test_expect_success 'a closed stdout is not a crash' '
	printf "flow,time,len\n0,1,10\n0,2,20\n" >in.csv &&
	{ osfp-flow-features in.csv 2>err; echo $? >rc; } | true &&
	test "$(cat rc)" -le 1
'

test_done
