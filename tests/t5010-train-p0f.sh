#!/bin/sh
test_description='osfp-train -m p0f: learned signatures, back to p0f

The lab sample'"'"'s labelled SYNs as a p0f v3 database (a golden file); the
file loads in p0f 3.09b itself, which reports the learned labels, and in
osfp-predict, which gives every SYN the verdict p0f gives; shared
signatures, families, names p0f would refuse or merge, signatures p0f
would take for one.'
. "$(dirname "$0")/test-lib.sh"

GOLD=$TEST_DATA/golden/p0f
SAMPLE=$OSFP_ROOT/data/lab/sample.pcapng
P0F=$(command -v p0f || echo /usr/sbin/p0f)

test_expect_success 'setup: the lab sample'"'"'s labelled syn features' '
	osfp-pcapng-labels "$SAMPLE" >labels.csv &&
	osfp-pcap-flows --labels labels.csv --fields syn "$SAMPLE" >flows.csv &&
	osfp-flow-features -f syn flows.csv >features.csv
'

test_expect_success 'golden: the database learned from the lab sample' '
	osfp-train -m p0f -o learned.fp features.csv &&
	test_cmp "$GOLD/learned-sample.fp" learned.fp
'

test_expect_success 'standard output by default; the same file' '
	osfp-train -m p0f features.csv >stdout.fp &&
	sed "2,\$!d" stdout.fp >a && sed "2,\$!d" learned.fp >b &&
	test_cmp a b
'

test_expect_success 'a signature sent under several labels: the label that sent most, the others in a comment' '
	grep -B 1 "^sig = 4:128:0:1460:mss\*22,7:" learned.fp >shared &&
	head -n 1 shared >actual &&
	echo "; 47 rows of 149; also sent by windows-10-pro 46, windows-8.1 34, windows-10 22" >expect &&
	test_cmp expect actual &&
	grep -B 3 "^sig = 4:128:0:1460:mss\*22,7:" learned.fp | grep "^label" >actual &&
	echo "label = s:windows:windows-7-pro:" >expect &&
	test_cmp expect actual
'

test_expect_success 'osfp-predict -m learned.fp: a signature'"'"'s label for its rows' '
	osfp-predict -m learned.fp features.csv >p.csv &&
	head -n 1 p.csv >actual &&
	echo "flow,sample,label,family,predicted,params,dist,raw_sig" >expect &&
	test_cmp expect actual &&
	awk -F, "NR > 1 && \$5 == \"windows-vista\" { n[\$3]++ } END { for (l in n) print l, n[l] }" p.csv |
		sort >got &&
	printf "windows-10 22\nwindows-10-pro 46\nwindows-7-pro 47\nwindows-8.1 34\nwindows-vista 100\n" >want &&
	test_cmp want got
'

test_expect_success P0F 'the learned file loads in p0f 3.09b, which reports the learned labels' '
	"$P0F" -f learned.fp -r "$SAMPLE" -o p0f.log >p0f.out 2>&1 &&
	grep -q "Loaded 7 signatures from .learned.fp." p0f.out &&
	sed -n "s/.*|os=\([^|]*\)|.*/\1/p" p0f.log | sort -u >got &&
	printf "mac-os-x\nweb-server\nwindows-7-pro\nwindows-vista\n" >want &&
	test_cmp want got
'

test_expect_success P0F 'p0f and osfp-predict give every SYN the same verdict with the learned file' '
	osfp-pcap-flows -t -q --fields syn --min-packets 1 "$SAMPLE" >fl.tsv &&
	osfp-flow-features -t -f syn --keep-unlabelled fl.tsv >syn.tsv &&
	osfp-predict -t --ignore syn_synack -m learned.fp syn.tsv >pred.tsv &&
	awk -f "$TEST_DIR/p0f-compare.awk" fl.tsv pred.tsv p0f.log >cmp.out &&
	tail -n 1 cmp.out >actual &&
	echo "compared 1180 same 1180 differ 0 p0f-only 0 osfp-only 0 sigs 7 sigs-differ 0" >expect &&
	test_cmp expect actual
'

