# cli-lib.sh: the command-line contract every program keeps, sourced by the
# tests/tN100-<program>-cli.sh scripts after test-lib.sh.
#
# cli_contract PROG [ARGS]: PROG is the program without its osfp- prefix;
# ARGS what it needs besides its input (a model, output files), so that a
# directory given as the input is reached. The cases:
#   --help and -h on stdout, exit 0, the same text; --version;
#   an unknown option: exit 2, the synopsis on stderr, the program named
#   as osfp-PROG however it was run (getopt's message too);
#   a directory as the input (named, and as standard input): exit 1, one
#   line "osfp-PROG: 'DIR': is a directory".
cli_contract() {
	cli_p=osfp-$1
	cli_args=${2:-}
	test_expect_success "$cli_p --help and --version on stdout, exit 0" "
		$cli_p --help >out 2>err &&
		grep -q '^usage: $cli_p' out &&
		test ! -s err &&
		$cli_p --version >out 2>err &&
		grep -q '^$cli_p (osfp) ' out &&
		test ! -s err
	"
	test_expect_success "$cli_p -h is --help" "
		$cli_p --help >expect &&
		$cli_p -h >out 2>err &&
		test_cmp expect out &&
		test ! -s err
	"
	test_expect_success "$cli_p: an unknown option is a usage error (exit 2), named as the program whatever the path" "
		test_expect_code 2 $cli_p --no-such-option >out 2>err &&
		test ! -s out &&
		grep -q 'usage: $cli_p' err &&
		test_expect_code 2 \"\$OSFP_BIN/$cli_p\" -Z >out 2>err &&
		head -1 err >first &&
		grep -q '^$cli_p: invalid option' first
	"
	test_expect_success "$cli_p: a directory as the input says so (exit 1)" "
		mkdir -p adir &&
		test_expect_code 1 $cli_p $cli_args adir >out 2>err &&
		test_one_line err \"^$cli_p: 'adir': is a directory\\\$\" &&
		test_expect_code 1 $cli_p $cli_args <adir >out 2>err &&
		test_one_line err \"^$cli_p: '<stdin>': is a directory\\\$\"
	"
}
