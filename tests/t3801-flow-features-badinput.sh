#!/bin/sh
test_description='bad-input matrix of osfp-flow-features (issue 8): every case
ends with the expected status, one clear stderr line naming the input and
line, and the flows complete before the fault on stdout'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-flow-features
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"
H=flow,time,len

test_expect_success 'setup: real flows with labels, and their features' '
	osfp-pcapng-labels "$FX" >lab.csv &&
	osfp-pcap-flows --labels lab.csv "$FX" >flows.csv &&
	test $(wc -l <flows.csv) = 152 &&
	$P --dim 10 flows.csv >feat10.csv 2>/dev/null &&
	test $(wc -l <feat10.csv) = 11 &&
	printf "$H\n0,1,10\n0,2,20\n" >one.csv &&
	$P --dim 2 one.csv >one.out 2>/dev/null &&
	tr , "\t" <flows.csv >flows.tsv
'
# line 77 of flows.csv is inside a flow; where it starts
CUT=$(head -n 76 "$TRASH/flows.csv" 2>/dev/null | wc -c)

# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
# ---- nothing, or not CSV
empty file~: >e.csv~$P e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
empty standard input~: >e.csv~$P - <e.csv~1~^$P: '<stdin>': empty input, no header row\$~empty
only blank lines~printf '\n\n \n' >e.csv~$P e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
header only: no flows, dim undefined~printf '$H\n' >h.csv~$P h.csv~1~^$P: 'h.csv': no flows~empty
header only with --dim: the header row~printf '$H\n' >h.csv~$P --dim 5 h.csv~0~-~header
a PNG image~mk_png x.png~$P x.png~1~^$P: 'x.png': line [0-9]+: ~empty
random bytes~mk_random rnd 4096 11~$P rnd~1~^$P: 'rnd': line [0-9]+: ~empty
a pcapng capture~cp "$FX" in.pcapng~$P in.pcapng~1~^$P: 'in.pcapng': line [0-9]+: ~empty
# ---- CSV damage. A row that is not CSV may belong to the open flow,
# which then does not count as complete (only the header is written when
# --dim streams); a complete flow before a bad value is written.
ragged row (too few fields)~printf '$H\n0,1,10\n0,2,20\n1,1\n1,2,20\n' >r.csv~$P --dim 2 r.csv~1~^$P: 'r.csv': line 4: expected 3 fields, got 2\$~header
ragged row (too many fields)~printf '$H\n0,1,10\n0,2,20\n1,1,10,9\n' >r.csv~$P --dim 2 r.csv~1~^$P: 'r.csv': line 4: expected 3 fields, got 4\$~header
quote never closed~printf '$H\n0,1,10\n0,2,20\n1,1,"10\n1,2,20\n' >r.csv~$P --dim 2 r.csv~1~^$P: 'r.csv': line 4: quoted field never closed\$~header
NUL byte~printf '$H\n0,1,10\n0,2,20\n1,1,1\0000\n' >r.csv~$P --dim 2 r.csv~1~^$P: 'r.csv': line 4: NUL byte~header
ragged row after a complete flow~printf '$H\n0,1,10\n0,2,20\n1,1,10\n1,2\n' >r.csv~$P --dim 2 r.csv~1~^$P: 'r.csv': line 5: expected 3 fields, got 2\$~same:one.out
bad value, widths from the quantile~printf '$H\n0,1,10\n0,2,20\n1,x,10\n' >n.csv~$P n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
real flows cut in the middle of a row~head -c $((CUT + 20)) flows.csv >cut.csv~$P --dim 10 cut.csv~1~^$P: 'cut.csv': line 77: expected 18 fields, got [0-9]+\$~any
duplicate column names~printf 'flow,time,len,time\n0,1,10,1\n' >d.csv~$P d.csv~1~^$P: 'd.csv': line 1: duplicate column name 'time'\$~empty
# ---- numbers
time non-numeric~printf '$H\n0,1,10\n0,2,20\n1,one,10\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
time NaN~printf '$H\n0,1,10\n0,2,20\n1,NaN,10\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
time infinity~printf '$H\n0,1,10\n0,2,20\n1,infinity,10\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
time 1e400~printf '$H\n0,1,10\n0,2,20\n1,1e400,10\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
time -1e400~printf '$H\n0,1,10\n0,2,20\n1,-1e400,10\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'time': ~same:one.out
len NaN~printf '$H\n0,1,10\n0,2,20\n1,1,nan\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'len': ~same:one.out
len 1e400~printf '$H\n0,1,10\n0,2,20\n1,1,1e400\n' >n.csv~$P --dim 2 n.csv~1~^$P: 'n.csv': line 4: column 'len': ~same:one.out
flow id non-numeric is an id like any other~printf '$H\n0,1,10\n0,2,20\nx,1,10\n' >n.csv~$P --dim 2 n.csv~0~-~lines:3
# ---- columns and flows
flow column missing~printf 'time,len\n1,10\n' >m.csv~$P m.csv~1~^$P: 'm.csv': line 1: no column 'flow'~empty
label column missing is fine (no label)~printf '$H\n0,1,10\n0,2,20\n' >m.csv~$P --dim 2 m.csv~0~-~same:one.out
a flow split in two places~printf '$H\n0,1,10\n0,2,20\n1,1,10\n1,2,10\n0,3,1\n' >s.csv~$P --dim 2 s.csv~1~^$P: 's.csv': line 6: flow '0' continues after other flows~lines:3
a one-packet flow is a flow~printf '$H\n0,1,10\n0,2,20\n1,1,10\n' >s.csv~$P --dim 2 s.csv~0~-~lines:3
TSV input~:~$P --dim 10 flows.tsv~0~-~same:feat10.csv
CR LF line ends~sed 's/\$/\r/' flows.csv >crlf.csv~$P --dim 10 crlf.csv~0~-~same:feat10.csv
# ---- usage
unknown feature set~:~$P -f iat,bogus flows.csv~2~bogus~empty
--dim zero~:~$P --dim 0 flows.csv~2~--dim~empty
--dim not a number~:~$P --dim many flows.csv~2~--dim~empty
two input files~:~$P flows.csv flows.csv~2~too many input files~empty
a file that does not exist~:~$P none.csv~1~^$P: 'none.csv': cannot open~empty
--dim-out on a full disk~:~$P --dim-out /dev/full flows.csv~1~/dev/full~any
EOF_CASES

# ---- output that cannot be written
test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $P --dim 10 flows.csv
'
test_expect_success 'stdout closed early, widths from the quantile: quiet, exit 1' '
	closed_stdout $P flows.csv
'
test_expect_success '| head -1: the header, quiet' '
	head_one $P --dim 10 flows.csv
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $P --dim 10 flows.csv
'
test_expect_success 'full disk, header only: one line, exit 1' '
	printf "$H\n" >h.csv && full_disk $P --dim 5 h.csv
'

test_done
