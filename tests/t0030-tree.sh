#!/bin/sh
test_description='the tree keeps its own rules: layer includes
(scripts/check-layers), size limits (scripts/check-size), and the maps in
tests/README.md and libcommon/README.md name everything'
. "$(dirname "$0")/test-lib.sh"

R=$OSFP_ROOT

test_expect_success 'check-layers: the tree keeps the layers' '
	"$R/scripts/check-layers" "$R" >out 2>err &&
	test ! -s out && test ! -s err
'

test_expect_success 'setup: a copy of the sources' '
	mkdir -p t && cp -R "$R/libcommon" "$R/cmd" t/ &&
	mkdir -p t/tests && cp -R "$R/tests/unit" "$R/tests/fuzz" t/tests/
'

# Each case: file to change|the line added at its top|the message (grep -E)
while IFS='|' read -r file line re; do
	test_expect_success "check-layers catches $line in $file" "
		rm -rf c && cp -R t c &&
		{ echo '$line'; cat c/$file; } >c/tmp && mv c/tmp c/$file &&
		test_expect_code 1 '$R/scripts/check-layers' c >out 2>err &&
		test ! -s out &&
		test_one_line err '^check-layers: $file:1: $re'
	"
done <<'EOF_CASES'
libcommon/packet/decode.c|#include "table/csvr.h"|"table/csvr.h": layer packet may not include table \(packet may include: base packet\)$
libcommon/learn/linear.c|#include "packet/decode.h"|"packet/decode.h": layer learn may not include packet
libcommon/features/flowfeat.c|#include "learn/model.h"|"learn/model.h": layer features may not include learn
libcommon/base/num.c|#include "table/csvw.h"|"table/csvw.h": layer base may not include table
libcommon/table/csvr.c|#include "util.h"|"util.h": include without its layer
libcommon/table/csvr.c|#include "../../cmd/split/x.h"|"../../cmd/split/x.h": libcommon never includes cmd/
libcommon/table/csvr.c|#include "cmd/split/x.h"|"cmd/split/x.h": libcommon never includes cmd/
libcommon/table/csvr.c|#include "base/nosuch.h"|"base/nosuch.h": no such header libcommon/base/nosuch.h
cmd/split/split.c|#include "csvr.h"|"csvr.h": not a file of cmd/split/
tests/unit/test_num.c|#include "nolayer/x.h"|"nolayer/x.h": "nolayer" is not a layer
EOF_CASES

test_expect_success 'check-layers: a source outside the layer folders' '
	rm -rf c && cp -R t c && echo "int x;" >c/libcommon/loose.c &&
	test_expect_code 1 "$R/scripts/check-layers" c 2>err &&
	test_one_line err "^check-layers: libcommon/loose.c:1: a source file outside the layer folders"
'

test_expect_success 'check-size: a function over 120 lines, a cmd/ file over 400' '
	rm -rf c && mkdir -p c/libcommon/base c/cmd/x &&
	awk "BEGIN { print \"int\"; print \"f(void)\"; print \"{\";
		for (i = 0; i < 117; i++) print \"\tg();\"; print \"}\" }" >c/libcommon/base/ok.c &&
	"$R/scripts/check-size" c >out 2>err &&
	test ! -s err &&
	awk "BEGIN { print \"int\"; print \"f(void)\"; print \"{\";
		for (i = 0; i < 118; i++) print \"\tg();\"; print \"}\" }" >c/libcommon/base/long.c &&
	awk "BEGIN { for (i = 0; i < 401; i++) print \"/* */\" }" >c/cmd/x/x.c &&
	test_expect_code 1 "$R/scripts/check-size" c >out 2>err &&
	grep -q "^check-size: libcommon/base/long.c:2: function f is 121 lines (limit 120)\$" err &&
	grep -q "^check-size: cmd/x/x.c:1: 401 lines (limit 400 for a file under cmd/)\$" err &&
	test $(wc -l <err) = 2
'

test_expect_success 'tests/README.md names every script and every unit test' '
	for f in "$R"/tests/t[0-9]*.sh; do
		n=$(basename "$f" .sh | cut -c1-5)
		grep -q "$n" "$R/tests/README.md" || { echo "$n not in tests/README.md"; exit 1; }
	done &&
	for f in "$R"/tests/unit/test_*.c; do
		n=$(basename "$f" .c)
		grep -q "\`$n\`" "$R/tests/README.md" || { echo "$n not in tests/README.md"; exit 1; }
	done
'

test_expect_success 'libcommon/README.md names every module' '
	for f in "$R"/libcommon/*/*.h; do
		n=$(basename "$f" .h)
		grep -q "\`$n\`\|\`$n.h\`" "$R/libcommon/README.md" ||
			{ echo "$n not in libcommon/README.md"; exit 1; }
	done
'

test_done
