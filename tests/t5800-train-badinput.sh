#!/bin/sh
test_description='bad-input matrix of osfp-train (issue 8): every case ends
with the expected status and one clear stderr line naming the input and line;
no model is written on an error'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-train
T="$P -m logistic"

test_expect_success 'setup: a dataset of 30 rows, 3 classes' '
	mk_dataset ok.csv 30 && $T ok.csv >ok.model
'

# name ~ setup ~ command ~ exit ~ stderr ~ stdout (the model)
bad_table <<EOF_CASES
empty file~: >e.csv~$T e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
empty standard input~: >e.csv~$T - <e.csv~1~^$P: '<stdin>': empty input, no header row\$~empty
header only~head -n 1 ok.csv >h.csv~$T h.csv~1~^$P: 'h.csv': no data rows~empty
a PNG image~mk_png x.png~$T x.png~1~^$P: 'x.png': (line [0-9]+: |no label column)~empty
random bytes~mk_random rnd 4096 17~$T rnd~1~^$P: 'rnd': (line [0-9]+: |no label column)~empty
a pcap capture~cp "$TEST_DATA/public/tcpdump_babel.pcap" in.pcap~$T in.pcap~1~^$P: 'in.pcap': line [0-9]+: ~empty
a model file as data~:~$T ok.model~1~^$P: 'ok.model': ~empty
ragged row~cp ok.csv r.csv && echo 31,1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: expected 4 fields, got 2\$~empty
quote never closed~cp ok.csv r.csv && printf '31,1,"2,c1\n' >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: quoted field never closed\$~empty
non-numeric feature~cp ok.csv r.csv && echo 31,one,2,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: 'one'\$~empty
NaN feature~cp ok.csv r.csv && echo 31,NaN,2,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: 'NaN'\$~empty
NaN feature, gbdt~cp ok.csv r.csv && echo 31,NaN,2,c1 >>r.csv~$P -m gbdt r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: 'NaN'\$~empty
infinity feature~cp ok.csv r.csv && echo 31,1,inf,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'b': not a finite number: 'inf'\$~empty
1e400 feature~cp ok.csv r.csv && echo 31,1e400,2,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: '1e400'\$~empty
hex float feature~cp ok.csv r.csv && echo 31,0x10,2,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number: '0x10'\$~empty
empty feature~cp ok.csv r.csv && echo 31,,2,c1 >>r.csv~$T r.csv~1~^$P: 'r.csv': line 32: column 'a': empty feature value\$~empty
label column missing~cut -d, -f1-3 ok.csv >l.csv~$T l.csv~1~^$P: 'l.csv': .*no label column 'label'~empty
duplicate column names~sed '1s/b/a/' ok.csv >d.csv~$T d.csv~1~^$P: 'd.csv': line 1: duplicate column name 'a'\$~empty
one class only~sed 's/c[0-9]\$/c0/' ok.csv >one.csv~$T one.csv~1~^$P: 'one.csv': only one class~empty
one class only, gbdt~sed 's/c[0-9]\$/c0/' ok.csv >one.csv~$P -m gbdt one.csv~1~^$P: 'one.csv': only one class~empty
a gbdt model as data~$P -m gbdt --rounds 2 -o g.model ok.csv~$P -m gbdt g.model~1~^$P: 'g.model': ~empty
no feature column~cut -d, -f1,4 ok.csv >nf.csv~$T nf.csv~1~^$P: 'nf.csv': no feature columns~empty
# ---- usage
no model kind~:~$P ok.csv~2~model kind~empty
unknown model kind~:~$P -m svm ok.csv~2~svm~empty
bad hyperparameter~:~$P -m rf --trees zero ok.csv~2~trees~empty
unknown option~:~$T --bogus ok.csv~2~unrecognized option~empty
a file that does not exist~:~$T none.csv~1~^$P: 'none.csv': cannot open~empty
EOF_CASES

test_expect_success 'model to stdout, closed early: quiet, exit 1' '
	closed_stdout $T ok.csv
'
test_expect_success 'rf model to stdout, | head -1: the version line, quiet' '
	head_one $P -m rf --trees 3 ok.csv && grep -q "^osfp-model " out
'
test_expect_success 'model to stdout on a full disk: one line, exit 1' '
	full_disk $T ok.csv
'
test_expect_success 'model to -o /dev/full: one line, exit 1' '
	test_expect_code 1 $T -o /dev/full ok.csv 2>err &&
	test_one_line err "^$P: write error on .*/dev/full.*: No space left on device"
'
test_expect_success 'importances to /dev/full: one line, exit 1' '
	test_expect_code 1 $P -m rf --trees 3 --importances /dev/full -o m.model ok.csv 2>err &&
	test_one_line err "/dev/full.*: No space left on device"
'
test_expect_success 'gbdt importances to /dev/full: one line, exit 1' '
	test_expect_code 1 $P -m gbdt --rounds 2 --importances /dev/full -o m.model ok.csv 2>err &&
	test_one_line err "/dev/full.*: No space left on device"
'
test_expect_success 'gbdt model to -o /dev/full: one line, exit 1' '
	test_expect_code 1 $P -m gbdt --rounds 2 -o /dev/full ok.csv 2>err &&
	test_one_line err "^$P: write error on .*/dev/full.*: No space left on device"
'

test_done
