#!/usr/bin/env bash
# What `make test` needs beyond node_modules, installed when missing (a fresh clone, a fresh machine):
#   - Debian's chromium, which test/html-report.test.ts drives through playwright-core (no browser is
#     ever downloaded by a tool); installed with apt-get when running as root, else a loud message;
#   - .venv with pandas, pyarrow, Polars and DuckDB, which test/python-consumers.test.ts uses; pip is
#     told not to retry the default index (unreachable on these machines) so it falls through to the
#     configured local one at once.
# A dependency that cannot be installed is announced loudly; the tests needing it then FAIL (they
# never skip). Nothing here is done when the dependency is already there.
#
# `scripts/test-deps.sh chromium` or `scripts/test-deps.sh python` does one part (no argument: both).
# `make test` checks chromium first, and makes the .venv (~6 s on a fresh clone) in the background
# while the tests run; test/python-consumers.test.ts runs the python part itself before it starts.
# The python part holds an exclusive lock (.tmp/test-deps-python.lock, flock(1)) from its check to
# the end of the install, so whichever comes second waits for the first to finish and then finds
# the .venv complete: the consumer test never sees half a .venv, whatever the timing. Without
# flock(1) the part runs unlocked (and `make test` runs it before the tests, not beside them).
set -uo pipefail
cd "$(dirname "$0")/.."
PART="${1:-all}"

banner() {
  echo "################################################################################" >&2
  for line in "$@"; do echo "# $line" >&2; done
  echo "################################################################################" >&2
}

if [ "$PART" != python ] && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: installing Debian's chromium (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      banner "test-deps: COULD NOT INSTALL chromium WITH apt-get" "test/html-report.test.ts WILL FAIL (it never skips)."
  else
    banner "test-deps: chromium IS MISSING and this is not a root Debian shell" \
      "install it (sudo apt-get install chromium) — test/html-report.test.ts WILL FAIL (it never skips)."
  fi
fi

[ "$PART" = chromium ] && exit 0
PY_PACKAGES=(pandas==3.0.6 pyarrow==25.0.1 polars==1.44.2 duckdb==1.5.6)
if [ -z "${RECOUNT_PYTHON:-}" ] && command -v flock >/dev/null 2>&1; then
  mkdir -p .tmp
  exec 9>.tmp/test-deps-python.lock
  flock 9
fi
# Found, not imported (importing the four costs ~0.6 s of CPU before any test starts): a broken
# install is left to test/python-consumers.test.ts, which fails on it.
if [ -z "${RECOUNT_PYTHON:-}" ] && ! .venv/bin/python -c "import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ('pandas', 'pyarrow', 'polars', 'duckdb')) else 1)" 2>/dev/null; then
  echo "test-deps: creating .venv with ${PY_PACKAGES[*]}" >&2
  # Fast path (~5 s instead of ~11 s on a fresh clone): a venv without its own pip, filled by the
  # system's pip (`--python`, pip >= 22.3); no .pyc compiled ahead (Python compiles what the test
  # imports, once). Else the usual venv with its own pip.
  PIP_ARGS=(install --quiet --no-compile --retries 0 --timeout 3 "${PY_PACKAGES[@]}")
  if python3 -m pip --python "$(command -v python3)" --version >/dev/null 2>&1; then
    install_venv() { python3 -m venv --without-pip .venv && python3 -m pip --python .venv/bin/python "${PIP_ARGS[@]}"; }
  else
    install_venv() { python3 -m venv .venv && .venv/bin/pip "${PIP_ARGS[@]}"; }
  fi
  if ! install_venv; then
    banner "test-deps: COULD NOT INSTALL ${PY_PACKAGES[*]} INTO .venv" \
      "test/python-consumers.test.ts WILL FAIL (it never skips)."
  fi
fi
exit 0
