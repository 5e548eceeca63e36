#!/bin/sh
test_description='osfp-tune: k-fold cross-validation over a grid of osfp-train
options: the folds (sklearn'"'"'s), the table, the refit, failures'
. "$(dirname "$0")/test-lib.sh"

# drop column $2 (1-based) of CSV $1: the fit times vary from run to run
without_col() {
	awk -F, -v OFS=, -v c="$2" '{ $c = ""; print }' "$1"
}

test_expect_success 'setup: XOR of x and y (trees need depth 2), six hosts' '
	awk "BEGIN { srand(3); print \"flow,host,x,y,noise,label\";
	  for (i = 0; i < 120; i++) { a = i % 2; b = int(i / 2) % 2;
	    printf \"%d,h%d,%.3f,%.3f,%.3f,%s\n\", i, i % 6, a + rand() * 0.4, b + rand() * 0.4,
	      rand(), (a != b) ? \"yes\" : \"no\" } }" >xor.csv &&
	mkdir tmp && TMPDIR=$PWD/tmp && export TMPDIR
'

test_expect_success 'the known best: rf stumps cannot learn XOR, deep trees can' '
	osfp-tune -m rf -k 4 --ignore host --grid "max-depth=1,none;trees=20" xor.csv >out &&
	head -n 1 out >h && echo max-depth,trees,bacc_mean,bacc_std,fit_s,failed >expect &&
	test_cmp expect h &&
	test $(wc -l <out) = 3 &&
	sed -n 2p out | grep -q "^none,20,0\.[89]" &&
	sed -n 3p out | grep -q "^1,20,0\.[0-6]" &&
	sed -n "2,3p" out | cut -d, -f6 >failed && printf "0\n0\n" >expect && test_cmp expect failed
'

test_expect_success 'the temporary folder is gone' '
	test -z "$(ls tmp)"
'

test_expect_success 'reproducible: the same table with -j 1 and -j 2, read from stdin' '
	osfp-tune -m rf -k 4 -j 1 --ignore host --grid "max-depth=1,none;trees=20" xor.csv >a &&
	osfp-tune -m rf -k 4 -j 2 --ignore host --grid "max-depth=1,none;trees=20" - <xor.csv >b &&
	without_col a 5 >a5 && without_col b 5 >b5 && without_col out 5 >o5 &&
	test_cmp a5 b5 && test_cmp a5 o5
'

test_expect_success 'another seed, other folds: another table' '
	osfp-tune -m rf -k 4 -s 7 --ignore host --grid "max-depth=1,none;trees=20" xor.csv >s7 &&
	without_col s7 5 >s75 && ! cmp -s s75 o5
'

test_expect_success 'gbdt (every feature in every tree): depth 3 beats depth 1; -t writes TSV' '
	osfp-tune -m gbdt -t -k 4 --ignore host --grid "max-depth=1,3;rounds=20;colsample=1" xor.csv >g &&
	head -n 1 g | grep -q "^max-depth	rounds	colsample	bacc_mean	" &&
	sed -n 2p g | grep -q "^3	20	1	0\.9"
'

test_expect_success '-o refits the best options on every row' '
	osfp-tune -m rf -k 4 --ignore host --grid "max-depth=1,none;trees=20" -o best.model xor.csv >out2 &&
	grep -q "^hyperparameters trees=20 .* max_depth=0 " best.model &&
	grep -q "^features 3$" best.model &&
	osfp-eval -m best.model --ignore host xor.csv >e && grep -q "^Balanced Accuracy: 1\.0000$" e &&
	test -z "$(ls tmp)"
'

test_expect_success '--ignore adds up: --ignore host --ignore noise is --ignore host,noise' '
	osfp-tune -m rf -k 4 --ignore host --ignore noise --grid "trees=20" -o twice.model xor.csv >twice &&
	osfp-tune -m rf -k 4 --ignore host,noise --grid "trees=20" -o once.model xor.csv >once &&
	without_col twice 4 >twice4 && without_col once 4 >once4 && test_cmp once4 twice4 &&
	grep -q "^features 2$" twice.model &&
	test_cmp once.model twice.model
'

test_expect_success 'no grid: the defaults cross-validated, one row' '
	osfp-tune -m rf -k 3 --ignore host xor.csv >d &&
	test $(wc -l <d) = 2 && head -n 1 d | grep -q "^bacc_mean,bacc_std,fit_s,failed$"
'

test_expect_success '--group: no host in two folds; the group column is not a feature' '
	osfp-tune --print-folds -k 3 --group host xor.csv >gf &&
	awk -F, "NR == FNR { if (FNR > 1) h[FNR] = \$2; next }
		FNR > 1 { if ((h[FNR] in f) && f[h[FNR]] != \$2) bad = 1; f[h[FNR]] = \$2 }
		END { exit bad }" xor.csv gf &&
	osfp-tune -m rf -k 3 --group host --grid "trees=5" -o h.model xor.csv >out &&
	grep -q "^features 3$" h.model
'

test_expect_success '--time: forward chaining; rows before the first test block never tested' '
	osfp-tune --print-folds -k 3 --time noise --ignore host xor.csv >tf &&
	test $(grep -c ",$" tf) = 30 &&
	test $(grep -c ",2$" tf) = 30 &&
	osfp-tune -m rf -k 3 --time noise --ignore host --grid "trees=5" xor.csv >out &&
	test $(wc -l <out) = 2
'

test_expect_success SKLEARN '--print-folds: StratifiedKFold(shuffle=True) and GroupKFold, row for row' '
	cat >folds.py <<-\EOP &&
	import csv, sys
	import numpy as np
	from sklearn.model_selection import StratifiedKFold, GroupKFold
	rows = list(csv.DictReader(open(sys.argv[1])))
	y = [r["label"] for r in rows]
	g = [r["host"] for r in rows]
	X = np.zeros((len(rows), 1))
	if sys.argv[2] == "group":
	    sp = GroupKFold(int(sys.argv[3])).split(X, y, g)
	else:
	    sp = StratifiedKFold(int(sys.argv[3]), shuffle=True, random_state=int(sys.argv[4])).split(X, y)
	f = [0] * len(rows)
	for i, (tr, te) in enumerate(sp):
	    for r in te:
	        f[r] = i
	print("row,fold")
	for i, v in enumerate(f):
	    print("%d,%d" % (i + 1, v))
	EOP
	/usr/bin/python3 folds.py xor.csv strat 5 42 >expect &&
	osfp-tune --print-folds --ignore host xor.csv >actual && test_cmp expect actual &&
	/usr/bin/python3 folds.py xor.csv strat 4 9 >expect &&
	osfp-tune --print-folds -k 4 -s 9 --ignore host xor.csv >actual && test_cmp expect actual &&
	/usr/bin/python3 folds.py xor.csv group 4 >expect &&
	osfp-tune --print-folds -k 4 --group host xor.csv >actual && test_cmp expect actual
'

test_expect_success 'a failed fold is reported, its row left empty, exit 1' '
	awk -F, -v OFS=, "NR > 1 { \$6 = \$2 == \"h0\" ? \"a\" : \"b\" } { print }" xor.csv >one.csv &&
	test_expect_code 1 osfp-tune -m rf -k 2 --group host --grid "trees=5,10" one.csv >out 2>err &&
	grep -q "^osfp-tune: fold [12] of 1, osfp-train: .*: only one class (.b.): nothing to learn$" err &&
	grep -q "^osfp-tune: fold [12] of 2, osfp-train: .*: only one class (.b.): nothing to learn$" err &&
	test $(wc -l <err) = 2 &&
	printf "trees,bacc_mean,bacc_std,fit_s,failed\n5,,,,1\n10,,,,1\n" >expect && test_cmp expect out
'

test_expect_success 'with -o and every point failed: no model, a note' '
	test_expect_code 1 osfp-tune -m rf -k 2 --group host -o no.model one.csv >out 2>err &&
	test ! -e no.model && grep -q "no model written" err
'

test_expect_success 'a class in fewer rows than folds: a note, then the folds' '
	osfp-tune --print-folds -k 30 --ignore host one.csv >out 2>err &&
	test_one_line err "^osfp-tune: .one.csv.: class .a. has only 20 rows, fewer than the 30 folds$" &&
	test $(wc -l <out) = 121
'

. "$TEST_DIR/badinput-lib.sh"
P=osfp-tune
# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
no model kind~:~$P xor.csv~2~no model kind~empty
a grid part without =~:~$P -m rf --grid max-depth xor.csv~2~^$P: --grid: grid part 'max-depth' is not OPTION=VALUE~empty
an empty grid value~:~$P -m rf --grid 'trees=5,' xor.csv~2~^$P: --grid: grid option 'trees' has an empty value~empty
a grid option given twice~:~$P -m rf --grid 'trees=5;trees=6' xor.csv~2~given twice~empty
an option osfp-train refuses~:~$P -m rf --ignore host --grid 'trees=5;bogus=1' xor.csv~2~^$P: osfp-train refused the options: osfp-train: unrecognized option '--bogus'\$~empty
a value osfp-train refuses~:~$P -m rf --ignore host --grid 'trees=0' xor.csv~2~^$P: osfp-train refused the options: osfp-train: trees '0' is not an integer~empty
--group and --time~:~$P -m rf --group host --time x xor.csv~2~exclude each other~empty
one fold~:~$P -m rf -k 1 xor.csv~2~folds '1' is not an integer in \[2, 1000\]~empty
no such group column~:~$P -m rf --group site --ignore host xor.csv~1~^$P: 'xor.csv': no column 'site'\$~empty
more folds than groups~:~$P -m rf -k 7 --group host xor.csv~1~^$P: 'xor.csv': cannot have number of splits n_splits=7 greater than the number of groups: 6\$~empty
a time that is not a number~:~$P -m rf --time host xor.csv~1~^$P: 'xor.csv': data row 1: column 'host': not a finite number: 'h0'\$~empty
a feature that is not a number~:~$P -m rf xor.csv~1~^$P: 'xor.csv': line 2: column 'host': not a finite number: 'h0'\$~empty
no label column~cut -d, -f1-5 xor.csv >nl.csv~$P -m rf --ignore host nl.csv~1~^$P: 'nl.csv': .*no label column~empty
empty input~: >e.csv~$P -m rf e.csv~1~^$P: 'e.csv': empty input~empty
header only~head -n 1 xor.csv >h.csv~$P -m rf --ignore host h.csv~1~^$P: 'h.csv': no data rows\$~empty
EOF_CASES

test_expect_success 'after refused options and errors: no temporary folder left' '
	test -z "$(ls tmp)"
'

test_done
