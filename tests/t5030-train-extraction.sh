#!/bin/sh
test_description='osfp-train --extraction FILE (issue 17): the extraction
record of the training features travels in the model file, so that
osfp-flow-features --like MODEL extracts new flows with exactly its
parameters; the record is checked, and must be the training features'"'"' own'
. "$(dirname "$0")/test-lib.sh"

CAP="$TEST_DATA/shards/lab-a.pcapng"

test_expect_success 'setup: features of a labelled capture and their record' '
	osfp-pcapng-labels "$CAP" >lab.csv &&
	osfp-pcap-flows --labels lab.csv "$CAP" >flows.csv &&
	osfp-flow-features -f iat,stats --id src,time --dim-out x.rec flows.csv >feat.csv &&
	cp x.rec x.orig
'

test_expect_success 'the model holds the record after its kind, and is otherwise the same' '
	osfp-train -m ridge --extraction x.rec -o m.model feat.csv &&
	osfp-train -m ridge -o plain.model feat.csv &&
	sed -n "3,$(($(wc -l <x.rec) + 2))p" m.model >got &&
	test_cmp x.rec got &&
	grep -v "^extraction " m.model >a &&
	test_cmp plain.model a &&
	! grep -q "^extraction" plain.model
'

test_expect_success '--like MODEL on the training flows gives the training features' '
	osfp-flow-features --like m.model --id src,time flows.csv >again.csv &&
	test_cmp feat.csv again.csv
'

test_expect_success 'the model reads back: eval and predict on those features' '
	osfp-eval -m m.model again.csv >report &&
	grep -q "^Balanced Accuracy: " report &&
	osfp-predict -m m.model again.csv >pred.csv &&
	test $(wc -l <pred.csv) = $(wc -l <feat.csv)
'

test_expect_success 'every model kind keeps it; the record from standard input' '
	for k in logistic mlp rf; do
		osfp-train -m $k --epochs 5 --trees 2 --extraction - -o $k.model feat.csv <x.rec 2>/dev/null ||
		osfp-train -m $k --extraction - -o $k.model feat.csv <x.rec || return 1
		osfp-flow-features --like $k.model --id src,time flows.csv >k.csv || return 1
		test_cmp feat.csv k.csv || return 1
	done
'

test_expect_success 'training on some of its columns (--ignore) is allowed' '
	osfp-train -m ridge --ignore iat_0,duration --extraction x.rec -o sub.model feat.csv &&
	grep -q "^features $(($(head -n 1 feat.csv | tr , "\n" | grep -c -v "^flow$\|^sample$\|^label$\|^family$\|^src$\|^time$") - 2))\$" sub.model
'

test_expect_success 'features that are not the record'"'"'s: one line, exit 1, no model' '
	osfp-flow-features -f iat,stats --dim 5 --id src,time flows.csv >d5.csv &&
	test_expect_code 1 osfp-train -m ridge --extraction x.rec -o bad.model d5.csv 2>err &&
	test_one_line err "^osfp-train: .d5\.csv.: not the features of the extraction record .x\.rec.: features extracted with -f iat,stats --dim [0-9]+ \(iat_0\.\.iat_[0-9]+\); this input has iat_0\.\.iat_3$" &&
	test_must_fail test -e bad.model
'

test_expect_success 'a bad record: its file and line, exit 1' '
	sed "s/^extraction dim .*/extraction dim x/" x.rec >bad.rec &&
	test_expect_code 1 osfp-train -m ridge --extraction bad.rec -o bad.model feat.csv 2>err &&
	test_one_line err "^osfp-train: .bad\.rec.: line 6: extraction dim: .x. is not an integer in 2\.\.1000000$" &&
	test_expect_code 1 osfp-train -m ridge --extraction feat.csv -o bad.model feat.csv 2>err &&
	test_one_line err "^osfp-train: .feat\.csv.: no extraction record" &&
	test_expect_code 1 osfp-train -m ridge --extraction none.rec feat.csv 2>err >out &&
	test_one_line err "^osfp-train: .none\.rec.: cannot open" &&
	test_must_fail test -s out
'

test_expect_success 'usage errors: -m p0f, -o naming the record, both on standard input' '
	test_expect_code 2 osfp-train -m p0f --extraction x.rec feat.csv >out 2>err &&
	test_one_line err "^osfp-train: --extraction: a p0f database reads the syn columns alone" &&
	test_expect_code 2 osfp-train -m ridge --extraction x.rec -o x.rec feat.csv 2>err &&
	test_one_line err "^osfp-train: .x\.rec.: -o would overwrite --extraction$" &&
	test_cmp x.orig x.rec &&
	test_expect_code 2 osfp-train -m ridge --extraction - <feat.csv 2>err &&
	test_one_line err "cannot both be standard input"
'

test_expect_success 'a model whose record was spoiled: predict and eval name its line' '
	sed "s/^extraction fft 0/extraction fft 2/" m.model >spoilt.model &&
	test_expect_code 1 osfp-predict -m spoilt.model feat.csv >out 2>err &&
	test_one_line err "^osfp-predict: .spoilt\.model.: line 6: extraction fft: .2. is not 0 or 1$" &&
	test_must_fail test -s out &&
	test_expect_code 1 osfp-eval -m spoilt.model feat.csv >out 2>err &&
	test_one_line err "^osfp-eval: .spoilt\.model.: line 6: extraction fft: .2. is not 0 or 1$" &&
	sed "s/^extraction fft 0/extraction/" m.model >empty.model &&
	test_expect_code 1 osfp-predict -m empty.model feat.csv >out 2>err &&
	test_one_line err "^osfp-predict: .empty\.model.: line 6: .extraction. without a parameter$"
'

test_done
