#!/bin/sh
test_description='osfp-predict: identifiers, predicted label, probabilities'
. "$(dirname "$0")/test-lib.sh"

NB="$TEST_DATA/reference/notebook"

test_expect_success 'setup: notebook split, logistic and ridge models' '
	osfp-split --train train.csv --test test.csv "$NB/sample-features.csv" &&
	osfp-train -m logistic -o l.model train.csv &&
	osfp-train -m ridge -o r.model train.csv
'

test_expect_success 'header: identifiers, predicted, p_CLASS per class' '
	osfp-predict -m l.model test.csv >p.csv &&
	head -n 1 p.csv >actual &&
	echo "label,predicted,p_kali-linux,p_mac-os-x,p_ubuntu-14.4-32b,p_ubuntu-14.4-64b,p_ubuntu-16.4-32b,p_ubuntu-16.4-64b,p_ubuntu-server,p_web-server,p_windows-10,p_windows-10-pro,p_windows-7-pro,p_windows-8.1,p_windows-vista" >expect &&
	test_cmp expect actual &&
	test $(wc -l <p.csv) = 283
'

test_expect_success 'probabilities sum to 1; predicted is the most probable class' '
	awk -F, "NR == 1 { for (i = 3; i <= NF; i++) c[i] = substr(\$i, 3); next }
		{ s = 0; b = 3; for (i = 3; i <= NF; i++) { s += \$i; if (\$i > \$b) b = i }
		  if (s < 0.999999 || s > 1.000001 || c[b] != \$2) bad++ }
		END { exit bad > 0 }" p.csv
'

test_expect_success 'the predictions give the accuracy osfp-eval reports' '
	osfp-eval --csv -m l.model test.csv >e.csv &&
	awk -F, "NR > 1 && \$1 == \$2 { n++ } END { printf \"%.6f\n\", n / (NR - 1) }" p.csv >a1 &&
	awk -F, "\$1 == \"accuracy\" { printf \"%.6f\n\", \$4 }" e.csv >a2 &&
	test_cmp a1 a2
'

test_expect_success 'ridge writes decision scores (score_CLASS)' '
	osfp-predict -m r.model test.csv >rp.csv &&
	head -n 1 rp.csv | grep -q "^label,predicted,score_kali-linux,"
'

test_expect_success 'unlabelled rows with other identifiers; -t writes TSV' '
	awk -F, -v OFS=, "NR == 1 { \$53 = \"sample\"; print \"flow,\" \$0; next }
		{ \$53 = 100 + NR; print NR - 2, \$0 }" test.csv >new.csv &&
	osfp-predict -t -m l.model new.csv >new.tsv &&
	head -n 1 new.tsv | cut -f 1-3 >actual &&
	printf "flow\tsample\tpredicted\n" >expect && test_cmp expect actual &&
	cut -f 3- new.tsv | tail -n +2 | tr "\t" , >np &&
	cut -d, -f 2- p.csv | tail -n +2 >op &&
	test_cmp op np
'

test_expect_success 'a header-only input gives a header-only output' '
	head -n 1 test.csv >empty.csv &&
	osfp-predict -m l.model empty.csv >out &&
	test $(wc -l <out) = 1
'

test_expect_success '--min-confidence: unknown where the top probability is below P' '
	osfp-predict -m l.model --min-confidence 0.5 test.csv >u.csv &&
	awk -F, "NR > 1 { m = 0; for (i = 3; i <= NF; i++) if (\$i > m) m = \$i
		if ((m < 0.5) != (\$2 == \"unknown\")) bad++; u += \$2 == \"unknown\" }
		END { exit bad > 0 || u == 0 }" u.csv &&
	cut -d, -f 1,3- u.csv >a && cut -d, -f 1,3- p.csv >b && test_cmp b a &&
	awk -F, "NR == FNR { p[FNR] = \$2; next }
		FNR > 1 && \$2 != \"unknown\" && \$2 != p[FNR] { bad++ }
		END { exit bad > 0 }" p.csv u.csv &&
	osfp-predict -m l.model --min-confidence 0 test.csv >z.csv &&
	test_cmp p.csv z.csv
'

test_expect_success '--min-confidence on a ridge model (scores, not probabilities): usage error' '
	test_expect_code 2 osfp-predict -m r.model --min-confidence 0.5 test.csv >out 2>err &&
	head -n 1 err >e1 &&
	test_one_line e1 "^osfp-predict: --min-confidence: a ridge model has no probabilities\$" &&
	test ! -s out
'

test_expect_success 'features matched by name; a missing feature is an error' '
	cut -d, -f 2- test.csv >missing.csv &&
	test_must_fail osfp-predict -m l.model missing.csv >out 2>err &&
	test_one_line err "model feature .0. is not a feature column"
'

test_done
