# Recount — `make all` runs the pipeline, `make test` type-checks and runs every test.
SEEDS ?= seeds
OUT ?= out
REPORTS ?= reports
FAIL_ON ?=
NODE_MODULES_STAMP := node_modules/.package-lock.json
# The command, bundled: plain `node dist/recount.mjs` starts several times faster than `tsx`;
# dist/recount (the `bin`, the build's last file) starts it from a V8 start-up snapshot when this
# Node built one.
BUNDLE := dist/recount
SOURCES := $(shell find pipeline -name '*.ts' -not -name '*.d.ts')
RECOUNT := dist/recount

.PHONY: all run build test typecheck audit bench bench-parquet clean docs fuzz

all: $(BUNDLE)
	$(RECOUNT) --seeds $(SEEDS) --out $(OUT) --reports $(REPORTS) $(if $(FAIL_ON),--fail-on $(FAIL_ON),)

build: $(BUNDLE)

# Rebuilt when a source, the lockfile or the build scripts are newer. Native and sloppy-mode
# CommonJS packages stay external (loaded from node_modules at run time); everything else, effect
# included, is bundled into dist/recount.cjs, which dist/recount.mjs runs with V8's code cache
# (dist/recount.cjs.cache, made by one run on the seeds); dist/recount.blob is its start-up
# snapshot and dist/recount the command that uses it (see scripts/build.mjs).
$(BUNDLE): $(NODE_MODULES_STAMP) $(SOURCES) package.json scripts/build.mjs scripts/loader.mjs scripts/snapshot.cjs scripts/launcher.sh
	node scripts/build.mjs

# Install when node_modules is missing or older than the lockfile.
$(NODE_MODULES_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_MODULES_STAMP)

audit: $(BUNDLE)
	$(RECOUNT) --seeds $(SEEDS) --out $(OUT) --reports $(REPORTS) --fail-on error

typecheck: $(NODE_MODULES_STAMP)
	npx tsc --noEmit -p .

