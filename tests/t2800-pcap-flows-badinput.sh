#!/bin/sh
test_description='bad-input matrix of osfp-pcap-flows (issue 8): hostile
captures and hostile packets; every case ends with the expected status,
one clear stderr line naming the input and byte offset, and the flows of
the valid packets before the fault on stdout'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P="osfp-pcap-flows --q-interval 0"
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"

# Ethernet + IPv4 + TCP, 10.0.0.1:12345 -> 10.0.0.2:80, SYN: 54 bytes.
ETH=0000000000020000000000010800
IP=4500002800014000400600000a0000010a000002
TCP=303900500000000100000000500200ff00000000
GOOD=$ETH$IP$TCP
# IPv6 ::1 -> ::2 with n hop-by-hop headers, then the same TCP header
ip6_hbh() {
	n=$1 h=
	i=1
	while [ $i -le "$n" ]; do
		if [ $i = "$n" ]; then h=${h}0600000000000000; else h=${h}0000000000000000; fi
		i=$((i + 1))
	done
	printf '00000000000200000000000186dd60000000%04x0040%032x%032x%s%s' \
	    $((n * 8 + 20)) 1 2 "$h" "$TCP"
}

test_expect_success 'setup: the flow of three good packets' '
	mk_pcap good3.pcap 1 $GOOD $GOOD $GOOD &&
	$P good3.pcap >good3.csv && test $(wc -l <good3.csv) = 4 &&
	mk_pcap good2.pcap 1 $GOOD $GOOD &&
	$P good2.pcap >good2.csv && test $(wc -l <good2.csv) = 3 &&
	$P "$FX" >fx.csv
'

# ---- hostile packets: skipped, counted by reason (-v), never fatal. Each
# capture is two good packets of one flow around one bad packet; the output
# is the two good rows (packets 1 and 3), exit 0.
while read -r name reason frame; do
	case "$name" in '#'*|'') continue ;; esac
	test_expect_success "packet with $name: skipped as $reason" "
		mk_pcap bad.pcap 1 $GOOD '$frame' $GOOD &&
		$P -v bad.pcap >out 2>err &&
		sed 's/,2,1600000001.000000,/,3,1600000002.000000,/' good2.csv >expect &&
		test_cmp expect out &&
		grep -q \"skipped 1 packets*: $reason\\\$\" err
	"
