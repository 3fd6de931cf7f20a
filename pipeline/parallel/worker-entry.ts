/**
 * A worker thread's entry when Recount runs from its sources through tsx (`tsx pipeline/main.ts`,
 * tests run by `npx ava`): the bundle enters worker mode in bin.ts instead.
 */
import { workerData } from "node:worker_threads"
import type { WorkerData } from "./protocol.ts"
import { runWorker } from "./worker.ts"

runWorker((workerData as WorkerData).recountWorker)
