#!/bin/sh
test_description='osfp-hosts --score: balanced accuracy of the verdicts

Golden reports by hand. score.csv: h1 has three rows labelled a, b, a (its
label: a, counted once), h2 is wrong, h3 has no label (not scored), h4 is
right, h5 is labelled c, a class the model does not know. Recalls: a 1/1,
b 1/2, c 0/1: balanced accuracy 0.5.'
. "$(dirname "$0")/test-lib.sh"

G="$TEST_DATA/golden/hosts"

test_expect_success 'one group counted once, with its most frequent label' '
	osfp-hosts --score "$G/score.csv" >out &&
	test_cmp "$G/score.txt" out
'

test_expect_success 'an unknown verdict is wrong' '
	osfp-hosts --score --min-confidence 0.55 "$G/pred.csv" >out &&
	cat >expect <<-\EOF &&
	Balanced Accuracy: 0.6667

	  # class           recall   support
	  0 a               0.0000         1
	  1 b               1.0000         1
	  2 c               1.0000         1

	groups scored: 3 (verdict unknown: 1); without a label: 0
	EOF
	test_cmp expect out
'

test_expect_success 'per window: each host-window is one group' '
	osfp-hosts --score --window 30 "$G/pred.csv" >out &&
	head -n 1 out >actual &&
	echo "Balanced Accuracy: 1.0000" >expect &&
	test_cmp expect actual &&
	tail -n 1 out >actual &&
	echo "groups scored: 4 (verdict unknown: 0); without a label: 0" >expect &&
	test_cmp expect actual
'

test_expect_success '--min-rows: groups not written are not scored' '
	osfp-hosts --score --min-rows 2 "$G/score.csv" >out &&
	tail -n 1 out >actual &&
	echo "groups scored: 1 (verdict unknown: 0); without a label: 0" >expect &&
	test_cmp expect actual
'

test_expect_success SKLEARN 'the balanced accuracy is sklearn s on the written groups' '
	osfp-hosts --window 3 --rule vote "$G/score.csv" >rows.csv &&
	osfp-hosts --window 3 --rule vote --score "$G/score.csv" >out &&
	/usr/bin/python3 -c "
import csv
from sklearn.metrics import balanced_accuracy_score as b
r = [x for x in csv.DictReader(open(\"rows.csv\")) if x[\"label\"]]
print(\"Balanced Accuracy: %.4f\" % b([x[\"label\"] for x in r], [x[\"verdict\"] for x in r]))
" >expect &&
	head -n 1 out >actual &&
	test_cmp expect actual
'

test_done