done <<EOF_PACKETS
IHL=4 bad-ipv4-ihl ${ETH}44${IP#45}$TCP
IHL=0 bad-ipv4-ihl ${ETH}40${IP#45}$TCP
IP-length-past-the-capture bad-ip-length ${ETH}450005dc${IP#45000028}$TCP
TCP-data-offset-4 bad-tcp-data-offset $ETH$IP${TCP%%5002*}4002${TCP#*5002}
TCP-data-offset-0 bad-tcp-data-offset $ETH$IP${TCP%%5002*}0002${TCP#*5002}
TCP-data-offset-past-the-segment bad-tcp-data-offset $ETH$IP${TCP%%5002*}f002${TCP#*5002}
TCP-option-length-0 bad-tcp-option-length ${ETH}4500002c${IP#45000028}${TCP%%5002*}6002${TCP#*5002}02000000
TCP-option-length-1 bad-tcp-option-length ${ETH}4500002c${IP#45000028}${TCP%%5002*}6002${TCP#*5002}08010000
TCP-option-past-the-header bad-tcp-option-length ${ETH}4500002c${IP#45000028}${TCP%%5002*}6002${TCP#*5002}080a0000
TCP-option-kind-without-length bad-tcp-option-length ${ETH}4500002c${IP#45000028}${TCP%%5002*}6002${TCP#*5002}01010103
IPv6-extension-header-chain-of-17 bad-ipv6-extension-header $(ip6_hbh 17)
IPv6-extension-header-past-the-end bad-ipv6-extension-header 00000000000200000000000186dd6000000000080040$(printf %032x%032x 1 2)06ff000000000000
IPv4-header-cut-short ip-header-truncated ${ETH}45000028000140
TCP-header-cut-short tcp-udp-header-truncated ${ETH}4500001a${IP#45000028}303900500000
EOF_PACKETS

REC=70   # bytes per record of good3.pcap: 16 + 54
# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
# ---- not a capture, or nothing in it
empty file~: >empty~$P empty~1~^osfp-pcap-flows: 'empty': (empty input|not a pcap or pcapng file)~empty
empty standard input~: >empty~$P - <empty~1~^osfp-pcap-flows: '<stdin>': (empty input|not a pcap or pcapng file)~empty
a PNG image~mk_png x.png~$P x.png~1~^osfp-pcap-flows: 'x.png': not a pcap or pcapng file~empty
random bytes~mk_random rnd 4096 5~$P rnd~1~^osfp-pcap-flows: 'rnd': not a pcap or pcapng file~empty
a CSV file~cp good3.csv in.csv~$P in.csv~1~^osfp-pcap-flows: 'in.csv': not a pcap or pcapng file~empty
pcap file header cut~head -c 20 good3.pcap >cut.pcap~$P cut.pcap~1~^osfp-pcap-flows: 'cut.pcap': truncated pcap file header at byte 0~empty
# ---- header only: no packets is not an error
pcap file header only~head -c 24 good3.pcap >hdr.pcap~$P hdr.pcap~0~note: no flow~header
pcapng section header only~head -c 28 "$FX" >hdr.pcapng~$P hdr.pcapng~0~note: no flow~header
# ---- truncated records: the flows of the complete packets, then the error
cut inside the third record header~head -c $((24 + 2 * REC + 8)) good3.pcap >cut.pcap~$P cut.pcap~1~^osfp-pcap-flows: 'cut.pcap': truncated packet record( header)? at byte $((24 + 2 * REC))\$~same:good2.csv
cut inside the third packet data~head -c $((24 + 3 * REC - 1)) good3.pcap >cut.pcap~$P cut.pcap~1~^osfp-pcap-flows: 'cut.pcap': truncated packet record at byte $((24 + 2 * REC))\$~same:good2.csv
random bytes after the last record~cp good3.pcap r.pcap && mk_random rnd 100 9 && cat rnd >>r.pcap~$P r.pcap~1~^osfp-pcap-flows: 'r.pcap': .*at byte $((24 + 3 * REC))~same:good3.csv
# ---- captured lengths
caplen larger than the snap length (accepted, as libpcap does)~cp good3.pcap s.pcap && put_le s.pcap 16 20 4~$P s.pcap~0~-~same:good3.csv
caplen over 256 KiB~cp good3.pcap c.pcap && put_le c.pcap $((24 + REC + 8)) 262145 4~$P c.pcap~1~^osfp-pcap-flows: 'c.pcap': packet record at byte $((24 + REC)): captured length 262145 exceeds 262144~header
IPv4 length under its header (kept, as netml keeps it)~mk_pcap l.pcap 1 $GOOD ${ETH}45000010${IP#45000028}$TCP $GOOD~$P l.pcap~0~-~lines:4
caplen past the end of the file~cp good3.pcap c.pcap && put_le c.pcap $((24 + 2 * REC + 8)) 4000 4~$P c.pcap~1~^osfp-pcap-flows: 'c.pcap': truncated packet record at byte $((24 + 2 * REC))~same:good2.csv
unknown link type: a warning and a note (no flow left)~mk_pcap u.pcap 147 $GOOD $GOOD~$P u.pcap~1~all:^osfp-pcap-flows: 'u.pcap': (packet 1: link type 147 is not supported; its packets are skipped|note: no flow has 2 or more packets.*)\$~header
# ---- bad options and side inputs
unknown option~:~$P --bogus good3.pcap~2~unrecognized option~empty
bad --timeout~:~$P --timeout abc good3.pcap~2~--timeout~empty
negative --min-packets~:~$P --min-packets -1 good3.pcap~2~--min-packets~empty
standard input given twice~:~$P - - <good3.pcap~2~^osfp-pcap-flows: standard input given twice\$~empty
a bad filter expression~:~$P good3.pcap 'tcp port'~2~^osfp-pcap-flows: bad filter expression 'tcp port': .*syntax error~empty
a capture that does not exist after the first: a filter expression~:~$P good3.pcap nothere.pcap~2~^osfp-pcap-flows: bad filter expression 'nothere.pcap': ~empty
-F file that does not exist~:~$P -F none.bpf good3.pcap~1~^osfp-pcap-flows: 'none.bpf': cannot open~empty
a second capture that is not one~cp good3.csv in.csv~$P good3.pcap in.csv~1~^osfp-pcap-flows: 'in.csv': not a pcap or pcapng file~empty
a file that does not exist~:~$P nonexistent.pcap~1~^osfp-pcap-flows: 'nonexistent.pcap': cannot open~empty
--labels file that does not exist~:~$P --labels none.csv good3.pcap~1~'none.csv': cannot open~empty
--labels file that is not CSV~mk_png l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': ~empty
--labels with a ragged row~printf 'packet,time,sample,label,family\n1,1.0,7,a,b\n2,1.0\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 3: ~empty
--labels with a quote never closed~printf 'packet,time,sample,label,family\n1,1.0,7,"a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 2: ~empty
--labels without the packet column~printf 'time,sample,label,family\n1.0,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': .*packet~empty
--labels with a non-numeric packet~printf 'packet,time,sample,label,family\nx,1.0,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 2: ~empty
--labels with duplicate column names~printf 'packet,packet,label\n1,1,a\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 1: duplicate column name~empty
EOF_CASES

# Cut the os-fixture capture at every 16th block boundary and inside
# those blocks: the flows of the packets before the cut; exit 0 at a
# boundary, exit 1 with the block's offset inside it.
test_expect_success 'setup: block offsets of os-fixture' '
	ng_blocks "$FX" | awk "NR > 2 && NR % 16 == 3" >blocks
'
while read -r off len; do
	test_expect_success "os-fixture cut at block byte $off: valid, exit 0" "
		head -c $off '$FX' >cut.pcapng &&
		$P cut.pcapng >before.$off 2>err
	"
	test_expect_success "os-fixture cut inside the block at $off: the same flows, exit 1" "
		head -c $((off + len / 2)) '$FX' >cut.pcapng &&
		test_expect_code 1 $P cut.pcapng >out 2>err &&
		test_cmp before.$off out &&
		test_one_line err \"^osfp-pcap-flows: 'cut.pcapng': truncated block at byte $off\\\$\"
	"
done <"$TRASH/blocks"

# ---- output that cannot be written
test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $P "$FX"
'
test_expect_success 'stdout closed early with --fields all: quiet, exit 1' '
	closed_stdout $P --fields all "$FX"
'
test_expect_success '| head -1: the header, quiet' '
	head_one $P "$FX"
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $P "$FX"
'
test_expect_success 'full disk with no flow at all: one line, exit 1' '
	head -c 24 good3.pcap >hdr.pcap && full_disk $P hdr.pcap
'

test_done