# Hand-made flows (two packets each; the first is the SYN): labels p0f
# would refuse (a comma) or merge (linux, Linux), a family with a '-', the
# same SYN as IPv4 and IPv6 (p0f does not compare IP versions), a row
# without a label, 14 TCP options, a SYN+ACK.
cat >hand.csv <<'EOF'
flow,time,len,ttl,tcpflags,win,ipver,ipid,df,rf,tos,ipopts,flowlbl,tcpopts,mss,wscale,tsval,tsecr,eolpad,eolnz,urp,seq0,ack0,optbad,payload,label,family
a,1.0,60,128,2,8192,4,5,1,0,0,0,,2-1-3-1-1-4,1460,8,,,0,0,0,0,1,0,0,"Win,XP",win-dows
a,1.5,60,128,16,8192,4,5,1,0,0,0,,,,,,,0,0,0,0,1,0,0,"Win,XP",win-dows
b,2.0,60,64,2,29200,4,9,1,0,0,0,,2-4-8-1-3,1460,7,100,0,0,0,0,0,1,0,0,linux,unix
b,2.5,60,64,16,29200,4,9,1,0,0,0,,,,,,,0,0,0,0,1,0,0,linux,unix
c,3.0,60,64,2,29200,4,9,1,0,0,0,,2-4-8-1-3,1460,8,100,0,0,0,0,0,1,0,0,Linux,unix
c,3.5,60,64,16,29200,4,9,1,0,0,0,,,,,,,0,0,0,0,1,0,0,Linux,unix
d,4.0,60,61,2,29200,4,9,1,0,0,0,,2-4-8-1-3,1460,8,100,0,0,0,0,0,1,0,0,Linux,unix
d,4.5,60,61,16,29200,4,9,1,0,0,0,,,,,,,0,0,0,0,1,0,0,Linux,unix
e,5.0,60,64,2,5000,4,7,0,0,0,0,,2,1400,,,,0,0,0,0,1,0,0,v4host,other
e,5.5,60,64,16,5000,4,7,0,0,0,0,,,,,,,0,0,0,0,1,0,0,v4host,other
f,6.0,60,64,2,5000,6,,,,0,0,0,2,1400,,,,0,0,0,0,1,0,0,v6host,other
f,6.5,60,64,16,5000,6,,,,0,0,0,,,,,,0,0,0,0,1,0,0,v6host,other
g,7.0,60,64,2,5000,4,7,0,0,0,0,,2,1400,,,,0,0,0,0,1,0,0,,
g,7.5,60,64,16,5000,4,7,0,0,0,0,,,,,,,0,0,0,0,1,0,0,,
h,8.0,60,64,2,5000,4,7,0,0,0,0,,2-1-1-1-1-1-1-1-1-1-1-1-1-3,1400,2,,,0,0,0,0,1,0,0,many,other
h,8.5,60,64,16,5000,4,7,0,0,0,0,,,,,,,0,0,0,0,1,0,0,many,other
i,9.0,60,64,18,5000,4,7,1,0,0,0,,2,1400,,,,0,0,0,0,0,0,0,linux,unix
i,9.5,60,64,16,5000,4,7,1,0,0,0,,,,,,,0,0,0,0,0,0,0,linux,unix
EOF

test_expect_success 'hand-made rows: names and classes p0f takes, a covered signature as a comment' '
	osfp-flow-features -f syn --keep-unlabelled hand.csv >hs.csv &&
	osfp-train -m p0f -o hl.fp hs.csv 2>err &&
	test_one_line err "hs.csv.: 1 row with more TCP options than the syn columns hold left out" &&
	grep -v "^; [0-9]* row" hl.fp | sed -n "/^classes/,\$p" >actual &&
	cat >expect <<-\EOF &&
	classes = unix,windows,other

	[tcp:request]

	label = s:unix:Linux:
	sig = 4:64:0:1460:mss*20,8:mss,sok,ts,nop,ws:df,id+:0

	label = s:windows:Win_XP:
	sig = 4:128:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0

	label = s:unix:linux (2):
	sig = 4:64:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0

	label = s:other:v4host:
	sig = 4:64:0:1400:5000,0:mss::0

	label = s:other:v6host:
	; p0f matches this with line 25'"'"'s signature: sig = 6:64:0:1400:5000,0:mss::0

	[tcp:response]

	label = s:unix:linux (2):
	sig = 4:64:0:1400:5000,0:mss:df,id+:0
	EOF
	test_cmp expect actual &&
	sed -n 25p hl.fp >line25 &&
	echo "sig = 4:64:0:1400:5000,0:mss::0" >expect25 &&
	test_cmp expect25 line25
'

test_expect_success 'hand-made rows: osfp-predict reads the learned names back' '
	osfp-predict -m hl.fp hs.csv >hp.csv &&
	sed "s/,\"Win,XP\"/,Win_XP/" hp.csv | awk -F, "NR > 1 { print \$1 \",\" \$4 }" >got &&
	printf "a,Win_XP\nb,linux (2)\nc,Linux\nd,Linux\ne,v4host\nf,v4host\ng,v4host\nh,???\ni,linux (2)\n" >want &&
	test_cmp want got
'

test_expect_success P0F 'hand-made rows: p0f loads the file' '
	"$P0F" -f hl.fp -r "$TEST_DATA/cicids2017/cicids2017-mon-151.pcap" -o hl.log >out 2>&1 &&
	grep -q "Loaded 5 signatures" out
'

test_expect_success '--family COL: classes from another column' '
	osfp-train -m p0f --family label hs.csv >fam.fp &&
	grep "^classes" fam.fp >actual &&
	echo "classes = Linux,WinXP,v4host,v6host" >expect &&
	test_cmp expect actual
'

test_expect_success 'bad input: no family column, no syn columns, nothing labelled, --family alone' '
	cut -d, -f1-3,5- features.csv >nofam.csv &&
	test_expect_code 1 osfp-train -m p0f nofam.csv >out 2>err &&
	test_one_line err "nofam.csv.: line 1: no family column .family. \(--family COL names another\)" &&
	! test -s out &&
	cut -d, -f1-4 features.csv >nosyn.csv &&
	test_expect_code 1 osfp-train -m p0f nosyn.csv >out 2>err &&
	test_one_line err "nosyn.csv.: line 1: -m p0f learns from the syn columns; missing .syn_none., .syn_synack." &&
	awk -F, -v OFS=, "NR > 1 { \$3 = \"\" } { print }" features.csv >nolab.csv &&
	test_expect_code 1 osfp-train -m p0f -o x.fp nolab.csv >out 2>err &&
	test_one_line err "nolab.csv.: no row with a label and a SYN or SYN\+ACK to learn from" &&
	! test -e x.fp &&
	test_expect_code 2 osfp-train -m rf --family label features.csv >out 2>err &&
	grep -q "family needs -m p0f" err
'

test_done
