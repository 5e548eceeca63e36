#!/bin/sh
test_description='progress on stderr: on a terminal (OSFP_PROGRESS=1 forces it), silent otherwise'
. "$(dirname "$0")/test-lib.sh"

CAP="$TEST_DATA/shards/lab-a.pcapng"

test_expect_success 'setup: the pipeline quietly (stderr is a file, not a terminal)' '
	osfp-pcapng-labels -q "$CAP" >labels.csv 2>err1 &&
	osfp-pcap-flows -q --labels labels.csv "$CAP" >flows.csv 2>err2 &&
	osfp-flow-features --dim-out /dev/null flows.csv >features.csv 2>err3 &&
	osfp-split --train train.csv --test test.csv features.csv 2>err4 &&
	osfp-train -m ridge -o m.model train.csv 2>err5 &&
	osfp-eval -m m.model test.csv >report 2>err6 &&
	osfp-predict -m m.model test.csv >pred.csv 2>err7 &&
	for e in err1 err2 err3 err4 err5 err6 err7; do test ! -s $e || { cat $e; exit 1; }; done
'

# stage UNIT cmd...: with OSFP_PROGRESS=1 the last stderr line reports the count and rate
while read -r unit cmd; do
	test_expect_success "progress of: $cmd" "
		OSFP_PROGRESS=1 $cmd >out 2>err &&
		tr '\\r' '\\n' <err | grep -E '^osfp-[a-z-]+: [0-9]+ $unit, [0-9]+/s, [0-9.]+ s$' >lines &&
		test -s lines
	"
done <<EOF
packets osfp-pcapng-labels -q $CAP
packets osfp-pcap-flows -q $CAP
rows osfp-flow-features --dim-out /dev/null flows.csv
rows osfp-split --train a.csv --test b.csv features.csv
rows osfp-train -m ridge -o m2.model train.csv
rows osfp-eval -m m.model test.csv
rows osfp-predict -m m.model test.csv
EOF

test_expect_success 'OSFP_PROGRESS=0 silences it' '
	OSFP_PROGRESS=0 osfp-pcap-flows -q "$CAP" >out 2>err &&
	test ! -s err
'

test_done
