# experiment.mk: the notebook as a make-driven experiment.
#
#   make -f experiment.mk [CAPTURE=file.pcapng] [E=exp/name] [-j2]
#
# Every intermediate is a file under $(E): labels.csv, flows.csv,
# features.csv (extraction.txt: its parameters and widths, for --like),
# train.csv, test.csv, <model>.model, <model>.report and summary.txt.
# Each stage's command line is kept in $(E)/<stage>.cmd and rewritten only
# when it changes, so changing one stage's options (or swapping its
# program) reruns that stage and what depends on it, nothing else.
# Independent models train in parallel under make -j2. A failed stage
# prints its error and leaves neither a half-written file nor a summary of
# an earlier run.
#
# Swap a stage for another program that honours the same CSV contract:
#   make -f experiment.mk LABELS=scripts/tshark-labels
# Change a stage's options:
#   make -f experiment.mk FEATURES_OPTS='-f iat,stats,size'

CAPTURE ?= data/lab/sample.pcapng
E       ?= exp/$(basename $(notdir $(CAPTURE)))
BIN     ?= bin
MODELS  ?= ridge logistic mlp rf
SEED    ?= 42

LABELS   ?= $(BIN)/osfp-pcapng-labels
FLOWS    ?= $(BIN)/osfp-pcap-flows
FEATURES ?= $(BIN)/osfp-flow-features
SPLIT    ?= $(BIN)/osfp-split
TRAIN    ?= $(BIN)/osfp-train
EVAL     ?= $(BIN)/osfp-eval

LABELS_OPTS   ?=
# --join time: the notebook's label join (by time string); --join ordinal is exact.
FLOWS_OPTS    ?= --join time
FEATURES_OPTS ?= -f iat,stats
SPLIT_OPTS    ?= -p 0.2 -s $(SEED)
TRAIN_OPTS    ?= -s $(SEED)
EVAL_OPTS     ?=

# The fingerprint feature sets (syn, hdr, nprint) read header fields the
# flows stage writes only when asked: ask for those of FEATURES_OPTS.
comma := ,
FP_SETS = $(filter syn hdr nprint,$(subst $(comma), ,$(FEATURES_OPTS)))
FP_FIELDS = $(if $(FP_SETS),--fields $(subst $(eval) ,$(comma),$(strip $(FP_SETS))))

CMD_labels   = $(LABELS) $(LABELS_OPTS)
CMD_flows    = $(FLOWS) $(FLOWS_OPTS) $(FP_FIELDS)
CMD_features = $(FEATURES) $(FEATURES_OPTS)
CMD_split    = $(SPLIT) $(SPLIT_OPTS)
CMD_train    = $(TRAIN) $(TRAIN_OPTS)
CMD_eval     = $(EVAL) $(EVAL_OPTS)
STAGES = labels flows features split train eval

# A stage's program is a prerequisite too when it is a file (rebuilt binary
# -> rerun), e.g. bin/osfp-pcap-flows.
prog = $(wildcard $(firstword $(CMD_$(1))))

# $(call write,COMMAND): COMMAND's standard output becomes $@ only when it
# succeeds; on failure nothing is left behind (no $@, no $@.tmp). Whatever
# a stage runs first removes the summary, so a summary on disk is always
# the current run's (a failed run leaves none rather than a stale one).
# A stage's errors go to the terminal.
write = rm -f $(E)/summary.txt; { $(1) >$@.tmp && mv $@.tmp $@; } || { rm -f $@.tmp; exit 1; }

all: $(E)/summary.txt

# What each stage writes.
OUT_labels   = $(E)/labels.csv
OUT_flows    = $(E)/flows.csv
OUT_features = $(E)/features.csv
OUT_split    = $(E)/train.csv $(E)/test.csv
OUT_train    = $(MODELS:%=$(E)/%.model)
OUT_eval     = $(MODELS:%=$(E)/%.report)

# The command stamps: compared on every run, rewritten only on change.
# A changed command also removes the stage's outputs: they are stale, and
# a file's modification time is only as fine as the kernel's clock tick,
# so a stamp rewritten within a tick of the last run's outputs could look
# no newer than them and make would keep them.
$(STAGES:%=$(E)/%.cmd): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(CMD_$(basename $(@F)))' | cmp -s - $@ 2>/dev/null || \
		{ rm -f $(OUT_$(basename $(@F))) $(E)/summary.txt; \
		  printf '%s\n' '$(CMD_$(basename $(@F)))' >$@; }

$(E)/labels.csv: $(CAPTURE) $(E)/labels.cmd $(call prog,labels)
	$(call write,$(CMD_labels) $(CAPTURE))

$(E)/flows.csv: $(CAPTURE) $(E)/labels.csv $(E)/flows.cmd $(call prog,flows)
	$(call write,$(CMD_flows) --labels $(E)/labels.csv $(CAPTURE))

$(E)/features.csv: $(E)/flows.csv $(E)/features.cmd $(call prog,features)
	$(call write,$(CMD_features) --dim-out $(E)/extraction.txt $(E)/flows.csv)

$(E)/train.csv $(E)/test.csv &: $(E)/features.csv $(E)/split.cmd $(call prog,split)
	rm -f $(E)/summary.txt; { $(CMD_split) --train $(E)/train.csv.tmp --test $(E)/test.csv.tmp $(E)/features.csv && \
		mv $(E)/train.csv.tmp $(E)/train.csv && mv $(E)/test.csv.tmp $(E)/test.csv; } || \
		{ rm -f $(E)/train.csv.tmp $(E)/test.csv.tmp; exit 1; }

$(E)/%.model: $(E)/train.csv $(E)/train.cmd $(call prog,train)
	rm -f $(E)/summary.txt; { $(CMD_train) -m $* -o $@.tmp $(E)/train.csv && mv $@.tmp $@; } || { rm -f $@.tmp; exit 1; }

$(E)/%.report: $(E)/%.model $(E)/test.csv $(E)/eval.cmd $(call prog,eval)
	$(call write,$(CMD_eval) -m $(E)/$*.model $(E)/test.csv)


$(E)/summary.txt: $(MODELS:%=$(E)/%.report)
	@for m in $(MODELS); do \
		case $$m in ridge) n=Ridge;; logistic) n=Logistic;; mlp) n=NeuralNet;; rf) n=RandomForest;; *) n=$$m;; esac; \
		printf '%-12s %s\n' "$$n" "$$(head -n 1 $(E)/$$m.report)"; \
	done >$@.tmp && mv $@.tmp $@
	@cat $@

clean:
	rm -rf $(E)

FORCE:
.PHONY: all clean FORCE
.DELETE_ON_ERROR:
# Keep every intermediate (models, reports): they are results too.
.SECONDARY:
