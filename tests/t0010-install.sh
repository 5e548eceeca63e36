#!/bin/sh
test_description='make install honours PREFIX, DESTDIR and MANPREFIX; every program answers --help and --version'
. "$(dirname "$0")/test-lib.sh"

PROGS="pcapng-labels pcap-flows flow-features split train eval predict"

# The build under test: plain (build/, bin/) or sanitizer (build-asan/).
case $OSFP_BIN in
*/build-asan/bin) B="BUILD=build-asan BIN=build-asan/bin" ;;
*) B= ;;
esac

# make install builds what is out of date: here that would relink the
# programs other scripts are running at the same moment (prove -j2), so
# the build must be up to date first (make test and make check-asan see
# to it); if it is not, these tests fail instead of relinking.
up_to_date() {
	make --no-print-directory -s -q -C "$OSFP_ROOT" $B all ||
		{ echo "the build under test is not up to date: make $B all first"; return 1; }
}

test_expect_success EXPENSIVE 'install into a DESTDIR with a PREFIX' '
	up_to_date &&
	make --no-print-directory -s -C "$OSFP_ROOT" $B DESTDIR="$PWD/dest" PREFIX=/opt/osfp install >out 2>&1 &&
	for p in $PROGS; do
		test -x dest/opt/osfp/bin/osfp-$p || { echo "no osfp-$p"; exit 1; }
		test -s dest/opt/osfp/share/man/man1/osfp-$p.1 || { echo "no osfp-$p.1"; exit 1; }
	done
'

test_expect_success EXPENSIVE 'MANPREFIX moves the man pages only' '
	up_to_date &&
	make --no-print-directory -s -C "$OSFP_ROOT" $B DESTDIR="$PWD/dest2" PREFIX=/usr MANPREFIX=/usr/man install >out 2>&1 &&
	test -x dest2/usr/bin/osfp-split &&
	test -s dest2/usr/man/man1/osfp-split.1
'

test_expect_success EXPENSIVE 'uninstall removes what install put there' '
	make --no-print-directory -s -C "$OSFP_ROOT" $B DESTDIR="$PWD/dest" PREFIX=/opt/osfp uninstall >out 2>&1 &&
	! ls dest/opt/osfp/bin/osfp-* 2>/dev/null &&
	! ls dest/opt/osfp/share/man/man1/osfp-* 2>/dev/null
'

for p in $PROGS; do
	test_expect_success "osfp-$p --help and --version on stdout, exit 0" "
		osfp-$p --help >out 2>err &&
		grep -q '^usage: osfp-$p' out &&
		test ! -s err &&
		osfp-$p --version >out 2>err &&
		grep -q '^osfp-$p (osfp) ' out &&
		test ! -s err
	"
	test_expect_success "osfp-$p: an unknown option is a usage error (exit 2), named as the program whatever the path" "
		test_expect_code 2 osfp-$p --no-such-option >out 2>err &&
		test ! -s out &&
		grep -q 'usage: osfp-$p' err &&
		test_expect_code 2 \"\$OSFP_BIN/osfp-$p\" -Z >out 2>err &&
		head -1 err >first &&
		grep -q '^osfp-$p: invalid option' first
	"
done

test_done
