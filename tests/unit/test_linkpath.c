/* Unit tests for packet/linkpath: one code per encapsulation path, one id
 * per distinct code in order of first appearance, names as
 * decode_link_str writes them. */
#include <string.h>

#include "packet/decode.h"
#include "packet/linkpath.h"
#include "tap.h"

static uint64_t
code_of(int n, const uint8_t *els)
{
	struct decode_pkt d;

	memset(&d, 0, sizeof d);
	d.nlink = (uint8_t)n;
	memcpy(d.link, els, (size_t)n);
	return linkpath_code(&d);
}

int
main(void)
{
	static struct linkpath_tab l;
	static const uint8_t eth[] = { DL_ETH }, vlan2[] = { DL_ETH, DL_VLAN, DL_VLAN },
	    rw[] = { DL_RADIOTAP, DL_WLAN, DL_LLC },
	    eight[] = { DL_ETH, DL_VLAN, DL_VLAN, DL_VLAN, DL_VLAN, DL_VLAN, DL_VLAN, DL_PPPOE };
	uint64_t ce = code_of(1, eth), cv = code_of(3, vlan2), cr = code_of(3, rw);
	int i, bad = 0;

	ok(ce == DL_ETH && cv == (DL_ETH | DL_VLAN << 8 | (uint64_t)DL_VLAN << 16),
	    "a byte an element, outermost lowest");
	ok(code_of(0, eth) == 0, "no link layer (raw IP capture types): code 0");
	ok(code_of(8, eight) >> 56 == DL_PPPOE, "eight elements fill the code");
	ok(linkpath_id(&l, ce) == 0 && linkpath_id(&l, ce) == 0, "first path: id 0, again 0");
	ok(linkpath_id(&l, cv) == 1 && linkpath_id(&l, cr) == 2 && linkpath_id(&l, ce) == 0 &&
	    linkpath_id(&l, cr) == 2, "ids in order of first appearance, found again");
	is_str(l.name[0], "eth", "name of eth");
	is_str(l.name[1], "eth.vlan.vlan", "name of eth.vlan.vlan");
	is_str(l.name[2], "radiotap.wlan.llc", "name of radiotap.wlan.llc");
	ok(l.len[1] == strlen("eth.vlan.vlan") && l.len[2] == strlen("radiotap.wlan.llc"),
	    "lengths kept");
	ok(linkpath_id(&l, 0) == 3 && l.name[3][0] == 0 && l.len[3] == 0,
	    "the empty path has an empty name");
	linkpath_id(&l, code_of(8, eight));
	is_str(l.name[4], "eth.vlan.vlan.vlan.vlan.vlan.vlan.pppoe", "an eight-element name");
	for (i = 5; i < LINKPATH_MAX; i++)
		if (linkpath_id(&l, 0xff00 + (uint64_t)i) != i)
			bad++;
	ok(!bad && l.n == LINKPATH_MAX, "256 distinct paths get ids 0..255");
	ok(linkpath_id(&l, 0xfe00) == 255 && linkpath_id(&l, ce) == 0, "a 257th path gets 255");
	return tap_done();
}
