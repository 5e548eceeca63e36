# osfp: passive OS fingerprinting as a Unix toolkit.
# Plain make: every cmd/<name>/ becomes bin/osfp-<name>; libcommon/ is a
# static library all of them link. See README.md for the targets.

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=

BUILD ?= build
BIN   ?= bin

CC      ?= cc
CFLAGS  ?= -O2 -g
# -ffp-contract=off: no FMA contraction, so doubles match numpy bit for bit.
OSFP_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-ffp-contract=off -iquote libcommon $(ML_CFLAGS)
LDFLAGS ?=

PKG_CONFIG ?= pkg-config
ML_CFLAGS := $(shell $(PKG_CONFIG) --cflags openblas 2>/dev/null)
ML_LIBS   := $(shell $(PKG_CONFIG) --libs lapacke openblas liblbfgs 2>/dev/null) \
	$(shell $(PKG_CONFIG) --libs xgboost 2>/dev/null || echo -lxgboost)
PCAP_LIBS := $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap)
BASE_LIBS  = -lcsv -lm -lpthread

PROGS    := $(notdir $(patsubst %/,%,$(wildcard cmd/*/)))
BINS     := $(PROGS:%=$(BIN)/osfp-%)
LIB_SRC  := $(wildcard libcommon/*/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_A    := $(BUILD)/libcommon.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
# Fuzz harnesses, replayed without libFuzzer by tests/t9900 (tests/fuzz/fuzz.mk
# builds the libFuzzer versions for `make fuzz`).
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
REPLAYS  := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/fuzz/replay_%)
MANS     := $(wildcard man/*.1)

# Programs that fit or apply models link the numerical libraries (and
# XGBoost: model.c fits and reads gbdt models); those that compile tcpdump
# filter expressions (packet/pktfilter) link libpcap.
ML_PROGS := train eval predict tune
PCAP_PROGS := pcap-flows

all: $(BINS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(OSFP_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

.SECONDEXPANSION:
# (no '%' inside the prerequisite text: make would replace it by the stem)
$(BIN)/osfp-%: $$(addprefix $(BUILD)/,$$(subst .c,.o,$$(wildcard cmd/$$*/*.c))) $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIB_A) \
		$(if $(filter $*,$(ML_PROGS)),$(ML_LIBS)) $(if $(filter $*,$(PCAP_PROGS)),$(PCAP_LIBS)) \
		$(BASE_LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIB_A)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_A) $(ML_LIBS) $(PCAP_LIBS) $(BASE_LIBS)

$(BUILD)/tests/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay_main.o $(LIB_A)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/tests/fuzz/replay_main.o $(LIB_A) $(ML_LIBS) $(PCAP_LIBS) $(BASE_LIBS)

units: $(UNITS) $(REPLAYS)

# One table: every stage on a 1,000,000-packet capture against the baselines
# (bare libpcap loop, tshark, sklearn) measured in the same run; then
# osfp-train -m gbdt against sklearn's HistGradientBoosting on the lab
# datasets (accuracy and fit time, same run). Not a test.
bench: all
	@OSFP_BENCH_DEPS=1 scripts/install-deps
	@scripts/bench
	@echo
	@scripts/bench-gbdt
	@echo
	@scripts/bench-stream

fuzz:
	@$(MAKE) --no-print-directory -f tests/fuzz/fuzz.mk run

# ---- tests -------------------------------------------------------------
# check: install missing packages, then the suite three ways: plain,
# under ASan+UBSan, and under valgrind. Each run ends with prove's summary.
PROVE ?= prove
PROVE_JOBS ?= -j2

deps:
	@scripts/install-deps

test: all units
	@OSFP_BIN=$(abspath $(BIN)) OSFP_UNITS=$(abspath $(BUILD)/tests/unit) \
	  $(PROVE) $(PROVE_JOBS) --exec tests/run tests/t[0-9]*.sh

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
check-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/bin \
	  CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" test

check-valgrind: all units
	@OSFP_VALGRIND=1 OSFP_BIN=$(abspath $(BIN)) OSFP_UNITS=$(abspath $(BUILD)/tests/unit) \
	  $(PROVE) $(PROVE_JOBS) --exec tests/run tests/t[0-9]*.sh

