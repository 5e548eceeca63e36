#!/bin/sh
test_description='make install honours PREFIX, DESTDIR and MANPREFIX; uninstall undoes it'
. "$(dirname "$0")/test-lib.sh"

PROGS="pcapng-labels pcap-flows flow-features split train eval predict tune"

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

# --help, --version and the rest of the command-line contract: each
# program's tN100-<program>-cli.sh (cli-lib.sh).

test_done
