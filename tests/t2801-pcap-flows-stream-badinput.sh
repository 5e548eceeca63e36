#!/bin/sh
test_description='bad-input matrix of osfp-pcap-flows --stream: hostile
packets skipped and counted, captures cut short (a file or a pipe) give
the flows of the packets before the fault then one line, labels that
cannot be read stop the run in one line, output that cannot be written
ends it quietly or in one line; no crash, no hang'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P="osfp-pcap-flows --stream --q-interval 0"
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"
LAB="$OSFP_ROOT/data/lab/sample.pcapng"

# Ethernet + IPv4 + TCP, 10.0.0.1:12345 -> 10.0.0.2:80, SYN: 54 bytes.
ETH=0000000000020000000000010800
IP=4500002800014000400600000a0000010a000002
TCP=303900500000000100000000500200ff00000000
GOOD=$ETH$IP$TCP

# piped FILE CMD...: CMD reading FILE through a pipe (not the file itself,
# which would be mapped): the reader's path for live input
piped() {
	f=$1
	shift
	cat "$f" | "$@"
}

test_expect_success 'setup: the flow of three good packets' '
	mk_pcap good3.pcap 1 $GOOD $GOOD $GOOD &&
	$P good3.pcap >good3.csv && test $(wc -l <good3.csv) = 4 &&
	mk_pcap good2.pcap 1 $GOOD $GOOD &&
	$P good2.pcap >good2.csv && test $(wc -l <good2.csv) = 3
'

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
IP-length-past-the-capture bad-ip-length ${ETH}450005dc${IP#45000028}$TCP
TCP-data-offset-past-the-segment bad-tcp-data-offset $ETH$IP${TCP%%5002*}f002${TCP#*5002}
TCP-option-length-0 bad-tcp-option-length ${ETH}4500002c${IP#45000028}${TCP%%5002*}6002${TCP#*5002}02000000
TCP-header-cut-short tcp-udp-header-truncated ${ETH}4500001a${IP#45000028}303900500000
EOF_PACKETS

REC=70   # bytes per record of good3.pcap: 16 + 54
# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
# ---- not a capture, or nothing in it
empty file~: >empty~$P empty~1~^osfp-pcap-flows: 'empty': (empty input|not a pcap or pcapng file)~empty
empty standard input~: >empty~$P - <empty~1~^osfp-pcap-flows: '<stdin>': (empty input|not a pcap or pcapng file)~empty
random bytes in a pipe~mk_random rnd 4096 5~piped rnd $P -~1~^osfp-pcap-flows: '<stdin>': not a pcap or pcapng file~empty
pcap file header only~head -c 24 good3.pcap >hdr.pcap~$P hdr.pcap~0~note: no flow~header
# ---- truncated records: the flows of the complete packets, then the error
cut inside the third record header~head -c $((24 + 2 * REC + 8)) good3.pcap >cut.pcap~$P cut.pcap~1~^osfp-pcap-flows: 'cut.pcap': truncated packet record( header)? at byte $((24 + 2 * REC))\$~same:good2.csv
cut inside the third packet, in a pipe~head -c $((24 + 3 * REC - 1)) good3.pcap >cut.pcap~piped cut.pcap $P -~1~^osfp-pcap-flows: '<stdin>': truncated packet record at byte $((24 + 2 * REC))\$~same:good2.csv
caplen over 256 KiB~cp good3.pcap c.pcap && put_le c.pcap $((24 + REC + 8)) 262145 4~$P c.pcap~1~^osfp-pcap-flows: 'c.pcap': packet record at byte $((24 + REC)): captured length 262145 exceeds 262144~header
unknown link type: a warning and a note (no flow left)~mk_pcap u.pcap 147 $GOOD $GOOD~$P u.pcap~1~all:^osfp-pcap-flows: 'u.pcap': (packet 1: link type 147 is not supported; its packets are skipped|note: no flow has 2 or more packets.*)\$~header
# ---- labels read alongside: a fault stops the run in one line
--labels with a ragged row~printf 'packet,time,sample,label,family\n1,1600000000.0,7,a,b\n2,1.0\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 3: ~any
--labels with a non-numeric packet~printf 'packet,time,sample,label,family\nx,1.0,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 2: ~any
--labels without the packet column~printf 'time,sample,label,family\n1.0,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': .*packet~empty
--labels out of packet order~printf 'packet,time,sample,label,family\n3,1600000002,7,a,b\n1,1600000000,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'l.csv': line 3: packet 1 after packet 3: stream mode needs the labels in packet order\$~any
--labels of another time~printf 'packet,time,sample,label,family\n2,5.5,7,a,b\n' >l.csv~$P --labels l.csv good3.pcap~1~^osfp-pcap-flows: 'good3.pcap': packet 2: time 1600000001.000000, but 'l.csv' line 2 has 5.5: labels of another capture~any
# ---- options
--max-flows 0~:~$P --max-flows 0 good3.pcap~2~--max-flows~empty
--stream with the quantile interval~:~osfp-pcap-flows --stream good3.pcap~2~--stream needs --interval~empty
EOF_CASES

# Cut the os-fixture capture at every 16th block boundary and inside
# those blocks, read from a pipe: the flows of the packets before the cut;
# exit 0 at a boundary, exit 1 with the block's offset inside it.
test_expect_success 'setup: block offsets of os-fixture' '
	ng_blocks "$FX" | awk "NR > 2 && NR % 16 == 3" >blocks
'
while read -r off len; do
	test_expect_success "os-fixture cut at block byte $off, in a pipe: valid, exit 0" "
		head -c $off '$FX' >cut.pcapng &&
		piped cut.pcapng $P - >before.$off 2>err
	"
	test_expect_success "os-fixture cut inside the block at $off: the same flows, exit 1" "
		head -c $((off + len / 2)) '$FX' >cut.pcapng &&
		test_expect_code 1 piped cut.pcapng $P - >out 2>err &&
		test_cmp before.$off out &&
		test_one_line err \"^osfp-pcap-flows: '<stdin>': truncated block at byte $off\\\$\"
	"
done <"$TRASH/blocks"

# ---- output that cannot be written
test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $P "$FX"
'
test_expect_success 'stdout closed early, input a pipe: quiet, exit 1' '
	closed_stdout sh -c "cat \"\$0\" | $P -" "$LAB"
'
test_expect_success '| head -1: the header, quiet' '
	head_one $P "$FX"
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $P "$FX"
'
test_expect_success 'full disk, input a pipe (rows written as flows end): one line, exit 1' '
	full_disk piped "$LAB" $P --interval 0.26 -
'

test_done
