# Recount — `make all` runs the pipeline, `make test` type-checks and runs every test.
SEEDS ?= seeds
OUT ?= out
REPORTS ?= reports
FAIL_ON ?=
NODE_MODULES_STAMP := node_modules/.package-lock.json

.PHONY: all run test typecheck audit bench clean docs

all: $(NODE_MODULES_STAMP)
	npx tsx pipeline/main.ts --seeds $(SEEDS) --out $(OUT) --reports $(REPORTS) $(if $(FAIL_ON),--fail-on $(FAIL_ON),)

# Install when node_modules is missing or older than the lockfile.
$(NODE_MODULES_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_MODULES_STAMP)

audit: $(NODE_MODULES_STAMP)
	npx tsx pipeline/main.ts --seeds $(SEEDS) --out $(OUT) --reports $(REPORTS) --fail-on error

typecheck: $(NODE_MODULES_STAMP)
	npx tsc --noEmit -p .

test: $(NODE_MODULES_STAMP) typecheck
	npx ava

docs: $(NODE_MODULES_STAMP)
	npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md
	npx tsx scripts/rules-doc.ts > docs/rules.md

bench: $(NODE_MODULES_STAMP)
	npx tsx bench/pipeline.bench.ts

clean:
	rm -f $(OUT)/*.parquet $(OUT)/*.csv $(OUT)/manifest.json
