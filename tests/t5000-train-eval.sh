#!/bin/sh
test_description='osfp-train, osfp-eval: notebook parity for ridge and logistic, options, model file'
. "$(dirname "$0")/test-lib.sh"

NB="$TEST_DATA/reference/notebook"

# value of metric $2 (no class) in an osfp-eval --csv file $1
metric() {
	awk -F, -v m="$2" '$1 == m && $2 == "" { print $4 }' "$1"
}

# |a - b| <= tol
close_to() {
	awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'
}

test_expect_success 'setup: the notebook split' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv"
'

test_expect_success 'ridge: the notebook line, 0.2871' '
	osfp-train -m ridge -o ridge.model train.csv &&
	osfp-eval -m ridge.model test.csv >out &&
	cp out ridge.out &&
	echo "Balanced Accuracy: 0.2871" >expect &&
	head -n 1 out >actual &&
	test_cmp expect actual
'

test_expect_success 'logistic: the notebook line, 0.2982' '
	osfp-train -m logistic -o logistic.model train.csv &&
	osfp-eval -m logistic.model test.csv >out &&
	echo "Balanced Accuracy: 0.2982" >expect &&
	head -n 1 out >actual &&
	test_cmp expect actual
'

test_expect_success 'eval --csv: sklearn 1.2.1 balanced accuracy to 1e-9' '
	osfp-eval --csv -m ridge.model test.csv >r.csv &&
	osfp-eval --csv -m logistic.model test.csv >l.csv &&
	close_to "$(metric r.csv balanced_accuracy)" 0.2870756602137058 1e-9 &&
	close_to "$(metric l.csv balanced_accuracy)" 0.29820503263340076 1e-9
'

test_expect_success 'eval --csv: per-class rows, supports sum to the test rows' '
	head -n 1 r.csv >hdr && echo "metric,class,predicted,value" >expect && test_cmp expect hdr &&
	test $(grep -c "^support," r.csv) = 13 &&
	test $(awk -F, "\$1 == \"support\" { s += \$4 } END { print s }" r.csv) = 282 &&
	test $(awk -F, "\$1 == \"confusion\" { s += \$4 } END { print s }" r.csv) = 282
'

test_expect_success 'eval text report: classes, accuracy, averages (sklearn classification_report) and the confusion matrix' '
	grep -q "^  0 kali-linux " out &&
	grep -q "^    accuracy .* 282$" out &&
	grep -q "^    macro avg  *0.3083  *0.2871  *0.2603  *282$" ridge.out &&
	grep -q "^    weighted avg  *0.3063  *0.3085  *0.2730  *282$" ridge.out &&
	grep -q "^confusion matrix" out &&
	test $(sed -n "/^confusion/,\$p" out | wc -l) = 15
'

test_expect_success 'the model file: version, kind, classes, features, scaler' '
	sed -n "1,3p;16,17p;69,70p;73,74p" logistic.model >actual &&
	cat >expect <<-\EOM &&
	osfp-model 1
	kind logistic
	classes 13
	class windows-vista
	features 52
	feature 51
	scaler standard
	hyperparameters C=1 max_iter=500 solver=lbfgs
	seed 42
	EOM
	test_cmp expect actual &&
	grep -q "^scaler standard$" logistic.model &&
	test $(grep -c "^w " logistic.model) = 13 &&
	tail -n 1 logistic.model >last && echo end >expect && test_cmp expect last
'

test_expect_success 'training is deterministic, and -j does not change the model' '
	osfp-train -m logistic -j 1 -o l1.model train.csv &&
	osfp-train -m logistic -j 2 -o l2.model - <train.csv &&
	test_cmp logistic.model l1.model &&
	test_cmp logistic.model l2.model
'

test_expect_success 'features matched by name: columns in another order' '
	awk -F, -v OFS=, "{ t = \$1; \$1 = \$52; \$52 = t; print }" test.csv >swapped.csv &&
	osfp-eval -m logistic.model swapped.csv >out2 &&
	osfp-eval -m logistic.model test.csv >out1 &&
	test_cmp out1 out2
