#!/bin/sh
test_description='the README'"'"'s "Apply a saved model to a new capture" (issue
17), run as written: its commands, taken from README.md, on the lab sample
(train.pcapng) and tests/data/shards/lab-b.pcapng (new.pcapng); then the
mistake it shows (no --like) and the message it quotes'
. "$(dirname "$0")/test-lib.sh"

# readme_block N: the N-th indented block (4 spaces) of the section, without
# the indent
readme_block() {
	awk -v want="$1" '
	/^## / { on = $0 == "## Apply a saved model to a new capture"; next }
	!on { next }
	/^    / { if (!inb) { n++; inb = 1 } if (n == want) print substr($0, 5); next }
	{ inb = 0 }' "$OSFP_ROOT/README.md"
}

test_expect_success 'setup: the captures under the names the README uses' '
	ln -s "$OSFP_ROOT/data/lab/sample.pcapng" train.pcapng &&
	ln -s "$TEST_DATA/shards/lab-b.pcapng" new.pcapng &&
	readme_block 1 >example.sh &&
	test $(wc -l <example.sh) = 6 &&
	grep -q "^osfp-train -m rf --extraction x.rec -o m.model features.csv$" example.sh &&
	grep -q "^osfp-flow-features --like m.model new-flows.csv | osfp-predict -m m.model >predictions.csv$" example.sh
'

test_expect_success 'the example runs: one prediction per flow of the new capture' '
	sh -e example.sh 2>err &&
	test_must_fail test -s err &&
	test $(($(wc -l <predictions.csv) - 1)) = $(cut -d, -f1 new-flows.csv | sed 1d | sort -u | wc -l) &&
	head -n 1 predictions.csv | grep -q "^flow,predicted,p_kali-linux," &&
	grep -q "^extraction " m.model
'

test_expect_success 'the predictions are those of the model on the explicit options' '
	dim=$(sed -n "s/^extraction dim //p" x.rec) &&
	osfp-flow-features --dim $dim new-flows.csv >explicit.csv &&
	osfp-predict -m m.model explicit.csv >want.csv &&
	test_cmp want.csv predictions.csv
'

test_expect_success 'without --like: the refusal the README quotes, word for word' '
	readme_block 2 >mistake &&
	sed -n "1s/^\$ //p" mistake >cmd &&
	sed 1d mistake >want &&
	test $(wc -l <want) = 1 &&
	test_expect_code 1 sh -c "$(cat cmd)" >out 2>err &&
	test_cmp want err &&
	test_must_fail test -s out
'

test_done
