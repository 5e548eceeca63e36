#!/bin/sh
test_description='scripts/plot: confusion matrix, recall and importances as PNG
and SVG with gnuplot; without gnuplot one line and the pipeline goes on'
. "$(dirname "$0")/test-lib.sh"

PLOT="$OSFP_ROOT/scripts/plot"
NB="$TEST_DATA/reference/notebook"

# is_png FILE: the PNG signature, then an IHDR chunk of a non-empty image
is_png() {
	test "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a &&
	test "$(head -c 16 "$1" | tail -c 4)" = IHDR &&
	test "$(head -c 24 "$1" | tail -c 8 | od -An -tu1 | tr -s ' ' | cut -d' ' -f2-8)" != "0 0 0 0 0 0 0"
}
# is_svg FILE: an XML declaration, one svg element, closed at the end
is_svg() {
	head -n 1 "$1" | grep -q "^<?xml " &&
	test $(grep -c "^<svg" "$1") = 1 &&
	sed "/^\$/d" "$1" | tail -n 1 | grep -q "^</svg>$"
}

# PATH without gnuplot: every other program of /usr/bin, and osfp's
no_gnuplot_path() {
	mkdir -p nognu &&
	for p in /usr/bin/*; do
		case "${p##*/}" in gnuplot*) ;; *) ln -sf "$p" nognu/ ;; esac
	done &&
	echo "$PWD/nognu:$OSFP_BIN"
}

test_expect_success 'setup: a model, its osfp-eval --csv, its importances' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv" &&
	osfp-train -m rf --trees 10 --importances imp.csv -o rf.model train.csv &&
	osfp-eval --csv -m rf.model test.csv >eval.csv &&
	osfp-eval -t -m rf.model test.csv >eval.tsv
'

for kind in confusion recall; do
	test_expect_success GNUPLOT "$kind: PNG and SVG" "
		\"\$PLOT\" $kind -o $kind.png eval.csv &&
		is_png $kind.png &&
		\"\$PLOT\" $kind -o $kind.svg eval.csv &&
		is_svg $kind.svg &&
		grep -q '>windows-vista<' $kind.svg && grep -q '>kali-linux<' $kind.svg
	"
done

test_expect_success GNUPLOT 'confusion: the counts in the cells, from TSV on stdin too' '
	"$PLOT" confusion -o c2.svg - <eval.tsv && is_svg c2.svg &&
	awk -F, "\$1 == \"confusion\" && \$4 > 0 { n++ } END { print n }" eval.csv >expect &&
	grep -c "<text><tspan font-family=\"sans\" >[0-9]*</tspan></text>" c2.svg >actual &&
	test_cmp expect actual
'

test_expect_success GNUPLOT 'importances: the top N as bars, PNG and SVG' '
	"$PLOT" importances -n 7 -o imp.png imp.csv && is_png imp.png &&
	"$PLOT" importances -n 7 -t "top 7" -o imp.svg imp.csv && is_svg imp.svg &&
	sort -t, -k2 -g -r imp.csv | head -n 1 | cut -d, -f1 >top1 &&
	grep -q ">$(cat top1)<" imp.svg && grep -q ">top 7<" imp.svg
'

test_expect_success GNUPLOT 'class names with quotes, commas and gnuplot markup are drawn as written' '
	q="\"x_{2}^\"\"q\"\"\"" &&
	printf "%s\n" "metric,class,predicted,value" "balanced_accuracy,,,0.5" \
		"recall,\"a,b\",,1" "recall,$q,,0" "support,\"a,b\",,3" \
		"confusion,\"a,b\",\"a,b\",3" "confusion,\"a,b\",$q,0" \
		"confusion,$q,\"a,b\",2" "confusion,$q,$q,0" >odd.csv &&
	"$PLOT" confusion -o odd.svg odd.csv && is_svg odd.svg &&
	grep -q ">a,b<" odd.svg && grep -q ">x_{2}^\"q\"<" odd.svg
'

# name ~ setup ~ command ~ exit ~ stderr ~ stdout
. "$TEST_DIR/badinput-lib.sh"
P=plot
bad_table <<EOF_CASES
unknown kind~:~"\$PLOT" pie eval.csv~2~^usage: plot ~empty
output neither png nor svg~:~"\$PLOT" recall -o r.pdf eval.csv~2~^plot: 'r.pdf': the output must end in .png or .svg\$~empty
-n not a number~:~"\$PLOT" importances -n x imp.csv~2~^plot: -n 'x' is not a positive integer\$~empty
no such input~:~"\$PLOT" recall -o r.png none.csv~1~^plot: 'none.csv': cannot open\$~empty
importances given to confusion~:~"\$PLOT" confusion -o r.png imp.csv~1~^plot: not osfp-eval --csv output~empty
eval given to importances~:~"\$PLOT" importances -o r.png eval.csv~1~^plot: not osfp-train --importances output~empty
eval without confusion rows~grep -v ^confusion eval.csv >nc.csv~"\$PLOT" confusion -o r.png nc.csv~1~^plot: no confusion rows~empty
EOF_CASES

test_expect_success 'without gnuplot: one line, exit 3, nothing written' '
	P=$(no_gnuplot_path) &&
	test_expect_code 3 env PATH="$P" "$PLOT" confusion -o none.png eval.csv 2>err &&
	test_one_line err "^plot: gnuplot not found, .none.png. not drawn \(Debian: apt-get install gnuplot-nox\)$" &&
	test ! -e none.png
'

test_expect_success GNUPLOT,EXPENSIVE 'scripts/notebook draws each model'"'"'s confusion matrix into its folder' '
	"$OSFP_ROOT/scripts/notebook" "$OSFP_ROOT/data/lab/sample.pcapng" nb >out 2>err &&
	test $(wc -l <out) = 5 && test ! -s err &&
	for m in ridge logistic mlp rf; do is_png nb/$m.confusion.png || return 1; done
'

test_expect_success EXPENSIVE 'scripts/notebook without gnuplot: one line, the same four results' '
	P=$(no_gnuplot_path) &&
	env PATH="$P" "$OSFP_ROOT/scripts/notebook" "$OSFP_ROOT/data/lab/sample.pcapng" nb2 >out2 2>err2 &&
	test_one_line err2 "^notebook: gnuplot not found: no confusion matrix plots" &&
	grep "Balanced Accuracy" out2 | sed "s/ *(.*//" >a2 &&
	printf "%s\n" "Ridge        Balanced Accuracy: 0.2871" "Logistic     Balanced Accuracy: 0.2982" \
		"NeuralNet    Balanced Accuracy: 0.4064" "RandomForest Balanced Accuracy: 0.5239" >expect &&
	test_cmp expect a2 &&
	! ls nb2/*.png 2>/dev/null
'

test_done