'

test_expect_success 'TSV input gives the same model and report' '
	tr , "	" <train.csv >train.tsv && tr , "	" <test.csv >test.tsv &&
	osfp-train -m logistic -o tsv.model train.tsv &&
	test_cmp logistic.model tsv.model &&
	osfp-eval -m tsv.model test.tsv >out3 &&
	test_cmp out1 out3
'

test_expect_success 'options: --alpha, -C, --max-iter, --no-scale change the model' '
	osfp-train -m ridge --alpha 100 -o r100.model train.csv &&
	grep -q "^hyperparameters alpha=100 " r100.model && ! cmp -s r100.model ridge.model &&
	osfp-train -m logistic -C 0.01 --max-iter 3 -o lc.model train.csv &&
	grep -q "^hyperparameters C=0.01 max_iter=3 " lc.model &&
	osfp-train -m ridge --no-scale -o rns.model train.csv &&
	grep -q "^scaler none$" rns.model && ! grep -q "^mean " rns.model
'

test_expect_success 'setup: a two-class problem (windows-10-pro vs windows-7-pro)' '
	head -n 1 "$NB/sample-features.csv" >bin.csv &&
	grep -E ",windows-(10-pro|7-pro)$" "$NB/sample-features.csv" >>bin.csv &&
	osfp-split --train btr.csv --test bte.csv bin.csv
'

test_expect_success 'binary ridge and logistic: one weight row, sklearn accuracy' '
	osfp-train -m ridge -o br.model btr.csv &&
	osfp-train -m logistic -o bl.model btr.csv &&
	test $(grep -c "^w " br.model) = 1 && test $(grep -c "^w " bl.model) = 1 &&
	osfp-eval --csv -m br.model bte.csv >br.csv &&
	osfp-eval --csv -m bl.model bte.csv >bl.csv &&
	close_to "$(metric br.csv balanced_accuracy)" 0.7880434782608696 1e-9 &&
	close_to "$(metric bl.csv balanced_accuracy)" 0.825 1e-9
'

test_expect_success 'identifier columns and --ignore are not features' '
	awk -F, -v OFS=, "NR == 1 { print \"flow,host,\" \$0; next } { print NR - 2, \"h\" NR % 3, \$0 }" \
		train.csv >ids.csv &&
	osfp-train -m ridge --ignore host -o ids.model ids.csv &&
	grep -q "^features 52$" ids.model &&
	test_must_fail osfp-train -m ridge -o /dev/null ids.csv 2>err &&
	test_one_line err "column .host.: not a finite number"
'

test_expect_success 'mlp and rf models round-trip through the file' '
	osfp-train -m mlp --epochs 3 -s 1 -o mlp.model train.csv &&
	osfp-eval -m mlp.model test.csv >mout &&
	grep -q "^Balanced Accuracy: 0\.[0-9]\{4\}$" mout &&
	grep -q "^kind mlp$" mlp.model && grep -q "^scaler standard$" mlp.model &&
	osfp-train -m rf --trees 3 -j 2 -o rf.model --importances imp.csv train.csv &&
	osfp-eval -m rf.model test.csv >rout &&
	grep -q "^Balanced Accuracy: 0\.[0-9]\{4\}$" rout &&
	grep -q "^scaler none$" rf.model &&
	test $(wc -l <imp.csv) = 53 && head -n 1 imp.csv >h && echo feature,importance >expect &&
	test_cmp expect h
'

test_expect_success EXPENSIVE,SKLEARN 'scripts/parity-models: split, ridge, logistic identical to sklearn' '
	"$OSFP_ROOT/scripts/parity-models" --models ridge,logistic --bin "$OSFP_BIN" >parity.out &&
	grep -q "identical rows and order: yes" parity.out &&
	grep -q "^ridge  *0.2871  *0.2871" parity.out &&
	grep -q "^logistic  *0.2982  *0.2982" parity.out
'

test_done
