# fuzz/fuzz.mk - the fuzzing targets, for the top-level Makefile to include
# (after its first rule, so `all` stays the default goal):
#
#   include fuzz/fuzz.mk
#
#   make fuzz                  build, replay fuzz/corpus, fuzz each target 60 s
#   make fuzz FUZZ_SECONDS=10  shorter
#   make fuzz-replay           build and replay the committed corpus only
#
# Everything is written under build/fuzz/; see fuzz/README.md.
FUZZ_SECONDS ?= 60

.PHONY: fuzz fuzz-replay
fuzz:
	bash fuzz/run.sh $(FUZZ_SECONDS)

fuzz-replay:
	bash fuzz/run.sh 0
