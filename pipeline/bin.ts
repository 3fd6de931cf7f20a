#!/usr/bin/env node
/**
 * The `recount` command (bundled into dist/recount.cjs by `make`): runs the CLI of main.ts — or,
 * in a worker thread the parallel run started (pipeline/parallel/pool.ts), that worker's loop: the
 * same bundle serves both, so a worker starts from the command's code cache.
 *
 * While the start-up snapshot is built (scripts/snapshot.cjs), nothing runs: the CLI is registered
 * to run after the snapshot is deserialised (dist/recount, the launcher, starts node with it and
 * passes the loader, dist/recount.mjs, as the script, so argv is what a plain run sees). The paths
 * the bundle knows itself by are then set from that script's folder, not the folder it was built in.
 */
import { basename, dirname, join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { startupSnapshot } from "node:v8"
import { isMainThread, workerData } from "node:worker_threads"
import { runCli } from "./main.ts"
import type { WorkerData } from "./parallel/protocol.ts"
import { runWorker } from "./parallel/worker.ts"
import { asCommand } from "./short-run.ts"

/** Set by scripts/build.mjs's banner (the bundle's URL: `import.meta.url` in every module) and scripts/loader.mjs (workers' script). */
declare global {
  var __recountModuleUrl: string
  var __recountLoader: string | undefined
}

if (startupSnapshot.isBuildingSnapshot()) {
  startupSnapshot.setDeserializeMainFunction(() => {
    // As node makes a script's path: absolute (a worker thread is started from it).
    const loader = resolve(process.argv[1] ?? "recount.mjs")
    process.argv[1] = loader
    globalThis.__recountLoader = loader
    globalThis.__recountModuleUrl = pathToFileURL(join(dirname(loader), `${basename(loader).replace(/\.m?js$/, "")}.cjs`)).href
    if (process.env.RECOUNT_CODE_CACHE_STATUS) process.stderr.write("recount: start-up snapshot\n")
    asCommand()
    runCli()
  })
} else {
  const data = isMainThread ? undefined : (workerData as Partial<WorkerData> | undefined)?.recountWorker
  if (data !== undefined) runWorker(data)
  else {
    asCommand()
    runCli()
  }
}
