#!/bin/sh
test_description='osfp-flow-features: options, labels, header block, widths and degenerate flows

Small hand-made inputs whose values are worked out in the comments.'
. "$(dirname "$0")/test-lib.sh"

# Flow a: 4 packets at 10, 10.5, 10.5, 12 s of 60, 100, 40, 1500 bytes,
# labels linux, linux, win, win. Flow b: 3 packets at 20 s of 70 bytes, the
# first unlabelled, then mac, mac. dim = floor(quantile_0.9([4, 3])) =
# floor(3.9) = 3, so IAT has 2 columns. STATS of a: d = 2, B = 1700,
# mean 425, std sqrt(385675), quartiles of 40 60 100 1500 at 0.75, 1.5
# and 2.25: 55, 80, 450.
cat >two.csv <<'EOF'
flow,time,len,sample,label,family
a,10,60,s1,linux,unix
a,10.5,100,s1,linux,unix
a,10.5,40,s2,win,win
a,12,1500,s2,win,win
b,20,70,,,
b,20,70,s3,mac,bsd
b,20,70,s3,mac,bsd
EOF
HDR=flow,sample,label,family,iat_0,iat_1,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,num_pkts,num_bytes
ROW_A=a,s1,linux,unix,0.5,0.0,2.0,2.0,850.0,425.0,621.0273745979318,55.0,80.0,450.0,40.0,1500.0,4.0,1700.0

test_expect_success 'default: iat,stats, first packet label, unlabelled flow dropped' '
	osfp-flow-features two.csv >out.csv 2>err &&
	printf "%s\n%s\n" "$HDR" "$ROW_A" >want &&
	test_cmp want out.csv &&
	cat >want.err <<-\EOF &&
	osfp-flow-features: widths from 2 flows: --dim 3
	osfp-flow-features: flows without a label dropped: 1 of 2 (--keep-unlabelled keeps them)
	EOF
	test_cmp want.err err
'

test_expect_success '--keep-unlabelled keeps the flow with an empty label' '
	osfp-flow-features --keep-unlabelled two.csv >out.csv 2>err &&
	printf "%s\n%s\n%s\n" "$HDR" "$ROW_A" \
		"b,,,,0.0,0.0,0.0,0.0,0.0,70.0,0.0,70.0,70.0,70.0,70.0,70.0,3.0,210.0" >want &&
	test_cmp want out.csv
'

test_expect_success '--label-rule majority: a tie goes to the first label, empty labels do not vote' '
	osfp-flow-features --label-rule majority two.csv >out.csv 2>err &&
	printf "%s\n%s\n%s\n" "$HDR" "$ROW_A" \
		"b,s3,mac,bsd,0.0,0.0,0.0,0.0,0.0,70.0,0.0,70.0,70.0,70.0,70.0,70.0,3.0,210.0" >want &&
	test_cmp want out.csv
'

test_expect_success 'majority: sample and family of the first packet with the winning label' '
	cat >maj.csv <<-\EOF &&
	flow,time,len,sample,label,family
	7,1,10,s1,x,fx
	7,2,10,s2,y,fy1
	7,3,10,s3,y,fy2
	EOF
	osfp-flow-features -f stats --label-rule majority maj.csv >out.csv &&
	cut -d, -f1-4 out.csv >got &&
	printf "flow,sample,label,family\n7,s2,y,fy1\n" >want &&
	test_cmp want got
'

test_expect_success 'no label column: no label columns, no flow dropped' '
	cut -d, -f1-3 two.csv >nolab.csv &&
	osfp-flow-features -f stats nolab.csv >out.csv &&
	head -n 1 out.csv >got &&
	echo flow,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,num_pkts,num_bytes >want &&
	test_cmp want got && test $(wc -l <out.csv) = 3
'

test_expect_success 'columns are found by name, in any order, extra ones ignored' '
	awk -F, "BEGIN { OFS = \",\" } { print \$6, \"x\", \$5, \$3, \$1, \$4, \$2 }" two.csv >perm.csv &&
	osfp-flow-features perm.csv >out.csv 2>err &&
	printf "%s\n%s\n" "$HDR" "$ROW_A" >want &&
	test_cmp want out.csv
