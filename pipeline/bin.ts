#!/usr/bin/env node
/** The `recount` command (bundled into dist/recount.mjs by `make`): runs the CLI of main.ts. */
import { runCli } from "./main.ts"

runCli()