# scripts/test-deps.sh installs what the browser and Python consumer tests need when missing (Debian's
# chromium, .venv), loudly when it cannot: chromium is checked before the tests, the .venv (~6 s on
# a fresh clone) is made beside them (test/python-consumers.test.ts waits for it through the
# script's lock; without flock(1) it is made first, as before). The test files are compiled once
# (scripts/build-tests.mjs) and run with plain node (scripts/test-plan.mjs can name files to run
# through tsx: none today). `npx ava test/x.test.ts` runs one through tsx. The type-check starts
# before the tests are compiled and runs beside them (compiling keeps ~0.8 of the two cores busy,
# and the type-check mostly waits on other processes' CPU otherwise); the target fails if either
# fails, after both finished. NODE_EXTRA_CA_CERTS is unset for everything the target starts: each
# node process parses that certificate file at start (~45 ms of CPU; ~110 node processes in a
# `make test`), and no test opens a TLS connection (the launcher unsets it for the command too;
# test/launcher-env.test.ts sets it itself where it tests it). The type-check is incremental (its state in .tmp/tsc.tsbuildinfo: a
# repeated run checks what changed, ~0.8 instead of ~2.5 s of CPU; a fresh clone checks
# everything). Tools are run from node_modules/.bin (npx costs ~0.5 s a call).
# The tests' temporary folders (os.tmpdir()) are made in a fresh folder of /dev/shm when it is a
# writable tmpfs, removed afterwards: the runs the tests spawn fsync every file they publish, and on
# a disk those waits left a core idle (docs/decisions.md, "`make test` margin"). Only when it has
# TEST_SHM_MIN_KIB free: the tests' own folder peaked at ~40 MB, and Chromium's shared memory is
# there too, so a container's default 64 MB /dev/shm takes the usual temporary folder instead.
# The folder's name carries the shell's process id: a run killed with SIGKILL (no trap runs) leaves
# its folder, and the next `make test` removes such folders of its user whose process is gone.
TEST_SHM_MIN_KIB := 262144
BIN := node_modules/.bin
TSX_TESTS = $(shell node -e 'import("./scripts/test-plan.mjs").then((m) => console.log(m.TSX_ONLY.join(" ")))')
test: $(NODE_MODULES_STAMP) $(BUNDLE)
	@scripts/test-deps.sh chromium
	@mkdir -p .tmp; unset NODE_EXTRA_CA_CERTS; \
	if command -v flock > /dev/null 2>&1; then scripts/test-deps.sh python > .tmp/test-deps.log 2>&1 & deps=$$!; \
	else scripts/test-deps.sh python; deps=; fi; \
	$(BIN)/tsc --noEmit -p . --incremental --tsBuildInfoFile .tmp/tsc.tsbuildinfo > .tmp/typecheck.log 2>&1 & tsc=$$!; \
	node scripts/build-tests.mjs || { wait $$tsc; test -z "$$deps" || wait $$deps; exit 1; }; \
	tmp=; if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$$(df -Pk /dev/shm 2> /dev/null | awk 'NR == 2 { print $$4 }')" -ge $(TEST_SHM_MIN_KIB) ] 2> /dev/null; then \
	  for old in /dev/shm/recount-test.*.*; do pid=$${old#/dev/shm/recount-test.}; pid=$${pid%%.*}; \
	    case $$pid in ''|*[!0-9]*) continue ;; esac; [ -O "$$old" ] && ! kill -0 "$$pid" 2> /dev/null && rm -rf "$$old"; done; \
	  tmp=$$(mktemp -d /dev/shm/recount-test.$$$$.XXXXXX) || tmp=; fi; \
	trap 'test -z "$$tmp" || rm -rf "$$tmp"' EXIT; trap 'exit 130' INT TERM; \
	tsx_tests="$(TSX_TESTS)"; avatsx=0; \
	if [ -n "$$tsx_tests" ]; then $(BIN)/ava $$tsx_tests > .tmp/ava-tsx.log 2>&1 & tsx=$$!; fi; \
	TMPDIR=$${tmp:-$${TMPDIR:-/tmp}} $(BIN)/ava --config ava.build.config.mjs; ava=$$?; \
	wait $$tsc; typecheck=$$?; \
	if [ -n "$$tsx_tests" ]; then wait $$tsx; avatsx=$$?; fi; \
	if [ -n "$$deps" ]; then wait $$deps; cat .tmp/test-deps.log >&2; fi; \
	echo "--- tsc --noEmit -p . --incremental (exit $$typecheck)"; cat .tmp/typecheck.log; \
	if [ -n "$$tsx_tests" ]; then echo "--- ava $$tsx_tests (exit $$avatsx)"; cat .tmp/ava-tsx.log; fi; \
	test $$ava -eq 0 -a $$typecheck -eq 0 -a $$avatsx -eq 0

docs: $(NODE_MODULES_STAMP)
	npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md
	npx tsx scripts/rules-doc.ts > docs/rules.md
	npx tsx scripts/table-kinds-doc.ts > docs/table-kinds.md

# Start-up against node -e 0, then 10, 100 and 1,000 generated articles (BENCH_SIZES=10,100 for fewer);
# prints a table and writes bench/results.json.
bench: $(BUNDLE)
	npx tsx bench/corpus.bench.ts

# The Parquet writer alone against DuckDB's COPY on 867k rows (see docs/decisions.md).
bench-parquet: $(NODE_MODULES_STAMP)
	npx tsx bench/parquet.bench.ts

# Removes only what the manifest of $(OUT) lists (never a user's file), and the bundle.
clean: $(NODE_MODULES_STAMP)
	npx tsx scripts/clean.ts $(OUT)
	rm -rf dist

fuzz: $(NODE_MODULES_STAMP)
	npx tsx scripts/fuzz.ts
