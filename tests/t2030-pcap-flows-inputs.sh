#!/bin/sh
test_description='osfp-pcap-flows inputs: a tcpdump filter expression (operands
or -F), compiled by libpcap for the capture'"'"'s link type; several captures at
once, merged in time order as mergecap merges them, their packets numbered
as the captures'"'"' concatenation, the labels join by the same numbers'
. "$(dirname "$0")/test-lib.sh"

A="$TEST_DATA/shards/lab-a.pcapng"
B="$TEST_DATA/shards/lab-b.pcapng"
P80="$TEST_DATA/public/nprint_port80.pcap"
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

# ---- filter expressions

# With the filter, a flow keeps all its packets or none (the flow key is
# in every packet): the rows are those of the flows that match, packet
# numbers unchanged (the capture's own), flows renumbered.
test_expect_success 'an expression: the rows of the matching flows, packet numbers kept' '
	osfp-pcap-flows --q-interval 0 "$FX" >all.csv &&
	osfp-pcap-flows --q-interval 0 "$FX" tcp port 88 >fx88.csv 2>err &&
	test ! -s err &&
	awk -F, "NR == 1 || \$4 == 88 || \$5 == 88" all.csv | cut -d, -f2- >want &&
	cut -d, -f2- fx88.csv >got &&
	test_cmp want got &&
	test $(wc -l <got) -gt 10 &&
	osfp-pcap-flows --q-interval 0 "$FX" "tcp port 88" >got2.csv &&
	test_cmp fx88.csv got2.csv
'

test_expect_success TCPDUMP 'the same packets as tcpdump -r FILE -w OUT EXPRESSION' '
	tcpdump -r "$P80" -w t.pcap "tcp and dst port 80 and not tcp[tcpflags] & tcp-syn != 0" 2>/dev/null &&
	osfp-pcap-flows t.pcap >want.csv &&
	osfp-pcap-flows "$P80" "tcp and dst port 80 and not tcp[tcpflags] & tcp-syn != 0" >got.csv &&
	cut -d, -f1-6,8- want.csv >want && cut -d, -f1-6,8- got.csv >got &&
	test_cmp want got &&
	test $(wc -l <got) -gt 100
'

test_expect_success '-F FILE: the expression from a file, comments and lines as tcpdump reads them' '
	printf "# the Kerberos flows\\ntcp port 88 # of the fixture\\n" >f.bpf &&
	osfp-pcap-flows --q-interval 0 -F f.bpf "$FX" >f.csv &&
	test_cmp fx88.csv f.csv &&
	osfp-pcap-flows --q-interval 0 --filter-file f.bpf - <"$FX" >g.csv &&
	test_cmp fx88.csv g.csv
'

test_expect_success 'standard input and an expression: - first' '
	osfp-pcap-flows --q-interval 0 - tcp port 88 <"$FX" >s.csv &&
	test_cmp fx88.csv s.csv
'

test_expect_success '-v counts the packets filtered out' '
	osfp-pcap-flows -v "$FX" udp >out.csv 2>err &&
	grep -q "skipped [0-9]* packets: filtered out\$" err &&
	test $(wc -l <out.csv) = 1
'

test_expect_success 'a bad expression: one line, exit 2' '
	test_expect_code 2 osfp-pcap-flows "$FX" tcp port >out 2>err &&
	test_one_line err "^osfp-pcap-flows: bad filter expression .tcp port.: .*syntax error\$" &&
	test ! -s out &&
	test_expect_code 2 osfp-pcap-flows "$FX" no-such.pcap >out 2>err &&
	test_one_line err "bad filter expression .no-such.pcap.: .*\\(nor a capture: no such file\\)\$" &&
	printf "tcp port\\n# of what?\\n" >bad.bpf &&
	test_expect_code 2 osfp-pcap-flows -F bad.bpf "$FX" >out 2>err &&
	test_one_line err "^osfp-pcap-flows: .bad.bpf.: bad filter expression: .*syntax error\$"
'

# ---- several captures

test_expect_success 'two captures: the flows of their concatenation, numbered so' '
	cat "$A" "$B" >ab.pcapng &&
	osfp-pcap-flows ab.pcapng >cat.csv &&
	osfp-pcap-flows "$A" "$B" >two.csv 2>err &&
	test ! -s err &&
	sort cat.csv >cat.sorted && sort two.csv >two.sorted &&
	cut -d, -f2- cat.csv | sort >c && cut -d, -f2- two.csv | sort >t &&
	test_cmp c t &&
	osfp-pcapng-labels -a ab.pcapng >ab.csv &&
	awk -F, "NR == FNR { t[\$1] = \$2; next } FNR > 1 && t[\$7] != \$8 { bad++ }
		END { exit bad > 0 }" ab.csv two.csv
'

# (mergecap comes with tshark)
test_expect_success TSHARK,EXPENSIVE 'two captures merged as mergecap merges them: the same flows' '
	mergecap -w merged.pcapng "$A" "$B" &&
	osfp-pcap-flows merged.pcapng >m.csv &&
	osfp-pcap-flows "$A" "$B" >two.csv &&
	cut -d, -f1-6,8- m.csv >want && cut -d, -f1-6,8- two.csv >got &&
	test_cmp want got &&
	osfp-pcap-flows -j 1 "$A" "$B" >two1.csv &&
	test_cmp two.csv two1.csv &&
	osfp-pcap-flows --by sample "$A" "$B" >s.csv &&
	osfp-pcap-flows --by sample merged.pcapng >ms.csv &&
	cut -d, -f1-6,8- ms.csv >want && cut -d, -f1-6,8- s.csv >got &&
	test_cmp want got
'

test_expect_success TSHARK,EXPENSIVE 'the labels of the concatenation join the two captures as the merged capture'"'"'s join it' '
	osfp-pcapng-labels ab.pcapng >cat-labels.csv &&
	osfp-pcapng-labels merged.pcapng >m-labels.csv &&
	osfp-pcap-flows --labels cat-labels.csv "$A" "$B" >two.csv 2>err &&
	test ! -s err &&
	osfp-pcap-flows --labels m-labels.csv merged.pcapng >m.csv &&
	cut -d, -f1-6,8- m.csv >want && cut -d, -f1-6,8- two.csv >got &&
	test_cmp want got &&
	osfp-pcapng-labels "$A" >a-labels.csv &&
	osfp-pcap-flows --labels a-labels.csv "$A" "$B" >out 2>err &&
	test_one_line err ": note: [0-9]* of [0-9]* packets in flows have no label in .a-labels.csv.\$" &&
	osfp-pcapng-labels "$B" >b-labels.csv &&
	test_expect_code 1 osfp-pcap-flows --labels b-labels.csv "$A" "$B" >out 2>err &&
	test_one_line err ".lab-a.pcapng, .*lab-b.pcapng.: packet [0-9]*: time .*, but .b-labels.csv. line [0-9]* has .*: labels of another capture"
'

test_expect_success 'the second capture cut short: the flows before, its name, exit 1' '
	size=$(wc -c <"$B") &&
	head -c $((size - 100)) "$B" >bcut.pcapng &&
	test_expect_code 1 osfp-pcap-flows "$A" bcut.pcapng >out.csv 2>err &&
	test_one_line err "^osfp-pcap-flows: .bcut.pcapng.: truncated block at byte [0-9]*\$" &&
	test $(wc -l <out.csv) -gt 100
'

test_expect_success 'a capture and --labels both on standard input: usage error' '
	test_expect_code 2 osfp-pcap-flows --labels - "$A" - <"$B" >out 2>err &&
	grep -q "cannot both be stdin" err
'

test_done
