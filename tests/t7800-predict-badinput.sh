#!/bin/sh
test_description='bad-input matrix of osfp-predict (issue 8): every case
ends with the expected status and one clear stderr line naming the input and
line'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-predict

test_expect_success 'setup: a dataset, a model, the good predictions' '
	mk_dataset ok.csv 30 &&
	osfp-train -m logistic -o lg.model ok.csv &&
	osfp-train -m rf --trees 3 -o rf.model ok.csv &&
	osfp-train -m gbdt --rounds 3 -o gbdt.model ok.csv &&
	$P -m lg.model ok.csv >good.csv &&
	test $(wc -l <good.csv) = 31 &&
	cut -d, -f1-3 ok.csv >nolabel.csv
'
R="$P -m lg.model"

# name ~ setup ~ command ~ exit ~ stderr ~ stdout
# A bad row at line 32 (after 30 good rows): the header and the 30 rows'
# predictions are still written, then the one-line error.
bad_table <<EOF_CASES
empty file~: >e.csv~$R e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
empty standard input~: >e.csv~$R - <e.csv~1~^$P: '<stdin>': empty input, no header row\$~empty
header only: the header row~head -n 1 ok.csv >h.csv~$R h.csv~0~-~header
a PNG image~mk_png x.png~$R x.png~1~^$P: 'x.png': ~empty
random bytes~mk_random rnd 4096 29~$R rnd~1~^$P: 'rnd': ~empty
a pcap capture~cp "$TEST_DATA/public/tcpdump_babel.pcap" in.pcap~$R in.pcap~1~^$P: 'in.pcap': ~empty
ragged row~cp ok.csv r.csv && echo 31,1 >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: expected 4 fields, got 2\$~lines:31
quote never closed~cp ok.csv r.csv && printf '31,1,"2,c1\n' >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: quoted field never closed\$~lines:31
non-numeric feature~cp ok.csv r.csv && echo 31,x,2,c1 >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: 'x'\$~lines:31
NaN feature~cp ok.csv r.csv && echo 31,nan,2,c1 >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number~lines:31
-infinity feature~cp ok.csv r.csv && echo 31,1,-Infinity,c1 >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: column 'b': not a finite number~lines:31
1e400 feature~cp ok.csv r.csv && echo 31,1e400,2,c1 >>r.csv~$R r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number~lines:31
label column missing is fine~:~$R nolabel.csv~0~-~lines:31
label the model never saw is fine~cp ok.csv r.csv && echo 31,1,2,c9 >>r.csv~$R r.csv~0~-~lines:32
duplicate column names~sed '1s/b/a/' ok.csv >d.csv~$R d.csv~1~^$P: 'd.csv': line 1: duplicate column name 'a'\$~empty
one feature more~sed '1s/\$/,c/; 2,\$s/\$/,1/' ok.csv >w.csv~$R w.csv~1~^$P: 'w.csv': .*column 'c' is not one of the model's 2 features~empty
one feature fewer~cut -d, -f1,2,4 ok.csv >w.csv~$R w.csv~1~^$P: 'w.csv': .*model feature 'b' is not a feature column~empty
TSV input~tr , '\t' <ok.csv >t.tsv~$R t.tsv~0~-~lines:31
model truncated~head -n 12 lg.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: ~empty
model of a newer version~sed '1s/ 1\$/ 9/' rf.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line 1: model format version 9 is newer~empty
model of another kind~sed '2s/.*/kind ridge/' rf.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: ~empty
gbdt model of another kind~sed '2s/.*/kind mlp/' gbdt.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: ~empty
gbdt model predicts~:~$P -m gbdt.model ok.csv~0~-~lines:31
gbdt model with a bad row: the rows before it~cp ok.csv r.csv && echo 31,nan,2,c1 >>r.csv~$P -m gbdt.model r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number~lines:31
model is a dataset~:~$P -m ok.csv ok.csv~1~^$P: 'ok.csv': line 1: not an osfp model file~empty
no model~:~$P ok.csv~2~no model~empty
min-confidence above 1~:~$R --min-confidence 1.5 ok.csv~2~^$P: --min-confidence: '1.5' is not a number in \\[0, 1\\]\$~empty
min-confidence not a number~:~$R --min-confidence x ok.csv~2~^$P: --min-confidence: 'x' is not~empty
min-confidence, bad row: the rows before still written~cp ok.csv r.csv && echo 31,x,2,c1 >>r.csv~$R --min-confidence 0.9 r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number~lines:31
unknown option~:~$R --bogus ok.csv~2~unrecognized option~empty
a file that does not exist~:~$R none.csv~1~^$P: 'none.csv': cannot open~empty
EOF_CASES

test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $R ok.csv
'
test_expect_success '| head -1: the header, quiet' '
	head_one $R ok.csv
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $R ok.csv
'
test_expect_success 'full disk, header only: one line, exit 1' '
	head -n 1 ok.csv >h.csv && full_disk $R h.csv
'

test_done
