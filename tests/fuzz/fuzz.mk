# tests/fuzz/fuzz.mk: libFuzzer builds of the fuzz harnesses (clang,
# ASan + UBSan), and `make fuzz`'s short run of each.
#
#   make fuzz                      every harness for FUZZ_TIME seconds (20)
#   make -f tests/fuzz/fuzz.mk     build build-fuzz/fuzz_<name> only
#   scripts/fuzz-long -n 10000000  the long runs (see that script)
#
# Each tests/fuzz/fuzz_<name>.c is a harness (LLVMFuzzerTestOneInput on a
# memory buffer). Its seeds are tests/fuzz/corpus/<name>/, its dictionary
# tests/fuzz/dict/<name>.dict, inputs that once crashed it
# tests/fuzz/regressions/<name>/ (replayed by `make check` through the
# plain driver replay_main.c, without libFuzzer).

FUZZ_BUILD ?= build-fuzz
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 20

SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# -iquote, not -I: a project header named like a system one (features.h)
# must not shadow it.
# -Werror is left to the gcc builds: a clang-only warning in a file being
# written must not stop the fuzzers.
FZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -ffp-contract=off \
	-iquote libcommon -O1 -g $(SAN) $(ML_CFLAGS)

# A tiny first read buffer in the capture reader: every refill, slide and
# growth path runs on small inputs (and no 1 MB allocation per input).
FZ_DEFS = -DCAPTURE_BUFSZ=64

PKG_CONFIG ?= pkg-config
ML_CFLAGS := $(shell $(PKG_CONFIG) --cflags openblas 2>/dev/null)
ML_LIBS   := $(shell $(PKG_CONFIG) --libs lapacke openblas liblbfgs 2>/dev/null) \
	$(shell $(PKG_CONFIG) --libs xgboost 2>/dev/null || echo -lxgboost)
PCAP_LIBS := $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap)
LIBS       = $(ML_LIBS) $(PCAP_LIBS) -lcsv -lm -lpthread

HARNESSES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZERS   := $(HARNESSES:%=$(FUZZ_BUILD)/fuzz_%)

all: $(FUZZERS)

# Library code gets coverage instrumentation, but no libFuzzer main.
$(FUZZ_BUILD)/libcommon/%.o: libcommon/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FZ_CFLAGS) $(FZ_DEFS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

# Every libcommon file in one archive: each harness pulls what it uses.
LIB_SRC := $(wildcard libcommon/*/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)

$(FUZZ_BUILD)/libcommon.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_BUILD)/libcommon.a
	$(FUZZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libcommon.a $(LIBS)

# The bounded run: each harness in turn (one fuzzer at a time).
run: $(FUZZERS)
	@scripts/fuzz-long -B -t $(FUZZ_TIME) $(HARNESSES)

.PHONY: all run
.PRECIOUS: $(FUZZ_BUILD)/libcommon/%.o

-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
