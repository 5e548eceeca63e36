#!/bin/sh
test_description='osfp-predict and osfp-eval refuse features made with other
extraction parameters than the model'"'"'s (issue 17): with the model'"'"'s
extraction record (osfp-train --extraction) they say which extraction it
was trained on and that osfp-flow-features --like MODEL makes it; without
one, the mismatch still points at --dim'
. "$(dirname "$0")/test-lib.sh"

TRAIN="$TEST_DATA/shards/lab-a.pcapng"
NEW="$TEST_DATA/shards/lab-b.pcapng"

test_expect_success 'setup: a model with its record, flows of another capture' '
	osfp-pcapng-labels "$TRAIN" >a.lab &&
	osfp-pcap-flows --labels a.lab "$TRAIN" >a.flows &&
	osfp-flow-features --dim-out x.rec a.flows >a.csv &&
	osfp-train -m ridge --extraction x.rec -o m.model a.csv &&
	osfp-train -m ridge -o bare.model a.csv &&
	osfp-pcapng-labels "$NEW" >b.lab &&
	osfp-pcap-flows --labels b.lab "$NEW" >b.flows &&
	osfp-flow-features b.flows >b.csv 2>/dev/null &&
	dim=$(sed -n "s/^extraction dim //p" x.rec) &&
	test $(head -n 1 b.csv | tr , "\n" | grep -c "^iat_") != $((dim - 1))
'

test_expect_success 'the widths of another capture: predict names the model'"'"'s extraction and --like' '
	dim=$(sed -n "s/^extraction dim //p" x.rec) &&
	bdim=$(($(head -n 1 b.csv | tr , "\n" | grep -c "^iat_") + 1)) &&
	test_expect_code 1 osfp-predict -m m.model b.csv >out 2>err &&
	test_one_line err "^osfp-predict: .b\.csv.: the model was trained on features extracted with -f iat,stats --dim $dim \(iat_0\.\.iat_$((dim - 2))\); this input has iat_0\.\.iat_$((bdim - 2)): extract with osfp-flow-features --like m\.model$" &&
	test_must_fail test -s out
'

test_expect_success 'osfp-eval says the same' '
	dim=$(sed -n "s/^extraction dim //p" x.rec) &&
	test_expect_code 1 osfp-eval -m m.model b.csv >out 2>err &&
	test_one_line err "^osfp-eval: .b\.csv.: the model was trained on features extracted with -f iat,stats --dim $dim \(iat_0\.\.iat_$((dim - 2))\); .*: extract with osfp-flow-features --like m\.model$" &&
	test_must_fail test -s out
'

test_expect_success '--like MODEL: the other capture predicted' '
	osfp-flow-features --like m.model b.flows >like.csv &&
	osfp-predict -m m.model like.csv >pred.csv &&
	test $(wc -l <pred.csv) = $(wc -l <like.csv)
'

test_expect_success 'other feature sets, the model from standard input: MODEL in the advice' '
	osfp-flow-features -f stats b.flows >st.csv &&
	test_expect_code 1 osfp-predict -m - st.csv <m.model >out 2>err &&
	test_one_line err "^osfp-predict: .st\.csv.: the model was trained on features extracted with -f iat,stats --dim [0-9]+ \(iat_0\.\.iat_[0-9]+\); this input has no iat_ columns: extract with osfp-flow-features --like MODEL$"
'

test_expect_success 'a column the record has but --ignore left out is not the difference' '
	test_expect_code 1 osfp-predict -m m.model --ignore iat_0 b.csv >out 2>err &&
	test_one_line err "; this input has iat_1\.\.iat_[0-9]+: extract with"
'

test_expect_success 'columns that are the record'"'"'s but not the model'"'"'s: the plain message' '
	osfp-train -m ridge --ignore duration --extraction x.rec -o sub.model a.csv &&
	test_expect_code 1 osfp-predict -m sub.model like.csv >out 2>err &&
	test_one_line err "^osfp-predict: .like\.csv.: column .duration. is not one of the model.s [0-9]+ features \(another feature set\? --ignore it if it is an identifier\)$" &&
	osfp-predict -m sub.model --ignore duration like.csv >out
'

test_expect_success 'no record in the model: the mismatch points at --dim and --like' '
	test_expect_code 1 osfp-predict -m bare.model b.csv >out 2>err &&
	test_one_line err "^osfp-predict: .b\.csv.: .* is not .*: features extracted with another --dim\? \(osfp-train --extraction records the training.s parameters, osfp-flow-features --like MODEL repeats them\)$" &&
	test_expect_code 1 osfp-eval -m bare.model b.csv >out 2>err &&
	test_one_line err "^osfp-eval: .b\.csv.: .*: features extracted with another --dim\? "
'

# The SAMP window length R cannot be seen in the columns: features made
# with another R have the model's names and are scored without a word.
# --like MODEL is the way to make them with the model's R.
test_expect_success 'SAMP: --like MODEL gives the model'"'"'s window, which the columns do not show' '
	osfp-flow-features -f samp_num --dim-out s.rec a.flows >sa.csv &&
	osfp-train -m ridge --extraction s.rec -o s.model sa.csv &&
	dim=$(sed -n "s/^extraction dim //p" s.rec) &&
	osfp-flow-features -f samp_num --dim $dim b.flows >own.csv 2>note &&
	grep -q "SAMP window from" note &&
	osfp-flow-features --like s.model b.flows >sl.csv &&
	head -n 1 own.csv >h1 && head -n 1 sl.csv >h2 && test_cmp h1 h2 &&
	test_must_fail cmp -s own.csv sl.csv &&
	rate=$(sed -n "s/^extraction samp-rate //p" s.rec) &&
	osfp-flow-features -f samp_num --dim $dim --samp-rate $rate b.flows >explicit.csv &&
	test_cmp explicit.csv sl.csv
'

test_done
