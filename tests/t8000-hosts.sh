#!/bin/sh
test_description='osfp-hosts: the three rules, min-rows, min-confidence, TSV, JSON

Golden files made by hand (tests/data/golden/hosts): six prediction rows of
three hosts with probabilities that are sums of powers of two, so that every
mean and share is exact and computed on paper. h1 has rows 0, 2, 3 (labels
a, a, b), h2 rows 1 and 5, h3 row 4.'
. "$(dirname "$0")/test-lib.sh"

G="$TEST_DATA/golden/hosts"

test_expect_success 'mean (the default): one row per host, in first-seen order' '
	osfp-hosts "$G/pred.csv" >out &&
	test_cmp "$G/mean.csv" out &&
	osfp-hosts --rule mean "$G/pred.csv" >out2 &&
	test_cmp "$G/mean.csv" out2
'

test_expect_success 'vote: the shares of the rows top classes; ties to the first class' '
	osfp-hosts --rule vote "$G/pred.csv" >out &&
	test_cmp "$G/vote.csv" out
'

# logprob: the normalised products, by hand: h1 a .75*.25*.5 = .09375,
# b .25*.5*.25 = .03125, c .001*.25*.25 = .0000625; h2 a .03125, b .375,
# c .03125; h3 a .001, b .001, c 1 (0 floored to 0.001)
test_expect_success 'logprob: the normalised product of the probabilities' '
	osfp-hosts --rule logprob "$G/pred.csv" >out &&
	cat >expect <<-\EOF &&
	h1 100.5 3 a 0.74962518740629685157 b 0.24987506246876561719 a
	h2 101 2 b 0.85714285714285714286 a 0.07142857142857142857 b
	h3 104 1 c 0.99800399201596806387 a 0.00099800399201596806 c
	EOF
	head -n 1 out >hdr && head -n 1 "$G/mean.csv" >hdr0 && test_cmp hdr0 hdr &&
	tail -n +2 out | tr , " " >got &&
	awk "NR == FNR { for (i = 1; i <= NF; i++) w[FNR, i] = \$i; next }
		{ for (i = 1; i <= NF; i++) {
			d = (i == 5 || i == 7) ? \$i - w[FNR, i] : (\$i == w[FNR, i] ? 0 : 1)
			if (d > 1e-12 || d < -1e-12) { print \"line \" FNR \" field \" i; bad = 1 } } }
		END { exit bad }" expect got
'

test_expect_success '--min-rows: smaller groups are not written' '
	osfp-hosts --min-rows 2 "$G/pred.csv" >out &&
	test_cmp "$G/minrows2.csv" out
'

test_expect_success '--min-confidence: below it the verdict is unknown, the runner-up the best class' '
	osfp-hosts --min-confidence 0.55 "$G/pred.csv" >out &&
	test_cmp "$G/minconf.csv" out &&
	osfp-hosts --min-confidence 0.5 "$G/pred.csv" >out2 &&
	test_cmp "$G/mean.csv" out2
'

test_expect_success '-t writes TSV, TSV input is read' '
	osfp-hosts -t "$G/pred.csv" >out.tsv &&
	tr , "\t" <"$G/mean.csv" >expect &&
	test_cmp expect out.tsv &&
	tr , "\t" <"$G/pred.csv" >pred.tsv &&
	osfp-hosts pred.tsv >out &&
	test_cmp "$G/mean.csv" out
'

test_expect_success '--json: JSON Lines, numbers as numbers' '
	osfp-hosts --json "$G/pred.csv" >out &&
	test_cmp "$G/mean.jsonl" out
'

test_expect_success SKLEARN '--json: every line parses, strange host names included' '
	printf "src,p_x,p_y\n\"a\"\"b\\\\c\",0.5,0.5\n\"new\nline\",1,0\n" >odd.csv &&
	printf "\\377\\001\\342\\202\\254,0,1\n" >>odd.csv &&
	osfp-hosts --json odd.csv >out &&
	/usr/bin/python3 -c "
import json, sys
rows = [json.loads(l) for l in open(\"out\", encoding=\"utf-8\")]
assert [r[\"host\"] for r in rows] == [\"a\\\"b\\\\c\", \"new\nline\", \"\\ufffd\\u0001\\u20ac\"], rows
assert rows[0][\"start\"] is None and rows[0][\"n\"] == 1 and rows[0][\"confidence\"] == 0.5
assert \"label\" not in rows[0]
"
'

test_expect_success 'without a label column: no label column out; without time: start empty' '
	cut -d, -f1,2,5- "$G/pred.csv" >nolabel.csv &&
	osfp-hosts nolabel.csv >out &&
	cut -d, -f1-7 "$G/mean.csv" | sed "2,\$s/^\\([^,]*\\),[^,]*,/\\1,,/" >expect &&
	test_cmp expect out
'

test_expect_success '--host names another column; the identifier columns are free' '
	sed "1s/src/ip/" "$G/pred.csv" >ip.csv &&
	osfp-hosts --host ip ip.csv >out &&
	test_cmp "$G/mean.csv" out &&
	osfp-hosts --host label "$G/pred.csv" >bylabel &&
	cut -d, -f1,3,4 bylabel >actual &&
	printf "host,n,verdict\na,2,a\nb,3,b\nc,1,c\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a header-only input writes the header only' '
	head -n 1 "$G/pred.csv" >h.csv &&
	osfp-hosts h.csv >out &&
	head -n 1 "$G/mean.csv" >expect &&
	test_cmp expect out &&
	osfp-hosts --json h.csv >out &&
	test ! -s out
'

test_expect_success 'standard input, and - for it' '
	osfp-hosts <"$G/pred.csv" >out &&
	test_cmp "$G/mean.csv" out &&
	osfp-hosts - <"$G/pred.csv" >out &&
	test_cmp "$G/mean.csv" out
'

test_expect_success '--help and --version' '
	osfp-hosts --help >out &&
	grep -q "^usage: osfp-hosts" out &&
	osfp-hosts --version >out &&
	test -s out
'

test_done
