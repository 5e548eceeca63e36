#!/bin/sh
test_description='osfp-train, osfp-eval, osfp-predict: bad input gives one clear line, exit 1 or 2'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'setup: a small good dataset and its model' '
	printf "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,9,y\n2,2,x\n8,8,y\n" >ok.csv &&
	osfp-train -m logistic -o ok.model ok.csv &&
	osfp-train -m ridge -o ridge.model ok.csv
'

# Each case: exit status|program and arguments (IN is the input file)|input
# text (printf)|message (grep -E). A usage error (2) may be followed by the
# synopsis, so only its first line is checked.
while IFS='|' read -r code cmd content re; do
	test_expect_success "$cmd: $re" "
		printf '$content' >in.csv &&
		test_expect_code $code $cmd 2>err &&
		{ if [ $code = 2 ]; then head -n 1 err; else cat err; fi; } >err1 &&
		test_one_line err1 '$re'
	"
done <<'EOF_CASES'
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,y,z\n|in.csv.: line 3: column .b.: not a finite number: .y.
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,nan,z\n|line 3: column .b.: not a finite number: .nan.
1|osfp-train -m logistic in.csv|a,b,label\n1,2,x\n3,-inf,z\n|line 3: column .b.: not a finite number: .-inf.
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,1e999,z\n|line 3: column .b.: not a finite number: .1e999.
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,,z\n|line 3: column .b.: empty feature value
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,4\n|line 3: expected 3 fields, got 2
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,4,y,5\n|line 3: expected 3 fields, got 4
1|osfp-train -m ridge in.csv|a,b,lab\n1,2,x\n3,4,y\n|no label column .label.
1|osfp-train -m ridge --label cls in.csv|a,b,label\n1,2,x\n3,4,y\n|no label column .cls.
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,4,x\n|only one class \(.x.\): nothing to learn
1|osfp-train -m logistic in.csv|a,b,label\n|no data rows
1|osfp-train -m ridge in.csv|label,flow\nx,1\ny,2\n|no feature columns
1|osfp-train -m ridge in.csv|a,a,label\n1,2,x\n3,4,y\n|duplicate column .a.
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n3,4,\n|line 3: empty label
1|osfp-train -m ridge in.csv|a,b,label\n1,2,x\n"3,4,y\n|line 3: quoted field never closed
2|osfp-train -m svm in.csv|a,b,label\n1,2,x\n|unknown model kind .svm.
2|osfp-train in.csv|a,b,label\n1,2,x\n|no model kind
2|osfp-train -m ridge --alpha abc in.csv|a,b,label\n1,2,x\n|alpha .abc.
2|osfp-train -m logistic -C 0 in.csv|a,b,label\n1,2,x\n|C .0. is not a number > 0
2|osfp-train -m ridge --importances i.csv in.csv|a,b,label\n1,2,x\n|--importances needs -m rf
1|osfp-eval -m ok.model in.csv|a,b,label\n1,2,x\n3,4,q\n|line 3: label .q. is not one of the model.s 2 classes
1|osfp-eval -m ok.model in.csv|a,label\n1,x\n|model feature .b. is not a feature column of the input
1|osfp-eval -m ok.model in.csv|a,b,c,label\n1,2,3,x\n|column .c. is not one of the model.s 2 features
1|osfp-eval -m ok.model in.csv|a,b\n1,2\n|no label column .label.
1|osfp-eval -m ok.model in.csv|a,b,label\n|no data rows
1|osfp-eval -m ok.model in.csv|a,b,label\n1,inf,x\n|line 2: column .b.: not a finite number
1|osfp-predict -m ok.model in.csv|a,c\n1,2\n|model feature .b. is not a feature column of the input
1|osfp-predict -m ok.model in.csv|a,b\n1,2\n3\n|line 3: expected 2 fields, got 1
1|osfp-eval -m in.csv ok.csv|osfp-model 1\nkind logistic\nclasses 2\nclass x\nclass y\n|in.csv.: line 6: file ends where .features. was expected \(truncated\?\)
1|osfp-eval -m in.csv ok.csv|osfp-model 2\nkind logistic\n|line 1: model format version 2 is newer than this program reads \(1\)
1|osfp-eval -m in.csv ok.csv|osfp-model 1\nkind svm\n|line 2: unknown model kind .svm.
1|osfp-eval -m in.csv ok.csv|a,b,label\n1,2,x\n|line 1: not an osfp model file
1|osfp-predict -m in.csv ok.csv||in.csv.: line 1: not an osfp model file
1|osfp-eval -m in.csv ok.csv|osfp-model 1\nkind ridge\nclasses 2\nclass y\nclass x\n|line 5: classes are not sorted and distinct
1|osfp-eval -m nonexistent.model ok.csv||nonexistent.model.: cannot open
2|osfp-eval ok.csv||no model
EOF_CASES

test_expect_success 'a model cut at any line is refused with one line' '
	n=$(wc -l <ok.model) && i=1 &&
	while [ $i -lt $n ]; do
		head -n $i ok.model >cut.model &&
		test_expect_code 1 osfp-eval -m cut.model ok.csv 2>err >/dev/null &&
		test_one_line err "cut.model.: line" || return 1
		i=$((i + 1))
	done
'

test_expect_success 'a model cut inside the last weight line is refused' '
	head -c $(($(wc -c <ridge.model) - 30)) ridge.model >cut.model &&
	test_expect_code 1 osfp-eval -m cut.model ok.csv 2>err &&
	test_one_line err "cut.model.: line"
'

test_expect_success 'a non-finite weight in the model is refused' '
	sed "s/^intercept .*/intercept nan/" ridge.model >nan.model &&
	test_expect_code 1 osfp-eval -m nan.model ok.csv 2>err &&
	test_one_line err "not a finite number"
'

test_expect_success 'a model of two features used on features of another set' '
	printf "c,d,label\n1,2,x\n" >other.csv &&
	test_expect_code 1 osfp-predict -m ok.model other.csv 2>err &&
	test_one_line err "model feature .a. is not a feature column"
'

test_done
