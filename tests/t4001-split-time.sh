#!/bin/sh
test_description='osfp-split --time: the last rows in time of each class (or
of all rows) to the test file, exact decimal times, ties by input order,
both sides in input order'
. "$(dirname "$0")/test-lib.sh"

# first column of the data rows of a split side, space-separated
first_col() {
	awk -F, 'NR > 1 { printf "%s%s", sep, $1; sep = " " } END { print "" }' "$1"
}

# 20 rows, two classes, times out of input order (row i at (i * 7) % 20 + 100.25)
test_expect_success 'setup' '
	awk "BEGIN { print \"row,time,label\";
		for (i = 0; i < 20; i++) printf \"%d,%d.25,c%d\n\", i, (i * 7) % 20 + 100, i % 2 }" >t.csv
'

# The expected split computed independently: per class (or for all rows,
# CLASS=all), sort by time then row, the last N to test; sides by row.
expect_split() { # FILE N PER_CLASS
	awk -F, -v n="$2" -v per="$3" 'NR > 1 { print (per ? $3 : "all") "," $2 "," $1 }' "$1" |
		sort -t, -k1,1 -k2,2n -k3,3n >sorted &&
	awk -F, -v n="$2" '{ c[$1]++; r[$1, c[$1]] = $3 }
		END { for (k in c) for (i = 1; i <= c[k]; i++)
			print r[k, i], (i > c[k] - n ? "test" : "train") }' sorted |
		sort -n >sides &&
	awk "\$2 == \"train\" { printf \"%s%s\", s, \$1; s = \" \" } END { print \"\" }" sides >expect-train &&
	awk "\$2 == \"test\" { printf \"%s%s\", s, \$1; s = \" \" } END { print \"\" }" sides >expect-test
}

test_expect_success 'per class: the last fifth of each class in time, sides in input order' '
	osfp-split --time time --train tr.csv --test te.csv t.csv &&
	expect_split t.csv 2 1 &&
	first_col tr.csv >actual && test_cmp expect-train actual &&
	first_col te.csv >actual && test_cmp expect-test actual &&
	echo "8 11 14 17" >expect && test_cmp expect actual
'

test_expect_success 'both files keep the header and every row once' '
	head -n 1 tr.csv >h1 && head -n 1 te.csv >h2 && head -n 1 t.csv >h &&
	test_cmp h h1 && test_cmp h h2 &&
	{ tail -n +2 tr.csv; tail -n +2 te.csv; } | sort >both &&
	tail -n +2 t.csv | sort >all && test_cmp all both
'

test_expect_success '--no-stratify: one cut over all rows' '
	osfp-split --time time --no-stratify -p 0.3 --train tr.csv --test te.csv t.csv &&
	expect_split t.csv 6 0 &&
	first_col tr.csv >actual && test_cmp expect-train actual &&
	first_col te.csv >actual && test_cmp expect-test actual
'

test_expect_success '-p as a count is per class' '
	osfp-split --time time -p 3 --train tr.csv --test te.csv t.csv &&
	expect_split t.csv 3 1 &&
	first_col te.csv >actual && test_cmp expect-test actual &&
	test $(wc -l <te.csv) = 7
'

test_expect_success 'the seed changes nothing; --label names the classes' '
	osfp-split --time time --train tr.csv --test te.csv t.csv &&
	osfp-split --time time -s 7 --train tr7.csv --test te7.csv t.csv &&
	test_cmp tr.csv tr7.csv && test_cmp te.csv te7.csv &&
	sed "1s/label/os/" t.csv >os.csv &&
	osfp-split --time time --label os --train tro.csv --test teo.csv os.csv &&
	first_col teo.csv >a1 && first_col te.csv >a2 && test_cmp a1 a2
'

test_expect_success 'equal times: the row later in the input is the later' '
	printf "row,time,label\n0,5.5,a\n1,5.50,a\n2,5.500,a\n3,1,a\n" >tie.csv &&
	osfp-split --time time -p 2 --train tr.csv --test te.csv tie.csv &&
	echo "1 2" >expect && first_col te.csv >actual && test_cmp expect actual
'

test_expect_success 'times are compared as exact decimals, not as doubles' '
	printf "row,time,label\n0,1795859257.7950760000002,a\n1,1795859257.7950760000001,a\n2,1795859257.795076,a\n" >x.csv &&
	osfp-split --time time -p 1 --train tr.csv --test te.csv x.csv &&
	echo 0 >expect && first_col te.csv >actual && test_cmp expect actual &&
	printf "row,time,label\n0,10.5,a\n1,9.75,a\n2,-3,a\n3,099,a\n" >v.csv &&
	osfp-split --time time -p 2 --train tr.csv --test te.csv v.csv &&
	echo "0 3" >expect && first_col te.csv >actual && test_cmp expect actual
'

test_expect_success 'TSV in, -t: TSV out' '
	tr , "\t" <t.csv >t.tsv &&
	osfp-split -t --time time --train tr.tsv --test te.tsv t.tsv &&
	tr "\t" , <te.tsv >te2.csv &&
	osfp-split --time time --train tr.csv --test te.csv t.csv &&
	test_cmp te.csv te2.csv
'

test_expect_success 'the lab sample: every class tested, none of its test rows earlier than its train rows' '
	CAP="$OSFP_ROOT/data/lab/sample.pcapng" &&
	osfp-pcapng-labels "$CAP" >labels.csv &&
	osfp-pcap-flows --labels labels.csv "$CAP" >flows.csv &&
	osfp-flow-features -f stats --id src,time flows.csv >feat.csv 2>/dev/null &&
	osfp-split --time time --train tr.csv --test te.csv feat.csv &&
	cut -d, -f3 feat.csv | sort -u >classes &&
	cut -d, -f3 te.csv | sort -u >tested && test_cmp classes tested &&
	awk -F, "FNR == 1 { side++; next }
		side == 1 && (!(\$3 in last) || \$6 > last[\$3]) { last[\$3] = \$6 }
		side == 2 && \$6 < last[\$3] { bad++ }
		END { exit bad > 0 }" tr.csv te.csv &&
	test $(($(wc -l <tr.csv) + $(wc -l <te.csv))) = $(($(wc -l <feat.csv) + 1))
'

test_expect_success 'usage: --time and --group exclude each other' '
	test_expect_code 2 osfp-split --time time --group label --train tr.csv --test te.csv t.csv 2>err &&
	head -n 1 err >err1 &&
	test_one_line err1 "^osfp-split: --group and --time exclude each other\$"
'

test_done
