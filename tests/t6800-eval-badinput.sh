#!/bin/sh
test_description='bad-input matrix of osfp-eval (issue 8): bad data and bad
model files (truncated, of another kind, of a newer version, of another
feature set) end with one clear stderr line, exit 1 or 2'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-eval

test_expect_success 'setup: a dataset and a model of each kind' '
	mk_dataset ok.csv 30 &&
	osfp-train -m logistic -o lg.model ok.csv &&
	osfp-train -m ridge -o ridge.model ok.csv &&
	osfp-train -m rf --trees 3 -o rf.model ok.csv &&
	osfp-train -m mlp --hidden 4 --epochs 30 -o mlp.model ok.csv 2>/dev/null &&
	osfp-train -m gbdt --rounds 3 -o gbdt.model ok.csv &&
	$P -m lg.model ok.csv >good.txt
'
E="$P -m lg.model"

# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
# ---- the data
empty file~: >e.csv~$E e.csv~1~^$P: 'e.csv': empty input, no header row\$~empty
header only~head -n 1 ok.csv >h.csv~$E h.csv~1~^$P: 'h.csv': no data rows~empty
a PNG image~mk_png x.png~$E x.png~1~^$P: 'x.png': ~empty
random bytes~mk_random rnd 4096 19~$E rnd~1~^$P: 'rnd': ~empty
ragged row~cp ok.csv r.csv && echo 31,1 >>r.csv~$E r.csv~1~^$P: 'r.csv': line 32: expected 4 fields, got 2\$~empty
quote never closed~cp ok.csv r.csv && printf '31,1,"2,c1\n' >>r.csv~$E r.csv~1~^$P: 'r.csv': line 32: quoted field never closed\$~empty
NaN feature~cp ok.csv r.csv && echo 31,nan,2,c1 >>r.csv~$E r.csv~1~^$P: 'r.csv': line 32: column 'a': not a finite number~empty
1e400 feature~cp ok.csv r.csv && echo 31,1,1e400,c1 >>r.csv~$E r.csv~1~^$P: 'r.csv': line 32: column 'b': not a finite number~empty
label column missing~cut -d, -f1-3 ok.csv >l.csv~$E l.csv~1~^$P: 'l.csv': .*no label column 'label'~empty
a label the model never saw~cp ok.csv r.csv && echo 31,1,2,c9 >>r.csv~$E r.csv~1~^$P: 'r.csv': line 32: label 'c9' is not one of the model's 3 classes~empty
duplicate column names~sed '1s/b/a/' ok.csv >d.csv~$E d.csv~1~^$P: 'd.csv': line 1: duplicate column name 'a'\$~empty
# ---- a feature set of another width than the model's
one feature more~sed '1s/\$/,c/; 2,\$s/\$/,1/' ok.csv >w.csv~$E w.csv~1~^$P: 'w.csv': .*column 'c' is not one of the model's 2 features~empty
one feature fewer~cut -d, -f1,2,4 ok.csv >w.csv~$E w.csv~1~^$P: 'w.csv': .*model feature 'b' is not a feature column~empty
features in another order (matched by name)~awk -F, -v OFS=, '{ print \$1, \$3, \$2, \$4 }' ok.csv >o.csv~$E o.csv~0~-~same:good.txt
# ---- the model file
model file empty~: >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': .*not an osfp model file~empty
model file is a CSV~:~$P -m ok.csv ok.csv~1~^$P: 'ok.csv': line 1: not an osfp model file~empty
model file is a PNG~mk_png m.model~$P -m m.model ok.csv~1~^$P: 'm.model': ~empty
model file is random bytes~mk_random m.model 2048 23~$P -m m.model ok.csv~1~^$P: 'm.model': ~empty
model of a newer version~sed '1s/ 1\$/ 2/' lg.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line 1: model format version 2 is newer~empty
model of another kind (rf header, logistic body)~sed '2s/.*/kind rf/' lg.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: ~empty
model of another kind (mlp header, rf body)~sed '2s/.*/kind mlp/' rf.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: ~empty
model of another kind (gbdt header, rf body)~sed '2s/.*/kind gbdt/' rf.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: expected 'gbdt_rounds'~empty
model of another kind (rf header, gbdt body)~sed '2s/.*/kind rf/' gbdt.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: expected 'forest_trees'~empty
gbdt model whose JSON is cut~sed 's/^\(xgboost_json .\{500\}\).*/\1/' gbdt.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: xgboost model: byte 500: ~empty
gbdt model whose JSON has a NaN~sed 's/"base_score":"5E-1"/"base_score":NaN/' gbdt.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: xgboost model: byte [0-9]+: unexpected byte 0x4e~empty
gbdt model for other features~sed 's/"num_feature":"2"/"num_feature":"3"/g' gbdt.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: xgboost model: num_feature is not~empty
model of an unknown kind~sed '2s/.*/kind svm/' lg.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line 2: unknown model kind 'svm'~empty
model with NaN weights~sed 's/^\(mean\|coef\|W1\) [^ ]*/\1 nan/' mlp.model >m.model~$P -m m.model ok.csv~1~^$P: 'm.model': line [0-9]+: .*not a finite number~empty
model with CR LF line ends (accepted)~sed 's/\$/\r/' lg.model >m.model~$P -m m.model ok.csv~0~-~same:good.txt
model file that does not exist~:~$P -m none.model ok.csv~1~^$P: 'none.model': cannot open~empty
# ---- usage
no model~:~$P ok.csv~2~no model~empty
unknown option~:~$E --bogus ok.csv~2~unrecognized option~empty
EOF_CASES

# A model cut at every line boundary and inside every line is refused
# with one line naming the model file (ridge, logistic, mlp, rf and gbdt).
# About 200 runs: skipped under valgrind (ASan still runs them).
for kind in ridge lg mlp rf gbdt; do
	test_expect_success EXPENSIVE "$kind model cut at every line and mid-line: one line, exit 1" "
		n=\$(wc -l <$kind.model) && i=1 &&
		while [ \$i -lt \$n ]; do
			head -n \$i $kind.model >cut.model &&
			test_expect_code 1 $P -m cut.model ok.csv >out 2>err &&
			test_one_line err \"^$P: 'cut.model': line\" &&
			test ! -s out &&
			c=\$(head -n \$((i + 1)) $kind.model | wc -c) &&
			head -c \$((c - 3)) $kind.model >cut.model &&
			test_expect_code 1 $P -m cut.model ok.csv >out 2>err &&
			test_one_line err \"^$P: 'cut.model': line\" || return 1
			i=\$((i + 1))
		done
	"
done

test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $E ok.csv
'
test_expect_success 'stdout closed early, --csv: quiet, exit 1' '
	closed_stdout $E --csv ok.csv
'
test_expect_success '| head -1: the first line, quiet' '
	head_one $E ok.csv
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $E ok.csv
'
test_expect_success 'full disk, --csv: one line, exit 1' '
	full_disk $E --csv ok.csv
'

test_done
