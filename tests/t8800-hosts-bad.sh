#!/bin/sh
test_description='bad input to osfp-hosts: every case ends with the expected
status and one clear stderr line; the groups of every row before a bad one
are written first'
. "$(dirname "$0")/test-lib.sh"
. "$TEST_DIR/badinput-lib.sh"

G="$TEST_DATA/golden/hosts"
H=osfp-hosts

# ok.csv: 40 rows of 4 hosts, in time order over 100 s; pre.N: the output
# for its first N rows (what must be out when row N+1 is bad)
test_expect_success 'setup' '
	awk "BEGIN { print \"flow,src,time,label,predicted,p_a,p_b\";
		for (i = 1; i <= 40; i++) printf \"%d,h%d,%d.5,c%d,a,0.%d,0.%d\n\",
		    i, i % 4, 1000 + 2.5 * i, i % 2, 10 - i % 10, i % 10 }" >ok.csv &&
	sed -n 1,21p ok.csv >first20.csv &&
	$H first20.csv >pre.20 &&
	$H --window 30 first20.csv >prew.20 &&
	$H --score first20.csv >pres.20 &&
	$H --json first20.csv >prej.20 &&
	test $(wc -l <pre.20) = 5 && test $(wc -l <prew.20) = 10
'

# name ~ setup ~ command ~ exit ~ stderr ~ stdout (see badinput-lib.sh)
bad_table <<EOF_CASES
empty file~: >e.csv~$H e.csv~1~^$H: 'e.csv': empty input, no header row\$~empty
empty standard input~: >e.csv~$H - <e.csv~1~^$H: '<stdin>': empty input, no header row\$~empty
header only~head -n 1 ok.csv >h.csv~$H h.csv~0~-~header
a PNG image~mk_png x.png~$H x.png~1~^$H: 'x.png': ~empty
random bytes~mk_random rnd 4096 29~$H rnd~1~^$H: 'rnd': ~empty
no host column~cut -d, -f1,3- ok.csv >n.csv~$H n.csv~1~^$H: 'n.csv': no host column 'src' \(--host COL names another\)\$~empty
--host names a missing column~:~$H --host ip ok.csv~1~^$H: 'ok.csv': no host column 'ip'~empty
no p_ column~cut -d, -f1-4 ok.csv >n.csv~$H n.csv~1~^$H: 'n.csv': no p_CLASS columns \(class probabilities, as osfp-predict writes them\) nor p0f's verdicts in 'predicted'\$~empty
ridge scores~sed '1s/p_/score_/g' ok.csv >n.csv~$H n.csv~1~^$H: 'n.csv': no p_CLASS columns .*; a ridge model's score_ columns are not probabilities\$~empty
a p_ column without a class~sed '1s/p_a/p_/' ok.csv >n.csv~$H n.csv~1~^$H: 'n.csv': line 1: column 'p_' names no class\$~empty
--window without a time column~cut -d, -f1,2,4- ok.csv >n.csv~$H --window 30 n.csv~1~^$H: 'n.csv': no 'time' column \(--window needs it\)\$~empty
--score without a label column~cut -d, -f1-3,5- ok.csv >n.csv~$H --score n.csv~1~^$H: 'n.csv': no 'label' column \(--score needs it\)\$~empty
--score with no labelled row~sed '2,\$s/,c[01],/,,/' ok.csv >n.csv~$H --score n.csv~1~^$H: 'n.csv': no labelled group to score\$~empty
p0f verdicts: more than 1024 distinct~awk 'BEGIN { print "src,predicted"; for (i = 1; i <= 1030; i++) print "h" i % 3 ",os " i }' >v.csv~$H v.csv~1~^$H: 'v.csv': line 1026: column 'predicted': more than 1024 distinct verdicts\$~lines:4
duplicate column names~sed '1s/flow/src/' ok.csv >d.csv~$H d.csv~1~^$H: 'd.csv': line 1: duplicate column name 'src'\$~empty
non-numeric probability~sed '22s/0\.[0-9]*\$/x/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'p_b': not a probability in \[0, 1\]: 'x'\$~same:pre.20
empty probability~sed '22s/,[^,]*\$/,/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'p_b': not a probability in \[0, 1\]: ''\$~same:pre.20
probability above 1~sed '22s/0\.[0-9]*\$/1.5/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'p_b': not a probability in \[0, 1\]: '1.5'\$~same:pre.20
negative probability~sed '22s/0\.[0-9]*\$/-0.25/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'p_b': not a probability~same:pre.20
NaN probability~sed '22s/0\.[0-9]*\$/nan/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'p_b': not a probability~same:pre.20
1 + 1e-10 is 1 to rounding~sed '22s/0\.[0-9]*\$/1.0000000001/' ok.csv >r.csv~$H r.csv~0~-~lines:5
bad probability, JSON~sed '22s/0\.[0-9]*\$/x/' ok.csv >r.csv~$H --json r.csv~1~^$H: 'r.csv': line 22: ~same:prej.20
bad probability, windows: the open one written as ended~sed '22s/0\.[0-9]*\$/x/' ok.csv >r.csv~$H --window 30 r.csv~1~^$H: 'r.csv': line 22: ~same:prew.20
bad probability, --score: the rows before scored~sed '22s/0\.[0-9]*\$/x/' ok.csv >r.csv~$H --score r.csv~1~^$H: 'r.csv': line 22: ~same:pres.20
time with an exponent~sed '22s/,[0-9.]*,c/,1.05e3,c/' ok.csv >r.csv~$H --window 30 r.csv~1~^$H: 'r.csv': line 22: column 'time': not an exact decimal time: '1.05e3'\$~same:prew.20
empty time~sed '22s/,[0-9.]*,c/,,c/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'time': not an exact decimal time: ''\$~same:pre.20
time of 20 decimal places~sed '22s/,\([0-9]*\)\.5,c/,\1.50000000000000000001,c/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'time': more than 19 decimal places~same:pre.20
time of 19 digits~sed '22s/,[0-9.]*,c/,1000000000000000000,c/' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: column 'time': more than 18 integer digits~same:pre.20
ragged row~sed '22s/,[^,]*\$//' ok.csv >r.csv~$H r.csv~1~^$H: 'r.csv': line 22: expected 7 fields, got 6\$~same:pre.20
quote never closed~sed -n 1,21p ok.csv >r.csv && printf '21,"h1,1,c1,a,0.5,0.5\n' >>r.csv~$H r.csv~1~^$H: 'r.csv': line 22: quoted field never closed\$~same:pre.20
unknown rule~:~$H --rule median ok.csv~2~^$H: --rule: 'median' is not mean, vote or logprob\$~empty
window 0~:~$H --window 0 ok.csv~2~^$H: --window: '0': not above 0 and at most 10\^12 seconds\$~empty
negative window~:~$H --window -30 ok.csv~2~^$H: --window: '-30': not above 0~empty
window not a number~:~$H --window 30s ok.csv~2~^$H: --window: '30s': not an exact decimal time\$~empty
window too long~:~$H --window 1000000000000.5 ok.csv~2~^$H: --window: '1000000000000.5': not above 0~empty
longest window~:~$H --window 1000000000000 ok.csv~0~-~lines:5
min-rows 0~:~$H --min-rows 0 ok.csv~2~^$H: --min-rows: '0' is not a whole number from 1\$~empty
min-confidence above 1~:~$H --min-confidence 1.5 ok.csv~2~^$H: --min-confidence: '1.5' is not a number in \[0, 1\]\$~empty
-t and --json~:~$H -t --json ok.csv~2~exclude each other~empty
--score and --follow~:~$H --score --follow ok.csv~2~exclude each other~empty
unknown option~:~$H --bogus ok.csv~2~unrecognized option~empty
two inputs~:~$H ok.csv ok.csv~2~^$H: too many input files~empty
a file that does not exist~:~$H none.csv~1~^$H: 'none.csv': cannot open~empty
EOF_CASES

test_expect_success 'stdout closed early: quiet, exit 1' '
	closed_stdout $H ok.csv &&
	closed_stdout $H --json ok.csv &&
	closed_stdout $H --score ok.csv
'
test_expect_success '| head -1: the header, quiet' '
	head_one $H ok.csv
'
test_expect_success 'full disk: one line, exit 1' '
	full_disk $H ok.csv &&
	full_disk $H --score ok.csv &&
	full_disk $H --follow --window 30 ok.csv
'

test_done
