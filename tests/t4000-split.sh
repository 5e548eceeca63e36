#!/bin/sh
test_description='osfp-split: sklearn train_test_split index for index, groups, errors'
. "$(dirname "$0")/test-lib.sh"

NB="$TEST_DATA/reference/notebook"

# rows of CSV $1 (0-based data-row indices listed in $2, in that order)
pick_rows() {
	awk -F, 'NR == FNR { a[NR - 1] = $0; next } { print a[$1 + 1] }' "$1" "$2"
}

# indices of a split side whose first column holds the row number
first_col() {
	awk -F, 'NR > 1 { printf "%s%s", sep, $1; sep = " " } END { print "" }' "$1"
}

test_expect_success 'notebook split: the reference rows in sklearn order' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv" &&
	head -n 1 "$NB/sample-features.csv" >expect-train &&
	cp expect-train expect-test &&
	pick_rows "$NB/sample-features.csv" "$NB/sample-split-train.txt" >>expect-train &&
	pick_rows "$NB/sample-features.csv" "$NB/sample-split-test.txt" >>expect-test &&
	test_cmp expect-train train.csv &&
	test_cmp expect-test test.csv
'

test_expect_success 'defaults are -p 0.2 -s 42 --label label; stdin works' '
	osfp-split -p 0.2 -s 42 --label label --train tr2.csv --test te2.csv - \
		<"$NB/sample-features.csv" &&
	test_cmp train.csv tr2.csv &&
	test_cmp test.csv te2.csv
'

test_expect_success 'another seed gives another split of the same sizes' '
	osfp-split -s 1 --train tr3.csv --test te3.csv "$NB/sample-features.csv" &&
	test $(wc -l <tr3.csv) = 1129 && test $(wc -l <te3.csv) = 283 &&
	! cmp -s tr3.csv train.csv
'

test_expect_success '-p as a count, and -t writes TSV' '
	osfp-split -p 100 -t --train tr4.tsv --test te4.tsv "$NB/sample-features.csv" &&
	test $(wc -l <te4.tsv) = 101 &&
	head -n 1 tr4.tsv | grep -q "	label$"
'

test_expect_success 'setup: 40 rows on 9 hosts' '
	awk "BEGIN { print \"row,host,label\"; for (i = 0; i < 40; i++)
		print i \",h\" (i * 7) % 9 \",c\" i % 2 }" >hosts.csv
'

test_expect_success '--group: GroupShuffleSplit(test_size=0.2, random_state=42)' '
	osfp-split --group host --train g-tr.csv --test g-te.csv hosts.csv &&
	echo "0 2 3 5 6 7 8 9 11 12 14 15 16 17 18 20 21 23 24 25 26 27 29 30 32 33 34 35 36 38 39" >expect &&
	first_col g-tr.csv >actual && test_cmp expect actual &&
	echo "1 4 10 13 19 22 28 31 37" >expect &&
	first_col g-te.csv >actual && test_cmp expect actual
'

test_expect_success '--group: no host on both sides' '
	cut -d, -f2 g-tr.csv | sort -u >htr && cut -d, -f2 g-te.csv | sort -u >hte &&
	test -z "$(comm -12 htr hte | grep -v host)"
'

test_expect_success '--no-stratify: train_test_split(test_size=0.2, random_state=7)' '
	osfp-split --no-stratify -s 7 --train s-tr.csv --test s-te.csv hosts.csv &&
	echo "9 36 29 21 13 27 5 15 20 24 11 0 12 30 16 39 6 7 31 26 10 33 38 8 35 14 28 23 19 3 25 4" >expect &&
	first_col s-tr.csv >actual && test_cmp expect actual &&
	echo "17 37 34 18 32 1 22 2" >expect &&
	first_col s-te.csv >actual && test_cmp expect actual
'

test_expect_success 'quoted fields pass through intact' '
	printf "x,label\n\"1,5\",a\n2,a\n3,\"b c\"\n4,\"b c\"\n5,a\n6,\"b c\"\n7,a\n8,\"b c\"\n9,a\n10,\"b c\"\n" >q.csv &&
	osfp-split --train q-tr.csv --test q-te.csv q.csv &&
	cat q-tr.csv q-te.csv >both &&
	grep -q "^\"1,5\",a$" both && test $(grep -c "b c" both) = 5
'

# bad input, one case a line: exit status|what|arguments|input|message (grep -E);
# a usage error (2) may be followed by the synopsis
while IFS='|' read -r code desc args content re; do
	test_expect_success "error: $desc" "
		printf '$content' >in.csv &&
		test_expect_code $code osfp-split $args in.csv 2>err &&
		{ if [ $code = 2 ]; then head -n 1 err; else cat err; fi; } >err1 &&
		test_one_line err1 '$re'
	"
done <<'EOF_CASES'
1|a class of one row|--train a --test b|x,label\n1,a\n2,a\n3,b\n4,a\n5,a\n|in.csv.: class .b. has only 1 row
1|fewer test rows than classes|--train a --test b|x,label\n1,a\n2,a\n3,b\n4,b\n|test size 1 is smaller than the number of classes 2
1|no label column|--train a --test b|x,y\n1,a\n2,a\n|no label column .label.
1|no group column|--group h --train a --test b|x,label\n1,a\n2,a\n|no group column .h.
1|an empty label|--train a --test b|x,label\n1,a\n2,\n3,a\n|line 3: empty label
1|a ragged row|--train a --test b|x,label\n1,a\n2\n|line 3: expected 2 fields, got 1
1|an empty train side|-p 0.99 --train a --test b|x,label\n1,a\n2,a\n3,b\n4,b\n|train set would be empty
2|a bad fraction|-p 1.5 --train a --test b|x,label\n1,a\n|neither a fraction
2|a bad seed|-s -1 --train a --test b|x,label\n1,a\n|seed .-1.
2|no test file|--train a|x,label\n1,a\n|--train and --test
2|one file for both sides|--train a --test a|x,label\n1,a\n|name the same file
1|no rows at all|--train a --test b|x,label\n|with 0 samples and test size 0.2
EOF_CASES

test_done
