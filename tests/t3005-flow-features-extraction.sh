#!/bin/sh
test_description='osfp-flow-features: the extraction parameters travel with
the model (issue 17). --dim-out records every parameter used; --like FILE
(that record, or a model file holding its lines) extracts with exactly those
parameters, so the features of a new capture have the model'"'"'s widths and
SAMP window.'
. "$(dirname "$0")/test-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"
LAB="$OSFP_ROOT/data/lab/sample.pcapng"

test_expect_success 'setup: flows of two captures' '
	osfp-pcapng-labels "$FX" >fx-lab.csv &&
	osfp-pcap-flows --fields syn,hdr --labels fx-lab.csv "$FX" >fx.csv &&
	osfp-pcapng-labels "$LAB" >lab-lab.csv &&
	osfp-pcap-flows --fields syn,hdr --labels lab-lab.csv "$LAB" >lab.csv
'

test_expect_success '--dim-out: every parameter, in the record format' '
	osfp-flow-features -f iat,samp_num,syn --header --label-rule majority \
		--nprint-packets 5 --q 0.5 --dim-out rec lab.csv >train.csv 2>err &&
	test_must_fail test -s err &&
	dim=$(head -n 1 train.csv | tr , "\n" | grep -c "^iat_[0-9]") &&
	cat >want <<-EOF_W &&
	extraction version 1
	extraction features iat,samp_num,syn
	extraction header 1
	extraction fft 0
	extraction nprint-packets 5
	extraction dim $((dim + 1))
	extraction q 0.5
	extraction samp-rate $(sed -n "s/^extraction samp-rate //p" rec)
	extraction label-rule majority
	extraction keep-unlabelled 0
	extraction interval -
	EOF_W
	test_cmp want rec &&
	grep -q "^extraction samp-rate [0-9]" rec
'

test_expect_success '--like REC: the same output as the options it records' '
	osfp-flow-features --like rec fx.csv >like.csv 2>err &&
	test_must_fail test -s err &&
	dim=$(sed -n "s/^extraction dim //p" rec) &&
	rate=$(sed -n "s/^extraction samp-rate //p" rec) &&
	osfp-flow-features -f iat,samp_num,syn --header --label-rule majority \
		--nprint-packets 5 --dim $dim --samp-rate $rate fx.csv >explicit.csv &&
	test_cmp explicit.csv like.csv &&
	head -n 1 train.csv >want && head -n 1 like.csv >got && test_cmp want got
'

test_expect_success '--like REC on the training input gives the training rows' '
	osfp-flow-features --like rec lab.csv >again.csv &&
	test_cmp train.csv again.csv
'

test_expect_success '--like then --dim-out: the same record again' '
	osfp-flow-features --like rec --dim-out rec2 fx.csv >/dev/null &&
	test_cmp rec rec2
'

test_expect_success 'widths from the data differ on another capture without --like' '
	osfp-flow-features -f iat,samp_num,syn --header fx.csv >other.csv 2>err &&
	head -n 1 other.csv >a && head -n 1 train.csv >b &&
	test_must_fail cmp -s a b
'

test_expect_success '--like MODEL: a model file holding the record lines' '
	{ echo "osfp-model 1" && echo "kind ridge" && cat rec && echo "features 1" &&
	  echo "feature iat_0"; } >m.model &&
	osfp-flow-features --like m.model fx.csv >m.csv &&
	test_cmp like.csv m.csv
'

test_expect_success 'defaults recorded: streaming with -f stats, dim and rate not used' '
	osfp-flow-features -f stats --dim-out st.rec fx.csv >st.csv &&
	grep -x "extraction dim -" st.rec && grep -x "extraction samp-rate -" st.rec &&
	grep -x "extraction features stats" st.rec &&
	osfp-flow-features --like st.rec fx.csv >st2.csv && test_cmp st.csv st2.csv
'

test_expect_success '--like with the output options -t and --id' '
	osfp-flow-features -t --id src --like rec fx.csv >like.tsv &&
	head -n 1 like.tsv | cut -f 1-6 >got &&
	printf "flow\tsample\tlabel\tfamily\tsrc\tiat_hdr_F\n" >want &&
	test_cmp want got
