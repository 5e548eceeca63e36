#!/bin/sh
test_description='bad-input matrix of osfp-pcapng-labels (issue 8): every case
ends with the expected status, one clear stderr line naming the input and
byte offset, and the valid rows before the fault on stdout'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-pcapng-labels
MIX="$TEST_DATA/labels/mixed.pcapng"   # 2 sections, 3 interfaces, EPB/SPB/PB
FX="$TEST_DATA/cicids2017/os-fixture.pcapng"
PCAP="$TEST_DATA/public/tcpdump_babel.pcap"

test_expect_success 'setup: good output, blocks of the mixed capture' '
	$P "$MIX" >good.csv && test $(wc -l <good.csv) = 6 &&
	$P "$FX" >fx.csv &&
	ng_blocks "$MIX" >blocks && test $(wc -l <blocks) = 13
'
# the third block of os-fixture (packet 1): its offset, for mutations
B2=$(ng_blocks "$FX" | sed -n 3p | cut -d" " -f1)
L2=$(ng_blocks "$FX" | sed -n 3p | cut -d" " -f2)

# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<EOF_CASES
# ---- not a capture, or nothing in it
empty file~: >empty~$P empty~1~^$P: 'empty': (empty input|not a pcap or pcapng file)~empty
empty standard input~: >empty~$P - <empty~1~^$P: '<stdin>': (empty input|not a pcap or pcapng file)~empty
a PNG image~mk_png x.png~$P x.png~1~^$P: 'x.png': not a pcap or pcapng file~empty
random bytes~mk_random rnd 4096 7~$P rnd~1~^$P: 'rnd': not a pcap or pcapng file~empty
a CSV file~cp good.csv in.csv~$P in.csv~1~^$P: 'in.csv': not a pcap or pcapng file~empty
classic pcap: cannot hold comments~cp "$PCAP" in.pcap~$P in.pcap~1~^$P: 'in.pcap': classic pcap cannot hold comments~empty
# ---- header only
section header only~head -c 28 "$MIX" >shb.pcapng~$P shb.pcapng~0~-~header
section and interface headers only~head -c 48 "$MIX" >hdr.pcapng~$P hdr.pcapng~0~-~header
random bytes after the section header~head -c 28 "$MIX" >r.pcapng && mk_random rnd 600 3 && cat rnd >>r.pcapng~$P r.pcapng~1~^$P: 'r.pcapng': .*byte 28~header
# ---- block lengths (packet 1 of os-fixture is block 2 at byte $B2)
block length zero~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 4)) 0 4~$P b.pcapng~1~^$P: 'b.pcapng': block at byte $B2: length 0 ~header
block length odd~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 4)) $((L2 + 1)) 4~$P b.pcapng~1~^$P: 'b.pcapng': block at byte $B2: length $((L2 + 1)) is not a multiple of 4~header
block length past the end~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 4)) 1048576 4~$P b.pcapng~1~^$P: 'b.pcapng': truncated block at byte $B2~header
block length 4 GiB - 4~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 4)) 4294967292 4~$P b.pcapng~1~^$P: 'b.pcapng': block at byte $B2: length 4294967292 exceeds~header
caplen past its block~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 20)) $((L2 + 1)) 4~$P b.pcapng~1~^$P: 'b.pcapng': block at byte $B2: captured length $((L2 + 1)) exceeds the block~header
caplen over the interface snap length (accepted, as libpcap and tshark do)~cp "$FX" s.pcapng && put_le s.pcapng 40 10 4~$P s.pcapng~0~-~same:fx.csv
caplen over 256 KiB~cp "$FX" b.pcapng && put_le b.pcapng $((B2 + 20)) 262145 4~$P b.pcapng~1~^$P: 'b.pcapng': block at byte $B2: captured length 262145 exceeds 262144~header
# ---- usage
unknown option~:~$P --bogus "$MIX"~2~unrecognized option~empty
two input files~:~$P "$MIX" "$MIX"~2~too many input files~empty
a file that does not exist~:~$P nonexistent.pcapng~1~^$P: 'nonexistent.pcapng': cannot open~empty
EOF_CASES

# Truncation at every block boundary gives a shorter valid file (exit 0,
# a prefix of the rows); a cut inside a block, in its header, or one
# byte short of its trailer gives exactly the rows of the blocks before
# it, then one error line naming the block's offset, exit 1.
while read -r off len; do
	end=$((off + len))
	test_expect_success "cut after the block at byte $off: valid prefix" "
		head -c $end '$MIX' >cut.pcapng &&
		$P cut.pcapng >out 2>err && test ! -s err &&
		prefix_of good.csv && cp out before.$end
	"
done <"$TRASH/blocks"
prev=0
while read -r off len; do
	if [ $off -gt 0 ]; then
		for cut in $((off + 5)) $((off + len / 2)) $((off + len - 1)); do
			test_expect_success "cut at byte $cut (block at $off): rows before, error at $off" "
				head -c $cut '$MIX' >cut.pcapng &&
				test_expect_code 1 $P cut.pcapng >out 2>err &&
				test_cmp before.$off out &&
				test_one_line err \"^$P: 'cut.pcapng': truncated block( header)? at byte $off\\\$\"
			"
		done
	fi
done <"$TRASH/blocks"

# ---- output that cannot be written
test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $P "$FX"
'
test_expect_success 'stdout closed early with --raw and -a: quiet, exit 1' '
	closed_stdout $P -r -a "$FX"
'
test_expect_success '| head -1: the header, quiet' '
	head_one $P "$FX"
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $P "$FX"
'
test_expect_success 'full disk on a header-only capture: one line, exit 1' '
	head -c 48 "$MIX" >hdr.pcapng && full_disk $P hdr.pcapng
'

test_done
