#!/bin/sh
# The `recount` command (dist/recount, written by scripts/build.mjs from this file; `make all` and
# package.json's `bin` run it). It starts node from the start-up snapshot beside it (recount.blob:
# the bundle's modules initialised and its functions compiled, see scripts/snapshot.cjs) when that
# snapshot was built by this very Node version, else runs the command the plain way
# (recount.mjs: the bundle compiled with its code cache). Both give the same outputs, byte for
# byte; the snapshot only starts faster. V8 refuses a snapshot made under other V8 flags, so the
# flags are the build's (scripts/loader.mjs's V8_FLAGS); node then stops at start with exit code 14
# ("Failed to load the startup snapshot"), so a NODE_OPTIONS that is set at all (it may carry V8
# flags, e.g. --max-old-space-size) takes the plain start too. No file is read or written here.
# NODE_EXTRA_CA_CERTS is removed from node's environment: node reads and parses that certificate
# file at every start, before any JavaScript runs (~40 ms for a system bundle, on the critical
# path), for TLS connections Recount never makes (no network access);
# nothing Recount writes depends on it (docs/decisions.md, "The seeds' cold run, seventh pass").
# --v8-pool-size=1: V8 gets one background thread (its concurrent compiles and its collector's
# helpers) instead of node's default four. A run keeps one JavaScript thread per core busy (the
# main thread, and one worker thread per further core for a corpus), so four more threads that want
# the cores at once only preempt them: on 2 cores, 1,000 articles' article loop 2.50 -> 2.37 s
# (the worker's wait for a core ~200 -> ~15 ms) and the whole run 9.0 -> 8.5 s, same bytes
# (docs/decisions.md, "V8's background threads"). A node option, not a V8 flag: the snapshot and
# the code cache stay valid. Not added when NODE_OPTIONS already sets it (the user's choice wins).
# GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (only when the environment does not set GLIBC_TUNABLES,
# not even empty: the user's choice wins): node copies the 9 MB snapshot into malloc'd buffers
# before V8 deserialises it; glibc then asks for transparent huge pages for that memory where the
# kernel allows them (THP "madvise"): fewer page faults at start (~19,100 -> ~15,500 on the seeds).
# One malloc arena as well (arena_max=1) took the faults to ~11,300 but made the seeds' run slower
# on the wall (DuckDB's threads, which then converted the tables, shared the main thread's arena;
# with Recount's own Parquet writer it changes nothing: 184.7 vs 185.2 ms): seeds 261-264 ms with both,
# 248-250 ms with hugetlb alone, 257-264 ms with neither (two sets of 21 interleaved runs, load
# ~1.5; docs/decisions.md, "The seeds' start, tenth pass" and "The tenth pass, merged and
# measured"). glibc's allocator only: same results. Other C libraries, and a glibc without this
# tunable, ignore it.
# Which node: `node --version` (~4 ms: a whole node binary started to print its version) is asked
# only when the `node` on PATH is not the very file that built the snapshot, unchanged: the build
# records that file's path (@NODE_PATH@) and its modification time (recount.node-stamp, made with
# `touch -r`); the same file (same device and inode, `-ef`) with the same modification time (neither
# newer nor older) is the build's node. Anything else -- another node, a node replaced or rewritten,
# no stamp -- asks `node --version` as before, so a wrong guess costs only those ~4 ms.
self=$0
if [ -L "$self" ]; then self=$(readlink -f -- "$self") || self=$0; fi
case $self in */*) dist=${self%/*} ;; *) dist=. ;; esac
unset NODE_EXTRA_CA_CERTS
if [ -z "${GLIBC_TUNABLES+set}" ]; then GLIBC_TUNABLES=glibc.malloc.hugetlb=1; export GLIBC_TUNABLES; fi
pool=--v8-pool-size=1
case ${NODE_OPTIONS-} in *--v8-pool-size*) pool= ;; esac
# (A test that is an error, status 2 -- a shell without -ef, -nt or -ot --, never counts as a match.)
built_by_this_node() {
  stamp=$dist/@NAME@.node-stamp
  node=$(command -v node) && [ -f "$stamp" ] && [ "$node" -ef "@NODE_PATH@" ] 2>/dev/null || return 1
  [ "$node" -nt "$stamp" ] 2>/dev/null; newer=$?
  [ "$node" -ot "$stamp" ] 2>/dev/null; older=$?
  [ "$newer$older" = 11 ]
}
if [ -z "${NODE_OPTIONS-}" ] && [ -f "$dist/@NAME@.blob" ] && { built_by_this_node || [ "$(node --version 2>/dev/null)" = "@NODE_VERSION@" ]; }; then
  exec node $pool @V8_FLAGS@ --snapshot-blob "$dist/@NAME@.blob" -- "$dist/@NAME@.mjs" "$@"
fi
exec node $pool "$dist/@NAME@.mjs" "$@"
