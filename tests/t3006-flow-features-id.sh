#!/bin/sh
test_description='osfp-flow-features --id COLS (issue 14): columns of each
flow'"'"'s first row carried as identifier columns, after flow and the
sample, label, family columns, before the features'
. "$(dirname "$0")/test-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

test_expect_success 'setup: labelled flows of a capture' '
	osfp-pcapng-labels "$FX" >lab.csv &&
	osfp-pcap-flows --labels lab.csv "$FX" >flows.csv
'

test_expect_success '--id src,dst,sport,dport,proto,time: the first row of each flow' '
	osfp-flow-features --keep-unlabelled --id src,dst,sport,dport,proto,time flows.csv >out.csv 2>err &&
	head -n 1 out.csv | cut -d, -f1-11 >got &&
	echo flow,sample,label,family,src,dst,sport,dport,proto,time,iat_0 >want &&
	test_cmp want got &&
	awk -F, -v last=none "NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next }
		\$1 != last { print \$1 \",\" \$c[\"src\"] \",\" \$c[\"dst\"] \",\" \$c[\"sport\"] \",\" \$c[\"dport\"] \",\" \$c[\"proto\"] \",\" \$c[\"time\"]; last = \$1 }" \
		flows.csv >want &&
	cut -d, -f1,5-10 out.csv | sed 1d >got &&
	test_cmp want got
'

test_expect_success 'the features are those without --id' '
	osfp-flow-features --keep-unlabelled flows.csv >plain.csv 2>/dev/null &&
	cut -d, -f5-10 --complement out.csv >got &&
	test_cmp plain.csv got
'

test_expect_success 'repeated --id accumulate; streaming gives the same rows' '
	osfp-flow-features --keep-unlabelled --id src,dst --id sport --id dport,proto --id time \
		flows.csv >acc.csv 2>/dev/null &&
	test_cmp out.csv acc.csv &&
	dim=$(head -n 1 out.csv | tr , "\n" | grep -c "^iat_") &&
	osfp-flow-features --keep-unlabelled --dim $((dim + 1)) --id src,dst,sport,dport,proto,time \
		flows.csv >stream.csv &&
	test_cmp out.csv stream.csv
'

cat >maj.csv <<'EOF_IN'
flow,time,len,label,host,note
7,1,10,x,"10.0.0.1","a,b"
7,2,10,y,10.0.0.2,c
7,3,10,y,10.0.0.3,d
EOF_IN

test_expect_success '--label-rule majority: the ids still come from the first row; quoting kept' '
	osfp-flow-features -f stats --label-rule majority --id host,note maj.csv >out.csv &&
	head -n 1 out.csv | cut -d, -f1-5 >got &&
	sed -n 2p out.csv | cut -d, -f1-6 >>got &&
	printf "flow,label,host,note,duration\n7,y,10.0.0.1,\"a,b\",2.0\n" >want &&
	test_cmp want got
'

test_expect_success 'TSV out' '
	osfp-flow-features -t -f stats --id note maj.csv >out.tsv &&
	cut -f 1-3 out.tsv >got &&
	printf "flow\tlabel\tnote\n7\tx\ta,b\n" >want &&
	test_cmp want got
'

test_expect_success 'a column the input lacks: one line, exit 1, nothing written' '
	test_expect_code 1 osfp-flow-features --id src,bogus flows.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .flows\.csv.: line 1: no column .bogus. \(needed by --id\)$" &&
	test_must_fail test -s out
'

while IFS='|' read -r name args err; do
	case "$name" in '#'*|'') continue ;; esac
	test_expect_success "usage error: $name" "
		test_expect_code 2 osfp-flow-features $args flows.csv >out 2>err &&
		test_one_line err '^osfp-flow-features: --id: $err' &&
		test_must_fail test -s out
	"
done <<'EOT'
a column twice|--id src,dst --id src|column .src. given twice$
an empty name|--id src,,dst|an empty column name$
an empty list|--id ''|an empty column name$
flow|--id flow|.flow. is an identifier column already$
label|--id src,label|.label. is an identifier column already$
EOT

test_done
