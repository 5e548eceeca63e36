#!/bin/sh
test_description='bad-input matrix of osfp-split (issue 8): every case ends
with the expected status and one clear stderr line naming the input and line'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-split
S="$P --train tr.csv --test te.csv"

test_expect_success 'setup: a dataset of 30 rows, 3 classes' '
	mk_dataset ok.csv 30 &&
	$S ok.csv && test $(wc -l <tr.csv) = 25 && test $(wc -l <te.csv) = 7
'

# name ~ setup ~ command ~ exit ~ stderr ~ stdout (split writes files:
# stdout stays empty)
bad_table <<EOF_CASES
empty file~: >e.csv~$S e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
empty standard input~: >e.csv~$S - <e.csv~1~^$P: '<stdin>': empty input, no header row\$~empty
header only~head -n 1 ok.csv >h.csv~$S h.csv~1~^$P: 'h.csv': .*(empty|no data|0 samples)~empty
a PNG image~mk_png x.png~$S x.png~1~^$P: 'x.png': (line [0-9]+: |no label column)~empty
random bytes~mk_random rnd 4096 13~$S rnd~1~^$P: 'rnd': (line [0-9]+: |no label column)~empty
a pcap capture~cp "$TEST_DATA/public/tcpdump_babel.pcap" in.pcap~$S in.pcap~1~^$P: 'in.pcap': line [0-9]+: ~empty
ragged row~cp ok.csv r.csv && echo 31,1 >>r.csv~$S r.csv~1~^$P: 'r.csv': line 32: expected 4 fields, got 2\$~empty
quote never closed~cp ok.csv r.csv && printf '31,1,"2,c1\n32,1,2,c2\n' >>r.csv~$S r.csv~1~^$P: 'r.csv': line 32: quoted field never closed\$~empty
label column missing~cut -d, -f1-3 ok.csv >l.csv~$S l.csv~1~^$P: 'l.csv': .*no label column 'label'~empty
--label names a missing column~:~$S --label os ok.csv~1~^$P: 'ok.csv': .*no label column 'os'~empty
--group names a missing column~:~$S --group host ok.csv~1~^$P: 'ok.csv': .*host~empty
empty label~cp ok.csv r.csv && echo 31,1,2, >>r.csv~$S r.csv~1~^$P: 'r.csv': line 32: .*label~empty
duplicate column names~sed '1s/b/a/' ok.csv >d.csv~$S d.csv~1~^$P: 'd.csv': line 1: duplicate column name 'a'\$~empty
a class with one row~cp ok.csv r.csv && echo 31,1,2,lonely >>r.csv~$S r.csv~1~^$P: 'r.csv': class 'lonely' has only 1 row~empty
one class only (sklearn splits it too)~sed 's/c[0-9]\$/c0/' ok.csv >one.csv~$S one.csv~0~-~empty
--time names a missing column~:~$S --time time ok.csv~1~^$P: 'ok.csv': no time column 'time'\$~empty
--time: a value that is not a time~sed '12s/^11,/11:30,/' ok.csv >r.csv~$S --time flow r.csv~1~^$P: 'r.csv': line 12: column 'flow': not an exact decimal time: '11:30'\$~empty
--time: an exponent~sed '12s/^11,/1.1e1,/' ok.csv >r.csv~$S --time flow r.csv~1~^$P: 'r.csv': line 12: column 'flow': not an exact decimal time: '1.1e1'\$~empty
--time: an empty time~sed '12s/^11,/,/' ok.csv >r.csv~$S --time flow r.csv~1~^$P: 'r.csv': line 12: column 'flow': not an exact decimal time: ''\$~empty
--time: 20 decimal places~sed '12s/^11,/11.00000000000000000001,/' ok.csv >r.csv~$S --time flow r.csv~1~^$P: 'r.csv': line 12: column 'flow': more than 19 decimal places: ~empty
--time: a class with one row~cp ok.csv r.csv && echo 31,1,2,lonely >>r.csv~$S --time flow r.csv~1~^$P: 'r.csv': class 'lonely': with 1 samples and test size 0.2 the train set would be empty\$~empty
--time: no rows~head -n 1 ok.csv >h.csv~$S --time flow h.csv~1~^$P: 'h.csv': .*0 samples~empty
NaN, infinity and 1e400 are passed through (split reads no numbers)~sed '2s/,[0-9]*,c/,nan,c/; 3s/,[0-9]*,c/,1e400,c/; 4s/,[0-9]*,c/,-inf,c/' ok.csv >n.csv~$S n.csv~0~-~empty
# ---- usage
test size over 1~:~$P -p 1.5 --train tr.csv --test te.csv ok.csv~2~test size~empty
test size not a number~:~$P -p some --train tr.csv --test te.csv ok.csv~2~test size~empty
seed not a number~:~$P -s x --train tr.csv --test te.csv ok.csv~2~^$P: seed 'x' is not an integer in \[0, 4294967295\]$~empty
seed over 32 bits~:~$P -s 4294967296 --train tr.csv --test te.csv ok.csv~2~^$P: seed '4294967296' is not an integer in \[0, 4294967295\]$~empty
no --train~:~$P --test te.csv ok.csv~2~--train and --test~empty
unknown option~:~$S --bogus ok.csv~2~unrecognized option~empty
a file that does not exist~:~$S none.csv~1~^$P: 'none.csv': cannot open~empty
EOF_CASES

test_expect_success 'train side on a full disk: one line, exit 1' '
	test_expect_code 1 $P --train /dev/full --test te.csv ok.csv 2>err &&
	test_one_line err "^$P: write error on .*/dev/full.*: No space left on device"
'
test_expect_success 'test side on a full disk: one line, exit 1' '
	test_expect_code 1 $P --train tr.csv --test /dev/full ok.csv 2>err &&
	test_one_line err "^$P: write error on .*/dev/full.*: No space left on device"
'
test_expect_success 'train side to stdout, closed early: quiet, exit 1' '
	closed_stdout $P --train - --test te.csv ok.csv
'
test_expect_success 'train side to stdout, | head -1: the header, quiet' '
	head_one $P --train - --test te.csv ok.csv
'
test_expect_success 'train side to stdout on a full disk: one line, exit 1' '
	full_disk $P --train - --test te.csv ok.csv
'

test_done
