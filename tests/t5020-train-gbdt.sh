#!/bin/sh
test_description='osfp-train -m gbdt: XGBoost gradient-boosted trees, the model file
carrying XGBoost'"'"'s JSON, options, early stopping, importances'
. "$(dirname "$0")/test-lib.sh"

NB="$TEST_DATA/reference/notebook"

# value of metric $2 (no class) in an osfp-eval --csv file $1
metric() {
	awk -F, -v m="$2" '$1 == m && $2 == "" { print $4 }' "$1"
}

test_expect_success 'setup: the notebook split' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv"
'

test_expect_success 'gbdt fits, evaluates and predicts' '
	osfp-train -m gbdt --rounds 20 -o g.model train.csv &&
	osfp-eval --csv -m g.model test.csv >g.csv &&
	awk -v b="$(metric g.csv balanced_accuracy)" "BEGIN { exit !(b > 0.35) }" &&
	osfp-predict -m g.model test.csv >pred.csv &&
	head -n 1 pred.csv >h && grep -q "^label,predicted,p_kali-linux,.*,p_windows-vista$" h &&
	test $(wc -l <pred.csv) = 283
'

test_expect_success 'the model file: osfp header, then XGBoost JSON on one line' '
	sed -n "1,2p;17p;70,71p" g.model >actual &&
	cat >expect <<-\EOM &&
	osfp-model 1
	kind gbdt
	features 52
	scaler none
	hyperparameters rounds=20 eta=0.29999999999999999 max_depth=6 min_child_weight=0.5 subsample=1 colsample=0.29999999999999999 lambda=1 max_bin=256 class_weight=balanced early_stop=0 valid_fraction=0.10000000000000001 tree_method=hist objective=multi:softprob
	EOM
	test_cmp expect actual &&
	grep -q "^gbdt_rounds 20$" g.model &&
	test $(grep -c "^xgboost_json {\"learner\":" g.model) = 1 &&
	tail -n 1 g.model >last && echo end >expect && test_cmp expect last
'

test_expect_success 'training is deterministic; -j 1 and -j 2 give the same model' '
	osfp-train -m gbdt --rounds 20 -j 1 -o g1.model train.csv &&
	osfp-train -m gbdt --rounds 20 -j 2 -o g2.model - <train.csv &&
	test_cmp g.model g1.model &&
	test_cmp g.model g2.model
'

test_expect_success 'the JSON extracts with sed and is valid' '
	sed -n "s/^xgboost_json //p" g.model >g.json &&
	test $(wc -l <g.json) = 1 &&
	/usr/bin/python3 -c "import json, sys; json.load(open(sys.argv[1]))" g.json
'

test_expect_success XGBOOST 'xgboost itself loads the JSON and predicts what osfp-predict does' '
	cat >xgb.py <<-\EOP &&
	import csv, sys
	import numpy as np, xgboost as xgb
	b = xgb.Booster(model_file=sys.argv[1])
	rows = list(csv.reader(open(sys.argv[2])))
	feats = [i for i, c in enumerate(rows[0]) if c != "label"]
	X = np.array([[float(r[i]) for i in feats] for r in rows[1:]], dtype=np.float32)
	P = b.predict(xgb.DMatrix(X))
	osfp = list(csv.reader(open(sys.argv[3])))[1:]
	worst = max(abs(float(o[2 + k]) - float(P[i][k])) for i, o in enumerate(osfp) for k in range(P.shape[1]))
	same = all(float(o[2 + k]) == float(P[i][k]) for i, o in enumerate(osfp) for k in range(P.shape[1]))
	print("rows", len(osfp), "classes", P.shape[1], "identical", same, "worst", worst)
	EOP
	/usr/bin/python3 xgb.py g.json test.csv pred.csv >out &&
	cat out &&
	grep -q "^rows 282 classes 13 identical True worst 0.0$" out
'

test_expect_success '--importances: gain, one row per feature, summing to 1' '
	osfp-train -m gbdt --rounds 20 --importances imp.csv -o /dev/null train.csv &&
	head -n 1 imp.csv >h && echo feature,importance >expect && test_cmp expect h &&
	test $(wc -l <imp.csv) = 53 &&
	awk -F, "NR > 1 { s += \$2 } END { exit !(s > 0.999999 && s < 1.000001) }" imp.csv
'

test_expect_success XGBOOST '--importances equal xgboost'"'"'s get_score("gain"), normalised' '
	cat >imp.py <<-\EOP &&
	import csv, sys
	import xgboost as xgb
	b = xgb.Booster(model_file=sys.argv[1])
	s = b.get_score(importance_type="gain")
	t = sum(s.values())
	osfp = list(csv.reader(open(sys.argv[2])))[1:]
	print(max(abs(float(r[1]) - s.get("f%d" % i, 0) / t) for i, r in enumerate(osfp)) < 1e-6)
	EOP
	/usr/bin/python3 imp.py g.json imp.csv >out && echo True >expect && test_cmp expect out
'