'

test_expect_success 'TSV in, -t TSV out, stdin' '
	tr , "\t" <two.csv >two.tsv &&
	osfp-flow-features -t <two.tsv >out.tsv 2>err &&
	printf "%s\n%s\n" "$HDR" "$ROW_A" | tr , "\t" >want &&
	test_cmp want out.tsv &&
	osfp-flow-features - <two.csv >out.csv 2>err &&
	printf "%s\n%s\n" "$HDR" "$ROW_A" >want &&
	test_cmp want out.csv
'

# Flow a with R = quantile_0.3([2, 0]) = 0.6: 10.5 and 10.5 are within
# 0.6 of 10 (3 packets); 12 is not: the window start moves to 10.6,
# (12 - 10.6) // 0.6 = 2 empty windows, start 11.8; then the last window.
test_expect_success 'every set, in the order given; SAMP windows' '
	osfp-flow-features --keep-unlabelled -f samp_size,size,iat_size,samp_num two.csv >out.csv 2>err &&
	cat >want <<-\EOF &&
	flow,sample,label,family,samp_size_0,samp_size_1,size_0,size_1,size_2,iat_size_0,iat_size_1,iat_size_2,iat_size_3,iat_size_4,samp_num_0,samp_num_1
	a,s1,linux,unix,200.0,0.0,60.0,100.0,40.0,0.5,60.0,0.0,100.0,1.5,3.0,0.0
	b,,,,210.0,0.0,70.0,70.0,70.0,0.0,70.0,0.0,70.0,70.0,3.0,0.0
	EOF
	test_cmp want out.csv &&
	echo "osfp-flow-features: widths from 2 flows: --dim 3 --samp-rate 0.6" >want.err &&
	test_cmp want.err err
'

test_expect_success 'sets side by side equal the sets one at a time (np.hstack)' '
	osfp-flow-features --keep-unlabelled -f iat,size,iat_size,stats,samp_num,samp_size two.csv >all.csv 2>err &&
	: >parts &&
	for s in iat size iat_size stats samp_num samp_size; do
		osfp-flow-features --keep-unlabelled -f $s two.csv >$s.csv 2>err &&
		cut -d, -f5- $s.csv >$s.part || return 1
	done &&
	cut -d, -f1-4 all.csv >ids &&
	paste -d, ids iat.part size.part iat_size.part stats.part samp_num.part samp_size.part >want &&
	test_cmp want all.csv
'

test_expect_success '--dim fixes the widths and streams; --q changes the quantile' '
	osfp-flow-features --keep-unlabelled --dim 5 -f iat,size,iat_size,samp_num --samp-rate 1 two.csv >out.csv 2>err &&
	head -n 1 out.csv | tr , "\n" >cols &&
	test $(grep -c "^iat_[0-9]" cols) = 4 && test $(grep -c "^size_" cols) = 5 &&
	test $(grep -c "^iat_size_" cols) = 9 && test $(grep -c "^samp_num_" cols) = 4 &&
	test_must_fail test -s err &&
	osfp-flow-features --keep-unlabelled --q 0.5 -f iat two.csv >out.csv 2>err &&
	echo "osfp-flow-features: widths from 2 flows: --dim 3" >want.err &&
	test_cmp want.err err &&
	osfp-flow-features --keep-unlabelled --q 1 -f iat two.csv >out.csv 2>err &&
	echo "osfp-flow-features: widths from 2 flows: --dim 4" >want.err &&
	test_cmp want.err err
'

test_expect_success '--dim-out writes the parameters and widths to a file instead of stderr' '
	osfp-flow-features --keep-unlabelled -f iat,samp_num --dim-out w.rec two.csv >out.csv 2>err &&
	test_must_fail test -s err &&
	grep -x "extraction dim 3" w.rec && grep -x "extraction samp-rate 0.6" w.rec &&
	osfp-flow-features --keep-unlabelled --dim 7 --dim-out w.rec two.csv >out.csv 2>err &&
	grep -x "extraction dim 7" w.rec && grep -x "extraction samp-rate -" w.rec
