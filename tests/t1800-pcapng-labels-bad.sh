#!/bin/sh
test_description='osfp-pcapng-labels on bad input: complete rows first, one error line with the byte offset, exit 1'
. "$(dirname "$0")/test-lib.sh"

FX="$TEST_DATA/cicids2017/os-fixture.pcapng"   # little-endian: SHB, IDB, 151 EPBs

# Little-endian u32 at a byte offset of a file, read and written portably.
u32le() {
	od -An -tu1 -j "$2" -N4 "$1" | awk '{ print $1 + 256 * ($2 + 256 * ($3 + 256 * $4)) }'
}
put_le() {     # file offset value nbytes
	v=$3 i=0 s=
	while [ $i -lt "$4" ]; do
		s="$s\\$(printf %03o $((v % 256)))"
		v=$((v / 256)) i=$((i + 1))
	done
	printf "$s" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# offset of block k (0 = the SHB)
block_at() {
	o=0 k=0
	while [ $k -lt "$2" ]; do
		o=$((o + $(u32le "$1" $((o + 4))))) k=$((k + 1))
	done
	echo $o
}

# check_bad ROWS REGEX: bad.pcapng gives the first ROWS rows of the good
# output, exit 1 and one stderr line matching REGEX
check_bad() {
	test_expect_code 1 osfp-pcapng-labels bad.pcapng >out 2>err &&
	head -n $(($1 + 1)) good.csv >expect &&
	test_cmp expect out &&
	test_one_line err "^osfp-pcapng-labels: 'bad.pcapng': $2"
}

test_expect_success 'setup' '
	osfp-pcapng-labels "$FX" >good.csv &&
	test $(wc -l <good.csv) = 152 &&
	B3=$(block_at "$FX" 4) && echo $B3 >b3 &&          # packet 3
	LAST=$(block_at "$FX" 152) && echo $LAST >last &&  # packet 151
	SIZE=$(wc -c <"$FX") && echo $SIZE >size &&
	test $((LAST + $(u32le "$FX" $((LAST + 4))))) = $SIZE
'
B3=$(cat "$TRASH/b3" 2>/dev/null)
LAST=$(cat "$TRASH/last" 2>/dev/null)
SIZE=$(cat "$TRASH/size" 2>/dev/null)
LEN3=$(u32le "$FX" $((B3 + 4)))
CAP3=$(u32le "$FX" $((B3 + 20)))
OPT3=$((B3 + 28 + (CAP3 + 3) / 4 * 4))   # its first option: the comment

# name | mutation of bad.pcapng | rows before the error | message
while IFS='|' read -r name mutation rows msg; do
	test_expect_success "$name" "
		cp '$FX' bad.pcapng && chmod u+w bad.pcapng && $mutation &&
		check_bad $rows '$msg'
	"
done <<EOF_CASES
block length 0|put_le bad.pcapng $((B3 + 4)) 0 4|2|block at byte $B3: length 0 is too small for block type 0x6$
block length 8, under 12|put_le bad.pcapng $((B3 + 4)) 8 4|2|block at byte $B3: length 8 is too small for block type 0x6$
block length not a multiple of 4|put_le bad.pcapng $((B3 + 4)) $((LEN3 + 1)) 4|2|block at byte $B3: length $((LEN3 + 1)) is not a multiple of 4$
block length past the end|put_le bad.pcapng $((LAST + 4)) 4096 4|150|truncated block at byte $LAST$
block length absurd|put_le bad.pcapng $((B3 + 4)) 2147483648 4|2|block at byte $B3: length 2147483648 exceeds the 16777216-byte limit$
block trailer mismatch|put_le bad.pcapng $((B3 + LEN3 - 4)) $((LEN3 + 4)) 4|2|block at byte $B3: trailing length $((LEN3 + 4)) does not match leading length $LEN3$
option running past its block|put_le bad.pcapng $((OPT3 + 2)) 65520 2|2|block at byte $B3: option 1 at byte $OPT3 runs past the end of the block$
captured length past the block|put_le bad.pcapng $((B3 + 20)) 4096 4|2|block at byte $B3: captured length 4096 exceeds the block$
captured length over 256 KiB|put_le bad.pcapng $((B3 + 20)) 300000 4|2|block at byte $B3: captured length 300000 exceeds 262144$
interface id past the IDBs|put_le bad.pcapng $((B3 + 8)) 3 4|2|block at byte $B3: interface id 3 but the section has 1 interface$
cut in the middle of a block|head -c $((SIZE - 10)) '$FX' >bad.pcapng|150|truncated block at byte $LAST$
cut in a block header|head -c $((B3 + 5)) '$FX' >bad.pcapng|2|truncated block header at byte $B3$
garbage after the last block|cat '$FX' >bad.pcapng && printf 'xyz' >>bad.pcapng|151|truncated block header at byte $SIZE$
EOF_CASES

test_expect_success 'cut at a block boundary: a shorter valid file, exit 0' '
	head -c $B3 "$FX" >cut.pcapng &&
	osfp-pcapng-labels cut.pcapng >out 2>err && test ! -s err &&
	head -n 3 good.csv >expect && test_cmp expect out
'

test_expect_success 'only the section header: the header row, exit 0' '
	head -c $(block_at "$FX" 1) "$FX" >cut.pcapng &&
	osfp-pcapng-labels cut.pcapng >out 2>err && test ! -s err &&
	head -n 1 good.csv >expect && test_cmp expect out
'

test_expect_success 'two sections back to back: numbering goes on' '
	cat "$FX" "$FX" >two.pcapng &&
	osfp-pcapng-labels two.pcapng >out &&
	test $(wc -l <out) = 303 &&
	sed -n 153p out >actual && sed -n 2p good.csv | sed "s/^1,/152,/" >expect &&
	test_cmp expect actual
'

# not pcapng at all: exit 1, one line, nothing on stdout
while IFS='|' read -r name make msg; do
	test_expect_success "$name" "
		$make &&
		test_expect_code 1 osfp-pcapng-labels bad.in >out 2>err &&
		test ! -s out &&
		test_one_line err \"^osfp-pcapng-labels: 'bad.in': $msg\"
	"
done <<EOF_CASES
classic pcap|cp '$TEST_DATA/cicids2017/cicids2017-mon-151.pcap' bad.in|classic pcap cannot hold comments
classic pcap, ns|cp '$TEST_DATA/public/tcpdump_tcp-handshake-nano.pcap' bad.in|classic pcap cannot hold comments
PNG image|printf '\\211PNG\\r\\n\\032\\n\\000\\000\\000\\rIHDR' >bad.in|not a pcap or pcapng file$
random bytes|dd if='$OSFP_ROOT/data/lab/sample.pcapng' of=bad.in bs=1 skip=1000003 count=3000 2>/dev/null|not a pcap or pcapng file$
empty file|: >bad.in|not a pcap or pcapng file$
three bytes|printf 'abc' >bad.in|not a pcap or pcapng file$
bad byte-order magic|cp '$FX' bad.in && chmod u+w bad.in && put_le bad.in 8 0 4|section header at byte 0: bad byte-order magic$
pcapng version 2|cp '$FX' bad.in && chmod u+w bad.in && put_le bad.in 12 2 2|section header at byte 0: unsupported pcapng version 2.0$
pcapng magic only|printf '\\n\\r\\r\\n' >bad.in|truncated section header at byte 0$
EOF_CASES

test_expect_success 'a missing file: exit 1, one line' '
	test_expect_code 1 osfp-pcapng-labels no-such.pcapng >out 2>err &&
	test_one_line err "no-such.pcapng"
'

test_expect_success 'a directory: exit 1, one line' '
	mkdir d && test_expect_code 1 osfp-pcapng-labels d >out 2>err &&
	test_one_line err "d"
'

test_done
