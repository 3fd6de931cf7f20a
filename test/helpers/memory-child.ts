/**
 * What test/memory.test.ts's child process imports from pipeline/memory.ts, in one module so that
 * scripts/build-tests.mjs can compile it for `make test`: the child then imports the compiled file
 * with plain node instead of loading the TypeScript through tsx (~0.5 s of CPU a child), as
 * test/helpers/parquet-child.ts does for test/emit.test.ts. `npx ava test/memory.test.ts` imports
 * this file through tsx, as before.
 */
export { ARTICLES_PER_COLLECTION, releaseGarbage } from "../../pipeline/memory.ts"