'

# Header block: F S R P A U E C counts (tcpflags bits 0..7; NS, bit 8, is
# ignored), then TTLs. netml counts no flag when the link path has more
# than one layer (its pkt.payload.payload is then not TCP). Flow 3 is
# raw IP, where netml fails: osfp counts its flags. Flow 4 is UDP.
cat >hdr.csv <<'EOF'
flow,time,len,ttl,tcpflags,link
0,1.0,60,64,2,eth
0,1.5,60,64,18,eth
0,2.0,54,64,17,eth
1,1.0,64,63,2,eth.vlan
1,2.0,64,63,16,eth.vlan
2,1.0,68,62,2,eth.pppoe
2,2.0,68,62,16,eth.pppoe
3,1.0,40,128,2,raw
3,1.0,40,128,4,raw
4,1.0,80,255,,eth
4,1.1,80,255,,eth
4,1.2,80,255,,eth
5,3.0,74,57,450,sll
5,3.5,74,56,256,eth.llc
EOF

test_expect_success '--header: flag counts and TTLs before each block' '
	osfp-flow-features -f iat --header hdr.csv >out.csv 2>err &&
	cat >want <<-\EOF &&
	flow,iat_hdr_F,iat_hdr_S,iat_hdr_R,iat_hdr_P,iat_hdr_A,iat_hdr_U,iat_hdr_E,iat_hdr_C,iat_hdr_ttl_0,iat_hdr_ttl_1,iat_0,iat_1
	0,1.0,2.0,0.0,0.0,2.0,0.0,0.0,0.0,64.0,64.0,0.5,0.5
	1,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,63.0,63.0,1.0,0.0
	2,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,62.0,62.0,1.0,0.0
	3,0.0,1.0,1.0,0.0,0.0,0.0,0.0,0.0,128.0,128.0,0.0,0.0
	4,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,255.0,255.0,0.10000000000000009,0.09999999999999987
	5,0.0,1.0,0.0,0.0,0.0,0.0,1.0,1.0,57.0,56.0,0.5,0.0
	EOF
	test_cmp want out.csv
'

test_expect_success '--header with stats: 8 + 12 header columns, TTLs padded with zeros' '
	osfp-flow-features -f stats --header hdr.csv >out.csv 2>err &&
	head -n 1 out.csv | tr , "\n" >cols &&
	test $(grep -c "^stats_hdr_" cols) = 20 &&
	sed -n 2p out.csv | cut -d, -f10-22 >got &&
	echo 64.0,64.0,64.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,1.0 >want &&
	test_cmp want got
'

test_expect_success '--header needs ttl, tcpflags and link' '
	test_must_fail osfp-flow-features --header two.csv >out.csv 2>err &&
	test_one_line err "osfp-flow-features: .two.csv.: line 1: no column .ttl. \(needed by --header\)$"
'

test_expect_success '--fft: columns named set_fft_k, header block too' '
	osfp-flow-features -f iat,stats --fft --header hdr.csv >out.csv 2>err &&
	head -n 1 out.csv | tr , "\n" >cols &&
	test $(grep -c "^iat_hdr_fft_" cols) = 10 && test $(grep -c "^iat_fft_" cols) = 2 &&
	test $(grep -c "^stats_hdr_fft_" cols) = 20 && test $(grep -c "^stats_fft_" cols) = 12
'