'

test_expect_success '--interval: recorded for the flows stage, the features unchanged' '
	osfp-flow-features -f iat,samp_num,syn --header --label-rule majority \
		--nprint-packets 5 --q 0.5 --interval 0.26060335636138915 --dim-out irec \
		lab.csv >itrain.csv &&
	test_cmp train.csv itrain.csv &&
	grep -v "^extraction interval " rec >a && grep -v "^extraction interval " irec >b &&
	test_cmp a b &&
	grep -x "extraction interval 0.26060335636138915" irec &&
	osfp-flow-features --like irec --dim-out irec2 fx.csv >/dev/null &&
	test_cmp irec irec2 &&
	test_expect_code 2 osfp-flow-features --interval 0 fx.csv >out 2>err &&
	head -n 1 err >e1 && test_one_line e1 "^osfp-flow-features: --interval: .0. is not a positive number$" &&
	test_expect_code 2 osfp-flow-features --like rec --interval 1 fx.csv >out 2>err &&
	test_one_line err "no --interval with it"
'

test_expect_success 'a record without the interval line (older) still reads' '
	grep -v "^extraction interval " rec >old.rec &&
	osfp-flow-features --like old.rec fx.csv >old.csv &&
	test_cmp like.csv old.csv
'

test_expect_success '--like and an extraction option: usage error, nothing written' '
	test_expect_code 2 osfp-flow-features --like rec --dim 5 fx.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: --like gives every extraction parameter: no --dim with it$" &&
	test_must_fail test -s out &&
	test_expect_code 2 osfp-flow-features -f iat --like rec fx.csv >out 2>err &&
	test_one_line err "no --features with it"
'

# name | record lines (printf format) | stderr after the file name
while IFS='|' read -r name lines err; do
	case "$name" in '#'*|'') continue ;; esac
	test_expect_success "bad record: $name" "
		grep -v '^extraction dim ' rec >bad.rec &&
		printf '$lines' >>bad.rec &&
		test_expect_code 1 osfp-flow-features --like bad.rec fx.csv >out 2>err &&
		test_one_line err '^osfp-flow-features: .bad\\.rec.: $err' &&
		test_must_fail test -s out
	"
done <<'EOT'
dim missing||extraction record without .dim.$
dim twice|extraction dim 3\nextraction dim 3\n|line 12: extraction .dim. given twice$
dim not a number|extraction dim x\n|line 11: extraction dim: .x. is not an integer in 2..1000000$
dim without a value|extraction dim\n|line 11: extraction .dim. without a value$
unknown key|extraction dim 3\nextraction dims 3\n|line 12: extraction unknown key .dims.$
version twice|extraction dim 3\nextraction version 2\n|line 12: extraction .version. given twice$
control bytes|extraction dim 3\033[2J\n|line 11: extraction dim: .3\?\[2J. is not an integer
EOT

test_expect_success 'bad record: version 2' '
	sed "s/^extraction version 1/extraction version 2/" rec >v2.rec &&
	test_expect_code 1 osfp-flow-features --like v2.rec fx.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .v2\.rec.: line 1: extraction version .2. \(this osfp reads version 1\)$"
'

test_expect_success 'no record in the file: one line, exit 1' '
	test_expect_code 1 osfp-flow-features --like fx.csv fx.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .fx\.csv.: no extraction record \(lines .extraction KEY VALUE.\)$" &&
	test_expect_code 1 osfp-flow-features --like none.rec fx.csv >out 2>err &&
	test_one_line err "^osfp-flow-features: .none\.rec.: cannot open"
'

test_expect_success 'a record of R = 0 (every flow of zero duration) reads back' '
	printf "flow,time,len\n0,5,10\n0,5,10\n1,6,10\n1,6,10\n" >z.csv &&
	osfp-flow-features -f samp_num --dim-out z.rec z.csv >z.out &&
	grep -x "extraction samp-rate 0.0" z.rec &&
	osfp-flow-features --like z.rec z.csv >z2.out && test_cmp z.out z2.out
'

test_done
