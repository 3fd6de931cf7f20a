/** Recount's version, kept equal to package.json's (test/cli.test.ts checks); shown by --version and written into every Parquet file. */
export const VERSION = "0.1.0"
