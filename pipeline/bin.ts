#!/usr/bin/env node
/**
 * The `recount` command (bundled into dist/recount.mjs by `make`): runs the CLI of main.ts — or,
 * in a worker thread the parallel run started (pipeline/parallel/pool.ts), that worker's loop: the
 * same bundle serves both, so a worker starts from the command's code cache.
 */
import { isMainThread, workerData } from "node:worker_threads"
import { runCli } from "./main.ts"
import type { WorkerData } from "./parallel/protocol.ts"
import { runWorker } from "./parallel/worker.ts"

const data = isMainThread ? undefined : (workerData as Partial<WorkerData> | undefined)?.recountWorker
if (data !== undefined) runWorker(data)
else runCli()