test_expect_success 'options change the model and its hyperparameters line' '
	osfp-train -m gbdt --rounds 5 --eta 0.1 --max-depth 3 --min-child-weight 2 \
		--subsample 0.8 --colsample 0.5 --lambda 2 --max-bin 64 --class-weight balanced \
		-s 7 -o o.model train.csv &&
	grep -q "^hyperparameters rounds=5 eta=0.10000000000000001 max_depth=3 min_child_weight=2 subsample=0.80000000000000004 colsample=0.5 lambda=2 max_bin=64 class_weight=balanced " o.model &&
	grep -q "^seed 7$" o.model && grep -q "^gbdt_rounds 5$" o.model &&
	osfp-train -m gbdt --rounds 5 --eta 0.1 --max-depth 3 --min-child-weight 2 \
		--subsample 0.8 --colsample 0.5 --lambda 2 --max-bin 64 --class-weight balanced \
		-s 8 -o o8.model train.csv &&
	! cmp -s o.model o8.model
'

test_expect_success EXPENSIVE 'early stopping on a stratified validation part keeps the best round' '
	osfp-train -v -m gbdt --rounds 300 --eta 0.5 --early-stop 3 -o es.model train.csv 2>err &&
	r=$(sed -n "s/^gbdt_rounds //p" es.model) && test "$r" -lt 300 &&
	grep -q "^osfp-train: xgboost: $r rounds, validation log loss [0-9]" err &&
	grep -q " early_stop=3 valid_fraction=0.10000000000000001 " es.model
'

test_expect_success EXPENSIVE 'early stopping on --valid FILE' '
	osfp-train -v -m gbdt --rounds 300 --eta 0.5 --early-stop 3 --valid test.csv \
		-o ev.model train.csv 2>err &&
	r=$(sed -n "s/^gbdt_rounds //p" ev.model) && test "$r" -lt 300 &&
	grep -q " early_stop=3 valid_rows=282 " ev.model
'

test_expect_success 'a two-class problem' '
	head -n 1 "$NB/sample-features.csv" >bin.csv &&
	grep -E ",windows-(10-pro|7-pro)$" "$NB/sample-features.csv" >>bin.csv &&
	osfp-train -m gbdt --rounds 10 -o b.model bin.csv &&
	grep -q "^classes 2$" b.model &&
	osfp-eval -m b.model bin.csv >out && grep -q "^Balanced Accuracy: " out
'

# name ~ setup ~ command ~ exit ~ stderr pattern ~ stdout
. "$TEST_DIR/badinput-lib.sh"
P=osfp-train
bad_table <<EOF_CASES
gbdt option with another kind~:~$P -m rf --eta 0.1 train.csv~2~^$P: --eta needs -m gbdt\$~empty
--valid with another kind~:~$P -m rf --valid test.csv train.csv~2~^$P: --valid needs -m gbdt\$~empty
--valid without --early-stop~:~$P -m gbdt --valid test.csv train.csv~2~^$P: --valid needs --early-stop N\$~empty
eta 0~:~$P -m gbdt --eta 0 train.csv~2~^$P: eta '0' is not a number > 0\$~empty
subsample over 1~:~$P -m gbdt --subsample 1.5 train.csv~2~^$P: subsample '1.5' is not a number in \(0, 1\]\$~empty
rounds 0~:~$P -m gbdt --rounds 0 train.csv~2~^$P: rounds '0' is not an integer~empty
max-depth none~:~$P -m gbdt --max-depth none train.csv~2~^$P: max-depth 'none' is not an integer~empty
class-weight other~:~$P -m gbdt --class-weight auto train.csv~2~^$P: class-weight 'auto' is neither balanced nor none\$~empty
--valid file missing~:~$P -m gbdt --early-stop 2 --valid no.csv train.csv~1~^$P: 'no.csv': cannot open~empty
--valid with an unseen label~sed '\$s/,[^,]*\$/,beos/' test.csv >v.csv~$P -m gbdt --early-stop 2 --valid v.csv train.csv~1~^$P: 'v.csv': line 283: label 'beos' is not one of the model's 13 classes~empty
--valid with another feature set~cut -d, -f1-10,53 test.csv >v.csv~$P -m gbdt --early-stop 2 --valid v.csv train.csv~1~^$P: 'v.csv': .*model feature~empty
a class too small to hold out~head -n 1 train.csv >s.csv && grep -m 5 ",windows-10\$" train.csv >>s.csv && grep -m 1 ",windows-7-pro\$" train.csv >>s.csv~$P -m gbdt --early-stop 2 s.csv~1~^$P: 's.csv': class 'windows-7-pro' has only 1 row, too few to stratify~empty
EOF_CASES

test_expect_success 'rf rejects --max-depth 0 but takes none (unlimited)' '
	osfp-train -m rf --trees 2 --max-depth none -o n.model train.csv &&
	grep -q " max_depth=0 " n.model &&
	test_expect_code 2 osfp-train -m rf --max-depth 0 train.csv >/dev/null 2>err &&
	test_one_line err "max-depth"
'

test_done
