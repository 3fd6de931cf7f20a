/**
 * The two pipeline modules test/emit.test.ts loads in a fresh Node process (to check that Parquet
 * bytes do not depend on the process, time zone, locale or working directory), in one module so
 * that scripts/build-tests.mjs can compile them for `make test`: the child then imports the
 * compiled file with plain node instead of loading the TypeScript through tsx (~0.6 s of CPU a
 * child). `npx ava test/emit.test.ts` imports this file through tsx, as before.
 */
export { encodeParquet } from "../../pipeline/emit/parquet.ts"
export { defineTable } from "../../pipeline/normalise/columns.ts"
