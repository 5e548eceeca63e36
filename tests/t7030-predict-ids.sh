#!/bin/sh
test_description='identifier columns through the pipe (issue 14): the columns
osfp-flow-features --id carries (src, dst, sport, dport, proto, time, packet)
are identifiers for osfp-train, osfp-eval and osfp-predict, never features,
and osfp-predict passes them through'
. "$(dirname "$0")/test-lib.sh"

CAP="$TEST_DATA/shards/lab-a.pcapng"
IDS=src,dst,sport,dport,proto,time

test_expect_success 'setup: features with and without the identifiers' '
	osfp-pcapng-labels "$CAP" >lab.csv &&
	osfp-pcap-flows --labels lab.csv "$CAP" >flows.csv &&
	osfp-flow-features --dim 9 --id $IDS flows.csv >id.csv &&
	osfp-flow-features --dim 9 flows.csv >plain.csv &&
	head -n 1 id.csv | cut -d, -f1-11 >got &&
	echo flow,sample,label,family,src,dst,sport,dport,proto,time,iat_0 >want &&
	test_cmp want got
'

test_expect_success 'osfp-train: the model is the one trained without them' '
	osfp-train -m ridge -o id.model id.csv &&
	osfp-train -m ridge -o plain.model plain.csv &&
	test_cmp plain.model id.model &&
	! grep -E "^feature (src|dst|sport|dport|proto|time)$" id.model
'

test_expect_success 'osfp-predict passes them through, in input order' '
	osfp-predict -m id.model id.csv >p.csv &&
	head -n 1 p.csv | cut -d, -f1-12 >got &&
	echo flow,sample,label,family,src,dst,sport,dport,proto,time,predicted,score_ubuntu-14.4-32b >want &&
	test_cmp want got &&
	cut -d, -f1-10 id.csv >want && cut -d, -f1-10 p.csv >got && test_cmp want got &&
	osfp-predict -m plain.model plain.csv >pp.csv &&
	cut -d, -f11- p.csv >a && cut -d, -f5- pp.csv >b && test_cmp b a
'

test_expect_success 'osfp-eval: the same report with them' '
	osfp-eval -m id.model id.csv >a &&
	osfp-eval -m id.model plain.csv >b &&
	test_cmp a b
'

test_expect_success 'packet is an identifier too; others (ttl) are --ignore'"'"'d' '
	osfp-flow-features --dim 9 --id packet,ttl flows.csv >pt.csv &&
	osfp-train -m ridge --ignore ttl -o pt.model pt.csv &&
	test_cmp plain.model pt.model &&
	osfp-predict -m pt.model --ignore ttl pt.csv >ptp.csv &&
	head -n 1 ptp.csv | cut -d, -f1-7 >got &&
	echo flow,sample,label,family,packet,ttl,predicted >want &&
	test_cmp want got
'

test_expect_success 'a p0f database passes them through as well' '
	osfp-pcap-flows --fields syn --labels lab.csv "$CAP" >sf.csv &&
	osfp-flow-features -f syn --id $IDS sf.csv >syn.csv &&
	osfp-predict -m "$TEST_DATA/golden/p0f/p0f.fp" syn.csv >p0f.csv &&
	head -n 1 p0f.csv >got &&
	echo flow,sample,label,family,src,dst,sport,dport,proto,time,predicted,params,dist,raw_sig >want &&
	test_cmp want got
'

test_done
