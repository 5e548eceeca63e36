#!/bin/sh
test_description='bad input with p0f databases: a p0f file with a syntax
error, an unknown section or an impossible field gives one line naming the
file and line, exit 1; so do bad syn columns, for osfp-predict and
osfp-train -m p0f'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

P=osfp-predict
T=osfp-train
DB=$TEST_DATA/golden/p0f/p0f.fp

test_expect_success 'setup: syn features of the CIC-IDS2017 packets, their predictions' '
	osfp-pcap-flows --fields syn "$TEST_DATA/cicids2017/cicids2017-mon-151.pcap" >fl.csv &&
	osfp-flow-features -f syn fl.csv >ok.csv &&
	$P -m "$DB" ok.csv >good.csv &&
	test $(wc -l <good.csv) = 11 &&
	printf "classes = unix\n\n[tcp:request]\nlabel = s:unix:Linux:3.x\n" >head.fp
'

# mk_db FILE LINE...: head.fp (4 lines) then the lines
mk_db() {
	f=$1
	shift
	cp head.fp "$f" && printf "%s\n" "$@" >>"$f"
}

R="$P -m"
# name ~ setup ~ command ~ exit ~ stderr ~ stdout
bad_table <<'EOF_CASES'
syntax error: no '='~mk_db s.fp "sig 4:64:0:*:*,*:::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: unexpected statement 'sig 4:64:0:\*:\*,\*:::0'~empty
syntax error: a quirk without its comma~mk_db s.fp "sig = 4:64:0:*:*,*::df;id+:0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: malformed quirks in signature~empty
syntax error: no payload class~mk_db s.fp "sig = 4:64:0:*:*,*:mss:df:"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: malformed payload class~empty
syntax error: a label of three fields~mk_db s.fp "label = s:unix:Linux"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: malformed name in label~empty
syntax error: Windows line ends~printf "classes = unix\r\n" >s.fp~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 1: malformed class entry in 'classes' .*: 'unix\?'$~empty
unknown section~printf "; x\n\n[udp:request]\n" >s.fp~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 3: unknown section '\[udp:request\]'~empty
unknown direction~printf "[tcp:both]\n" >s.fp~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 1: unknown traffic direction~empty
unknown field~mk_db s.fp "flavor = x"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: unrecognized field 'flavor'~empty
misplaced signature~printf "classes = unix\n[tcp:request]\nsig = 4:64:0:*:*,*:::0\n" >s.fp~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 3: misplaced 'sig'~empty
unknown class~mk_db s.fp "label = s:bsd:FreeBSD:" ~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: unknown class 'bsd'~empty
impossible field: TTL 300~mk_db s.fp "sig = 4:300:0:*:*,*:::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: bogus initial TTL in signature '4:300:0:~empty
impossible field: window 70000~mk_db s.fp "sig = 4:64:0:*:70000,*:::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: bogus window size~empty
impossible field: mss*2000~mk_db s.fp "sig = 4:64:0:*:mss*2000,*:::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: bogus MSS/MTU multiplier~empty
impossible field: df on IPv6~mk_db s.fp "sig = 6:64:0:*:*,*::df:0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: 'df' is not valid for IPv6~empty
impossible field: EOL not last~mk_db s.fp "sig = 4:64:0:*:*,*:eol+0,mss::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: EOL must be the last option~empty
a signature already covered~mk_db s.fp "sig = 4:64:0:*:*,*:::0" "sig = 4:60:0:*:*,*:::0"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 6: signature '4:60:0:\*:\*,\*:::0' is already covered by line 5$~empty
control bytes quoted as '?'~mk_db s.fp "$(printf 'sig = 4:64:\033[31m')"~$R s.fp ok.csv~1~^osfp-predict: 's.fp': line 5: malformed signature in signature '4:64:\?\[31m'$~empty
an empty database~: >s.fp~$R s.fp ok.csv~1~^osfp-predict: 's.fp': (line 1: )?not an osfp model file .* nor a p0f fingerprint file~empty
a database that is a folder~mkdir -p d.fp~$R d.fp ok.csv~1~^osfp-predict: 'd.fp': is a directory$~empty
no syn columns~cut -d, -f1-5 ok.csv >n.csv~$R "$DB" n.csv~1~^osfp-predict: 'n.csv': line 1: a p0f database matches the syn columns; missing 'syn_ittl', 'syn_dist', 'syn_olen', 'syn_tos' and 38 more \(osfp-flow-features -f syn writes them\)$~empty
a TTL of 300~cp ok.csv r.csv && sed -n 2p ok.csv | sed 's/^0,0.0,0.0,4.0,64.0,/10,0.0,0.0,4.0,300.0,/' >>r.csv~$R "$DB" r.csv~1~^osfp-predict: 'r.csv': line 12: column 'syn_ttl': 300.0 is not an integer in \[0, 255\]$~rows:10:good.csv
a window that is not a number~cp ok.csv r.csv && sed -n 2p ok.csv | sed "s/,29200.0,/,x,/" >>r.csv~$R "$DB" r.csv~1~^osfp-predict: 'r.csv': line 12: column 'syn_win': not a number: 'x'$~rows:10:good.csv
a ragged row~cp ok.csv r.csv && echo 10,0.0 >>r.csv~$R "$DB" r.csv~1~^osfp-predict: 'r.csv': line 12: expected 47 fields, got 2$~rows:10:good.csv
header only~head -n 1 ok.csv >h.csv~$R "$DB" h.csv~0~-~header
train: a TTL of 300~(head -n 1 ok.csv | sed 's/^flow/label,family,flow/'; sed -n 2p ok.csv | sed 's/^0,0.0,0.0,4.0,64.0,/a,b,0,0.0,0.0,4.0,300.0,/') >t.csv~$T -m p0f t.csv~1~^osfp-train: 't.csv': line 2: column 'syn_ttl': 300.0 is not~empty
train: an empty file~: >t.csv~$T -m p0f t.csv~1~^osfp-train: 't.csv': empty input~empty
EOF_CASES

test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $P -m "$DB" ok.csv
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $P -m "$DB" ok.csv
'
test_expect_success 'train: full disk: one line, exit 1' '
	osfp-pcapng-labels "$TEST_DATA/cicids2017/os-fixture.pcapng" >lab.csv &&
	osfp-pcap-flows --labels lab.csv --fields syn "$TEST_DATA/cicids2017/os-fixture.pcapng" >lfl.csv &&
	osfp-flow-features -f syn lfl.csv >lf.csv &&
	full_disk $T -m p0f lf.csv
'

test_done