# One program's tests (the map in tests/README.md): the scripts of its
# block tN..., those of other blocks that test it too, and the unit tests
# of the libcommon modules it uses. E.g. make check-pcap-flows.
BLOCK_pcapng-labels := 1
BLOCK_pcap-flows    := 2
BLOCK_flow-features := 3
BLOCK_split         := 4
BLOCK_train         := 5
BLOCK_eval          := 6
BLOCK_predict       := 7
BLOCK_hosts         := 8
ALSO_pcapng-labels  := t9000
ALSO_pcap-flows     := t3003 t9000 t9100
ALSO_flow-features  := t5030 t7020 t9000 t9100 t9210 t9240 t9250
ALSO_split          := t9000 t9220 t9400
ALSO_train          := t7020 t7030 t7801 t9000 t9240 t9400 t9500
ALSO_eval           := t5000 t5020 t5030 t5801 t7020 t7030 t9000 t9400
ALSO_predict        := t5020 t5030 t5801 t8003 t9000 t9240 t9250 t9400
ALSO_hosts          := t9000 t9220 t9250
# osfp-tune has no block of its own yet (tests/README.md)
ALSO_tune           := t9500
UNITS_pcapng-labels := capture pcapml cli samefile csv msg num
UNITS_pcap-flows    := capture capmerge pktfilter pcapml decode flowkey linkpath flowrec \
                       batchread filing flows flowstream oatable labels pktrows idtab \
                       sigstop fingerprint cli csv msg num numpy
UNITS_flow-features := features featvec extraction flowrows fingerprint decode oatable cli samefile csv msg num numpy
UNITS_split         := ml timesplit hostvote cli samefile csv msg num
UNITS_train         := ml mlp forest gbdt json p0fdb extraction numpy cli samefile csv msg num
UNITS_eval          := ml mlp forest gbdt json extraction numpy cli samefile csv msg num
UNITS_predict       := ml mlp forest gbdt json p0fdb extraction numpy cli samefile csv msg num
UNITS_tune          := kfold numpy ml gbdt json cli csv num
UNITS_hosts         := hostvote jsonl oatable ml cli samefile csv msg num

$(PROGS:%=check-%): check-%: all units
	@$(if $(BLOCK_$*)$(ALSO_$*),,echo "no test block for osfp-$* (tests/README.md, BLOCK_$* in the Makefile)"; exit 1;) \
	OSFP_BIN=$(abspath $(BIN)) OSFP_UNITS=$(abspath $(BUILD)/tests/unit) \
	  $(PROVE) $(PROVE_JOBS) --exec tests/run \
	  $(wildcard tests/t$(BLOCK_$*)[0-9][0-9][0-9]-*.sh) \
	  $(foreach t,$(ALSO_$*),$(wildcard tests/$t-*.sh)) \
	  $(UNITS_$*:%=$(BUILD)/tests/unit/test_%)

# The tree's own rules (libcommon/README.md): which layer may include
# which, and the size limits of functions and files (scripts/check-size).
check-layers:
	@scripts/check-layers .

check-size:
	@scripts/check-size .

check-man:
	@for m in $(MANS); do mandoc -Tlint -W warning $$m || exit 1; done

# The tree must build warning-free under clang too (-Werror).
check-clang:
	@$(MAKE) --no-print-directory -s CC=clang BUILD=build-clang BIN=build-clang/bin all units

# One after the other, even under make -j: the three suites share tests/.
check: deps
	@for t in check-layers check-size check-man check-clang test check-asan check-valgrind; do \
	  $(MAKE) --no-print-directory $$t || exit 1; done

# ---- install -----------------------------------------------------------
install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1
	cp -f $(BINS) $(DESTDIR)$(PREFIX)/bin/
	cp -f $(MANS) $(DESTDIR)$(MANPREFIX)/man1/

uninstall:
	rm -f $(PROGS:%=$(DESTDIR)$(PREFIX)/bin/osfp-%) \
	  $(patsubst man/%,$(DESTDIR)$(MANPREFIX)/man1/%,$(MANS))

clean:
	rm -rf build build-asan build-clang build-fuzz $(BIN) tests/trash.*

.PHONY: all units bench fuzz deps test check check-clang check-asan check-valgrind check-man \
	check-layers check-size $(PROGS:%=check-%) install uninstall clean
.PRECIOUS: $(BUILD)/%.o $(BUILD)/tests/unit/%.o $(BUILD)/tests/fuzz/%.o

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