# numpy as the judge of the DFT, on every block type with the header.
test_expect_success SKLEARN '--fft --header agrees with numpy within 1e-9' '
	osfp-flow-features -f iat,size,iat_size,stats --fft --header hdr.csv >out.csv 2>err &&
	/usr/bin/python3 - hdr.csv out.csv <<-\EOF
	import csv, sys
	import numpy as np
	rows = list(csv.DictReader(open(sys.argv[1])))
	flows = {}
	for r in rows:
	    flows.setdefault(r["flow"], []).append(r)
	dim = int(np.floor(np.quantile([len(p) for p in flows.values()], 0.9)))
	got = [list(map(float, r[1:])) for r in list(csv.reader(open(sys.argv[2])))[1:]]
	bad = 0
	for (fid, p), g in zip(flows.items(), got):
	    t = [float(r["time"]) for r in p]
	    s = [int(r["len"]) for r in p]
	    fl = np.zeros(8)
	    for r in p:
	        if r["tcpflags"] and "." not in r["link"]:
	            for b in range(8):
	                fl[b] += (int(r["tcpflags"]) >> b) & 1
	    H = list(fl) + [int(r["ttl"]) for r in p]
	    iat = list(np.diff(t))
	    iat_size = []
	    for j in range(len(iat)):
	        iat_size += [iat[j], s[j]]
	    iat_size.append(s[-1])
	    d = max(t) - min(t)
	    st = [d, 0.0 if d == 0 else len(s) / d, 0.0 if d == 0 else sum(s) / d,
	          np.mean(s), np.std(s)] + list(np.quantile(s, [0.25, 0.5, 0.75])) + \
	         [min(s), max(s), len(s), sum(s)]
	    want = []
	    for v, D in ((iat, dim - 1), (s, dim), (iat_size, 2 * dim - 1), (st, 12)):
	        want += list(np.real(np.fft.fft(H, n=8 + D))) + list(np.real(np.fft.fft(v, n=D)))
	    if len(want) != len(g):
	        print("flow", fid, "width", len(g), "want", len(want)); bad = 1; continue
	    top = max(abs(x) for x in want)
	    for k, (a, b) in enumerate(zip(want, g)):
	        if abs(a - b) > 1e-9 * abs(a) and abs(a - b) > 1e-12 * top:
	            print("flow", fid, "col", k, a, b); bad = 1
	sys.exit(bad)
	EOF
'

# Degenerate SAMP windows: R = quantile_0.3 of [0, 0, 1] = 0. netml
# raises OverflowError on the first flow with a positive gap.
cat >r0.csv <<'EOF'
flow,time,len
0,5,10
0,5,10
1,6,10
1,6,10
2,7,10
2,8,10
EOF

test_expect_success 'R = 0: flows of zero duration get [n]; the first positive gap is an error' '
	test_expect_code 1 osfp-flow-features -f samp_num r0.csv >out.csv 2>err &&
	test_one_line err "osfp-flow-features: .r0.csv.: line 6: flow .2.: the SAMP window length is 0 \(netml fails here with OverflowError\); give --samp-rate$" &&
	printf "flow,samp_num_0\n0,2.0\n1,2.0\n" >want &&
	test_cmp want out.csv
'

test_expect_success 'R = 0: --samp-rate chooses a window instead' '
	osfp-flow-features -f samp_num --samp-rate 0.5 r0.csv >out.csv 2>err &&
	printf "flow,samp_num_0\n0,2.0\n1,2.0\n2,1.0\n" >want &&
	test_cmp want out.csv
'

test_expect_success 'no flows: header only when the widths are known, else an error' '
	echo flow,time,len >empty.csv &&
	osfp-flow-features --dim 3 empty.csv >out.csv &&
	echo flow,iat_0,iat_1,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,num_pkts,num_bytes >want &&
	test_cmp want out.csv &&
	osfp-flow-features -f stats empty.csv >out.csv &&
	echo flow,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,num_pkts,num_bytes >want &&
	test_cmp want out.csv &&
	test_expect_code 1 osfp-flow-features empty.csv >out.csv 2>err &&
	test_one_line err "no flows: netml.s dim is undefined \(give --dim\)$"
'

test_expect_success '--help and --version on stdout' '
	osfp-flow-features --help >out && grep -q "^usage: osfp-flow-features" out &&
	osfp-flow-features --version >out && grep -q "^osfp-flow-features (osfp) " out
'

while read -r args; do
	test_expect_success "usage error: $args" "
		test_expect_code 2 osfp-flow-features $args two.csv >out 2>err &&
		test_must_fail test -s out
	"
done <<'EOT'
-f iats
-f iat,iat
-f ,
--dim 1
--dim x
--q 0
--q 1.5
--samp-rate 0
--samp-rate -1
--label-rule last
--bogus
two.csv
EOT

test_done
