# clawshim — build, test, demo, install.
#   make            build everything into build/
#   make deps       install missing Debian packages (needs root)
#   make test       deps + build + Criterion suites (plain and ASan/UBSan) + escape suite
#   make demo       deps + build + a confined skill and an audit on bundled examples
#   make bench      benchmarks in bench/ (see bench/README.md)
#   make check      cppcheck + clang-tidy (configuration: tools/analysis/, .clang-tidy)
#   make valgrind   the unconfined tools under valgrind memcheck
#   make fuzz       every libFuzzer target for FUZZ_SECONDS (default 60)
#   make conformance  every audit fixture through the reference OpenClaw CLI and clawaudit, diffed
#   make integration  a real OpenClaw gateway whose exec runs through clawshim-node and clawshim-sh
#   make differential generated configs through both (DIFF_SEED, DIFF_COUNT), diffed
#   make install    PREFIX=/usr/local DESTDIR=
#   V=1             show the compiler and linker command lines

# The release version: the one place it is written. --version of every tool
# prints it from $(BUILD)/gen/cs_version.h, generated below.
VERSION := 0.2.0

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= gcc
BUILD   ?= build

PKGS      := libseccomp libcjson yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lseccomp -lcjson -lyaml)

WARN    := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 \
           -Wswitch-enum -Wshadow -Wvla
CFLAGS  ?= -O2 -g
# ICU: headers only. The scanner opens the library at run time (policy/unicode.c),
# so the preload library and clawrun do not link it.
ICU_CFLAGS := $(shell pkg-config --cflags icu-uc icu-i18n 2>/dev/null)
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) $(ICU_CFLAGS) -MMD -MP
LDLIBS_ALL = $(PKG_LIBS)
# clawaudit loads libcrypto (the probe's Ed25519 device identity) with dlopen
# when it probes; the tests link it to check the probe's signatures.
AUDIT_LIBS := -ldl
TEST_CRYPTO := $(shell pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)
# Quiet build lines unless V=1 (`make demo` shows none at all).
ifeq ($(V),1)
quiet =
else
quiet = @printf '  %-7s %s\n' $(1) $(2);
endif

SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# ---- sources ---------------------------------------------------------------
POLICY_SRC  := $(sort $(wildcard policy/*.c))
SHIMCORE_SRC := $(filter-out shim/clawrun.c shim/preload.c,$(sort $(wildcard shim/*.c)))
AUDIT_SRC   := $(sort $(wildcard auditor/*.c auditor/checks/*.c))
# The gateway client (WebSocket, device identity): clawaudit's probe and
# clawshim-node share it; it depends on neither.
GW_SRC      := $(sort $(wildcard gwclient/*.c))
TEST_SRC    := $(sort $(wildcard tests/test_*.c))
TESTLIB_SRC := $(sort $(wildcard tests/lib/*.c))
ESCAPE_SRC  := $(sort $(wildcard tests/escape/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
picobj = $(patsubst %.c,$(BUILD)/pic/%.o,$(1))
sanobj = $(patsubst %.c,$(BUILD)/san/%.o,$(1))

POLICY_LIB  := $(BUILD)/lib/libclawpolicy.a
SHIMCORE_LIB := $(BUILD)/lib/libclawshimcore.a
GW_LIB      := $(BUILD)/lib/libclawgw.a
BINS := $(BUILD)/bin/clawpolicy $(BUILD)/bin/json5fmt
ifneq ($(wildcard shim/clawrun.c),)
BINS += $(BUILD)/bin/clawrun $(BUILD)/libexec/clawshim/clawshim-scan
endif
ifneq ($(wildcard shim/preload.c),)
BINS += $(BUILD)/lib/libclawshim.so
endif
ifneq ($(wildcard auditor/main.c),)
BINS += $(BUILD)/bin/clawaudit
endif
# OpenClaw's exec confined per agent: clawshim-sh (the gateway's SHELL) and
# clawshim-node (a node host), over one agent table (agentexec/).
AGENTEXEC_SRC := agentexec/agentpolicy.c
NODE_SRC    := $(sort $(wildcard node/*.c))
BINS += $(BUILD)/bin/clawshim-sh
ifneq ($(NODE_SRC),)
BINS += $(BUILD)/bin/clawshim-node
endif

# Man pages from their scdoc sources in man/ (NAME.SECTION.scd).
MAN_SRC   := $(sort $(wildcard man/*.scd))
MANPAGES  := $(patsubst man/%.scd,$(BUILD)/man/%,$(MAN_SRC))
SHIPPED_PROFILES := $(patsubst policy/%,$(BUILD)/share/clawshim/%,$(wildcard policy/profiles/*.json))

TESTS     := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
SANTESTS  := $(patsubst tests/%.c,$(BUILD)/tests-san/%,$(TEST_SRC))
ESCAPE_DYN := $(patsubst tests/escape/%.c,$(BUILD)/escape/dyn/%,$(ESCAPE_SRC))
ESCAPE_STATIC := $(patsubst tests/escape/%.c,$(BUILD)/escape/static/%,$(ESCAPE_SRC))

.PHONY: integration valgrind all deps deps-dev test demo bench check format install uninstall clean conformance fuzz \
	differential
all: $(BINS) $(MANPAGES) $(SHIPPED_PROFILES)

# The build tree is laid out like an installed prefix (bin/, lib/,
# share/clawshim/profiles), so build/bin/clawrun finds the shipped profiles
# by name exactly as an installed clawrun does.
$(BUILD)/share/clawshim/profiles/%.json: policy/profiles/%.json
	@mkdir -p $(@D)
	$(call quiet,CP,$@)cp $< $@

# ---- version ---------------------------------------------------------------
# Rewritten only when VERSION changes, so nothing rebuilds for nothing.
VERSION_H := $(BUILD)/gen/cs_version.h
.PHONY: FORCE
VERSION_LINE := \#define CS_VERSION "$(VERSION)"
$(VERSION_H): FORCE
	@if [ '$(VERSION_LINE)' != "$$(cat $@ 2>/dev/null)" ]; then \
		mkdir -p $(@D) && printf '%s\n' '$(VERSION_LINE)' > $@; fi

# ---- objects ---------------------------------------------------------------
$(BUILD)/obj/%.o: %.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/pic/%.o: %.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(BUILD)/san/%.o: %.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c $< -o $@

$(BUILD)/man/%: man/%.scd
	@mkdir -p $(@D)
	@command -v scdoc > /dev/null || { echo "make: the man pages need scdoc (make deps, or apt-get install scdoc)"; exit 1; }
	$(call quiet,SCDOC,$@)scdoc < $< > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# ---- libraries and binaries ------------------------------------------------
$(POLICY_LIB): $(call obj,$(POLICY_SRC))
	@mkdir -p $(@D)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

# Seccomp programs precompiled by libseccomp from the policy tables.
GEN_FILTERS := $(BUILD)/gen/filters.c
$(BUILD)/bin/bpfgen: $(call obj,tools/bpfgen.c) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)
$(GEN_FILTERS): $(BUILD)/bin/bpfgen
	@mkdir -p $(@D)
	$(call quiet,GEN,$@)$(BUILD)/bin/bpfgen > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/gen/filters.o: $(GEN_FILTERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -c $< -o $@
$(BUILD)/pic/gen/filters.o: $(GEN_FILTERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@
$(BUILD)/san/gen/filters.o: $(GEN_FILTERS)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(SAN) -O1 -c $< -o $@

$(SHIMCORE_LIB): $(call obj,$(SHIMCORE_SRC)) $(BUILD)/obj/gen/filters.o
	@mkdir -p $(@D)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^

$(GW_LIB): $(call obj,$(GW_SRC))
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/clawpolicy: $(call obj,tools/clawpolicy.c $(wildcard tools/clawpolicy_*.c)) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/bin/json5fmt: $(call obj,tools/json5fmt.c) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)

# cJSON 1.7.19 (MIT; third_party/cjson/, with its LICENSE) is compiled into
# clawrun and libclawshim.so: Debian ships no static libcjson, and a shared
# one is one more library to load on every launch and, in the preload
# library, one whose symbols could clash with a tool's own cJSON. The API and
# ABI are those of the system's libcjson.so.1 whose header the sources
# include (cJSON keeps both within 1.x). Its own flags: it is not held to
# this project's warnings.
CJSON_SRC := third_party/cjson/cJSON.c
THIRD_CFLAGS = -std=c99 $(CFLAGS) -fvisibility=hidden
$(BUILD)/obj/third_party/%.o: third_party/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(THIRD_CFLAGS) -c $< -o $@
$(BUILD)/pic/third_party/%.o: third_party/%.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(THIRD_CFLAGS) -fPIC -c $< -o $@

# clawrun is a static PIE: a launch pays no dynamic loading beyond what the
# tool itself pays (ld.so's relocation and symbol lookup of libc were a
# third of clawrun's page faults). It reads accounts from /etc/passwd and
# /etc/group (policy/accounts.c), never through NSS, and has no ICU: a
# static program cannot dlopen a C++ library, and linked in, ICU's tables
# alone needed eleven more pages relocated on every launch. SKILL.md text
# beyond ASCII, the only text ICU changes anything for, is scanned by
# clawshim-scan (shim/scan_helper.c). glibc's link-time notes about dlopen,
# which the NSS code in libc.a references and clawrun never calls, are left
# out of the output.
$(BUILD)/obj/policy/unicode_noicu.o: policy/unicode.c
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) -DCS_NO_ICU -c $< -o $@
$(BUILD)/bin/clawrun: $(call obj,shim/clawrun.c policy/unicode_noicu.c $(CJSON_SRC)) $(SHIMCORE_LIB) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -static-pie -o $@ $^ -lseccomp -lyaml 2>$@.ld; \
		s=$$?; grep -v "statically linked applications requires\|in function .icu_load" \
		$@.ld >&2; rm -f $@.ld; exit $$s

# The scanner with ICU for clawrun, at <prefix>/libexec/clawshim.
$(BUILD)/libexec/clawshim/clawshim-scan: $(call obj,tools/clawshim_scan.c) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)

# The preload library depends on libc alone (tests/test_linkage.c checks
# it): its objects come from an archive, so only what the constructor and
# the wrappers reach is linked; filters are precompiled (no libseccomp);
# cJSON is compiled in, hidden. It exports only what the version script
# names. Its libc symbols are bound when first called, not all at load
# (no -z now): the loader would look up some ninety of them in every
# confined process for the thirty-odd the constructor calls. Binding them
# all early would protect nothing: the tool shares the library's address
# space, and what confines it is the kernel's, installed by the constructor.
SHIM_PIC_LIB := $(BUILD)/lib/libclawshim_pic.a
$(SHIM_PIC_LIB): $(call picobj,$(SHIMCORE_SRC) $(POLICY_SRC) $(CJSON_SRC)) $(BUILD)/pic/gen/filters.o
	@mkdir -p $(@D)
	$(call quiet,AR,$@)rm -f $@ && ar rcs $@ $^
$(BUILD)/lib/libclawshim.so: $(call picobj,shim/preload.c) $(SHIM_PIC_LIB) shim/libclawshim.map
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -shared -Wl,--version-script=shim/libclawshim.map -Wl,-z,relro \
		-Wl,--no-undefined -Wl,--as-needed -o $@ $(filter %.o %.a,$^)

# clawaudit too: an audit is a few milliseconds, of which loading libraries
# was a good part. libseccomp and libyaml come from their static archives.
STATIC_LIBS := -Wl,-Bstatic -lseccomp -lyaml -Wl,-Bdynamic
$(BUILD)/bin/clawaudit: $(call obj,$(AUDIT_SRC) $(CJSON_SRC)) $(GW_LIB) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(CFLAGS) -Wl,--as-needed -o $@ $^ $(STATIC_LIBS) $(AUDIT_LIBS) -lm

$(BUILD)/bin/clawshim-sh: $(call obj,agentexec/clawshim_sh.c $(AGENTEXEC_SRC)) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/bin/clawshim-node: $(call obj,$(NODE_SRC) $(AGENTEXEC_SRC)) $(GW_LIB) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS_ALL) -ldl

# ---- tests -----------------------------------------------------------------
TEST_DEFS = -Itests/lib -DCS_SRCDIR='"$(CURDIR)"' -DCS_BUILDDIR='"$(abspath $(BUILD))"'
TEST_LIBS_OBJ = $(call obj,$(TESTLIB_SRC))
TEST_LIBS_SAN = $(call sanobj,$(TESTLIB_SRC))
AUDIT_LIBSRC := $(filter-out auditor/main.c,$(AUDIT_SRC))

# Test helpers know where the sources and the build are.
$(BUILD)/obj/tests/lib/%.o: tests/lib/%.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(TEST_DEFS) -c $< -o $@
$(BUILD)/san/tests/lib/%.o: tests/lib/%.c | $(VERSION_H)
	@mkdir -p $(@D)
	$(call quiet,CC,$@)$(CC) $(ALL_CFLAGS) $(SAN) -O1 $(TEST_DEFS) -c $< -o $@

$(BUILD)/tests/%: tests/%.c $(VERSION_H) $(TEST_LIBS_OBJ) $(call obj,$(AUDIT_LIBSRC)) $(GW_LIB) $(SHIMCORE_LIB) $(POLICY_LIB)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(TEST_DEFS) -o $@ $(filter %.c %.o %.a,$^) -lcriterion $(LDLIBS_ALL) $(AUDIT_LIBS) $(TEST_CRYPTO) -lm -lpthread

$(BUILD)/tests-san/%: tests/%.c $(VERSION_H) $(TEST_LIBS_SAN) $(call sanobj,$(AUDIT_LIBSRC) $(GW_SRC) $(SHIMCORE_SRC) $(POLICY_SRC)) $(BUILD)/san/gen/filters.o
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ALL_CFLAGS) $(SAN) -O1 $(TEST_DEFS) -o $@ $(filter %.c %.o,$^) -lcriterion $(LDLIBS_ALL) $(AUDIT_LIBS) $(TEST_CRYPTO) -lm -lpthread

# Attackers for the escape suite, each built dynamic and static. tsync's
# early thread comes from a shared library's constructor in the dynamic build
# (it must run before libclawshim's) and from its own in the static one.
ATTACK_CFLAGS := -std=c17 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -pthread
THREADCTOR := $(BUILD)/escape/lib/libthreadctor.so
$(THREADCTOR): tests/escape/lib/threadctor.c
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ATTACK_CFLAGS) -fPIC -shared -o $@ $<
$(BUILD)/escape/dyn/tsync: tests/escape/tsync.c tests/escape/attack.h $(THREADCTOR)
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ATTACK_CFLAGS) -o $@ $< -L$(BUILD)/escape/lib -lthreadctor -Wl,-rpath,$(abspath $(BUILD))/escape/lib
$(BUILD)/escape/static/tsync: tests/escape/tsync.c tests/escape/lib/threadctor.c tests/escape/attack.h
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ATTACK_CFLAGS) -DATTACK_STATIC_THREADCTOR -static -o $@ $<
$(BUILD)/escape/dyn/%: tests/escape/%.c tests/escape/attack.h
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ATTACK_CFLAGS) -o $@ $<
$(BUILD)/escape/static/%: tests/escape/%.c tests/escape/attack.h
	@mkdir -p $(@D)
	$(call quiet,LD,$@)$(CC) $(ATTACK_CFLAGS) -static -o $@ $<

test: deps
	$(MAKE) all
	$(MAKE) $(TESTS) $(SANTESTS) $(ESCAPE_DYN) $(ESCAPE_STATIC)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t --jobs=1; done
	@set -e; for t in $(SANTESTS); do echo "== $$t (ASan+UBSan)"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $$t --jobs=1; done
	@for s in tests/integration/*.sh; do [ -f "$$s" ] || continue; echo "== $$s"; \
		BUILD=$(abspath $(BUILD)) sh "$$s" || exit 1; done
	@echo "make test: all suites passed"

# The demo shows the tools, not the build: build lines only with V=1.
demo: deps
	@$(MAKE) --no-print-directory all $(if $(filter 1,$(V)),,>/dev/null)
	@sh tools/demo.sh $(abspath $(BUILD))

bench: all
	@sh bench/run.sh $(abspath $(BUILD))

# ---- dependencies ----------------------------------------------------------
# Build and test dependencies, as Debian packages. Real programs the escape
# suite runs under confinement (python3, git, tar, curl) are test dependencies.
DEPS_PKGS := gcc make pkg-config libc6-dev libseccomp-dev libcjson-dev libyaml-dev libssl-dev libicu-dev \
             libcriterion-dev python3 python3-pip git tar curl strace scdoc
deps:
	@missing=""; for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "make deps: all build and test dependencies are installed"; exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "make deps: missing Debian packages:$$missing"; \
		echo "make deps: run as root: apt-get install -y$$missing"; exit 1; fi; \
	echo "make deps: installing$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

# Differential run against the reference OpenClaw CLI (Node, from npm; see
# ../shared/oracle): every audit fixture, reference and clawaudit side by side.
conformance: all
	@command -v jq >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq jq; } || \
		{ echo "make conformance: needs jq (apt-get install jq)"; exit 1; }
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq npm; } || \
		{ echo "make conformance: needs npm to install the reference (apt-get install npm)"; exit 1; }
	@s=0; CLAWAUDIT=$(abspath $(BUILD))/bin/clawaudit bash tests/audit/conformance.sh || s=1; \
	CLAWAUDIT=$(abspath $(BUILD))/bin/clawaudit python3 tests/audit/differential.py \
		--seed $(DIFF_SEED) --count $(DIFF_COUNT) || s=1; exit $$s

# The generated configs of tests/audit/differential.py alone (also part of
# `make conformance`): DIFF_COUNT cases from DIFF_SEED, both sides, every
# difference printed.
DIFF_SEED ?= 1
DIFF_COUNT ?= 40
differential: all
	@command -v jq >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq jq; } || \
		{ echo "make differential: needs jq (apt-get install jq)"; exit 1; }
	@CLAWAUDIT=$(abspath $(BUILD))/bin/clawaudit python3 tests/audit/differential.py \
		--seed $(DIFF_SEED) --count $(DIFF_COUNT)

# The real OpenClaw 2026.2.22 gateway (installed into ~/.cache/clawshim-oracle
# when missing) on loopback, with a scripted model, clawshim-node and
# clawshim-sh; see tests/integration-openclaw/run.sh.
integration: all
	@bash tests/integration-openclaw/run.sh $(abspath $(BUILD))

# libFuzzer targets (fuzz/fuzz_*.c) for the parsers and the scanner, built
# with clang and ASan+UBSan; `make fuzz` runs each for FUZZ_SECONDS on a
# corpus seeded from the test fixtures. A crash is saved under build/fuzz/
# and belongs, once fixed, in tests/fixtures/fuzz/<target>/ (replayed by
# tests/test_fuzz_regressions.c).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))
FUZZ_CFLAGS  := -std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -Iinclude $(PKG_CFLAGS) $(ICU_CFLAGS)
.PRECIOUS: $(BUILD)/fuzzobj/%.o
$(BUILD)/fuzzobj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(BUILD)/fuzz/%: $(BUILD)/fuzzobj/fuzz/%.o $(patsubst %.c,$(BUILD)/fuzzobj/%.o,$(POLICY_SRC))
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS_ALL) -lm

fuzz: deps deps-dev
	$(MAKE) $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	@sh fuzz/run.sh $(abspath $(BUILD)) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---- developer targets -----------------------------------------------------
FORMAT_SRC := $(wildcard include/clawshim/*.h policy/*.c shim/*.c auditor/*.c auditor/checks/*.c tools/*.c gwclient/*.c agentexec/*.c node/*.c)
format:
	clang-format -i $(FORMAT_SRC)

# Static analysis with the checked-in configuration in tools/analysis/ and
# .clang-tidy (every suppression there says why).
TIDY_SRC := $(POLICY_SRC) $(SHIMCORE_SRC) $(wildcard shim/clawrun.c shim/preload.c tools/*.c) \
            $(AUDIT_SRC) $(GW_SRC) $(wildcard agentexec/*.c) $(NODE_SRC)
DEV_PKGS := cppcheck clang-tidy clang
deps-dev:
	@missing=""; for p in $(DEV_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; [ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" != 0 ]; then echo "make deps-dev: run as root: apt-get install -y$$missing"; exit 1; fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing

check: all deps-dev
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -Iinclude -I$(BUILD)/gen --library=tools/analysis/cppcheck.cfg \
		--suppressions-list=tools/analysis/cppcheck.suppress policy shim auditor tools fuzz gwclient agentexec $(wildcard node)
	clang-tidy --quiet $(TIDY_SRC) -- -std=c17 -D_GNU_SOURCE -Iinclude -I$(BUILD)/gen $(PKG_CFLAGS) \
		2>&1 | tee $(BUILD)/clang-tidy.log | grep -E 'warning:|error:' && exit 1 || true

valgrind: all
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq valgrind; }
	@sh tools/analysis/valgrind.sh $(abspath $(BUILD))

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/clawshim/profiles
	install -m 0755 $(filter $(BUILD)/bin/%,$(BINS)) $(DESTDIR)$(PREFIX)/bin/
	$(if $(filter $(BUILD)/libexec/%,$(BINS)),install -d $(DESTDIR)$(PREFIX)/libexec/clawshim && \
		install -m 0755 $(filter $(BUILD)/libexec/%,$(BINS)) $(DESTDIR)$(PREFIX)/libexec/clawshim/)
	$(if $(filter %.so,$(BINS)),install -m 0644 $(filter %.so,$(BINS)) $(DESTDIR)$(PREFIX)/lib/)
	install -m 0644 policy/profiles/*.json $(DESTDIR)$(PREFIX)/share/clawshim/profiles/
	for m in $(MANPAGES); do s=$${m##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; \
		install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; done
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	for c in completions/bash/*; do install -m 0644 $$c $(DESTDIR)$(PREFIX)/share/bash-completion/completions/; done
	install -m 0644 completions/zsh/_* $(DESTDIR)$(PREFIX)/share/zsh/site-functions/

uninstall:
	rm -f $(patsubst $(BUILD)/bin/%,$(DESTDIR)$(PREFIX)/bin/%,$(filter $(BUILD)/bin/%,$(BINS)))
	rm -f $(DESTDIR)$(PREFIX)/lib/libclawshim.so
	rm -rf $(DESTDIR)$(PREFIX)/share/clawshim $(DESTDIR)$(PREFIX)/libexec/clawshim
	rm -f $(foreach m,$(MANPAGES),$(DESTDIR)$(PREFIX)/share/man/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/bash-completion/completions/,$(notdir $(wildcard completions/bash/*)))
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/share/zsh/site-functions/,$(notdir $(wildcard completions/zsh/_*)))

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
