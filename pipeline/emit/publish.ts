/**
 * Publishing: the new `out/` and `reports/` replace the previous ones as one transaction, and only
 * files Recount wrote are ever replaced or removed. The design, its states and its recovery are in
 * docs/decisions.md ("Publishing outputs"); in short:
 *
 * - Ownership. Every published folder holds a `manifest.json` listing the files Recount wrote
 *   there. Only the files the previous manifest lists (and the manifest itself) are replaced or
 *   removed; anything else is never touched. A non-empty folder with no Recount manifest is
 *   refused (a usage error, exit 2) unless `force`; `.gitkeep`, `.gitignore` and Recount's own
 *   `.recount-*` leftovers do not make a folder non-empty. A new file whose name is taken by a
 *   file Recount does not own is refused too, `force` or not.
 * - Staging. Every new file (manifest included) is written and fsynced into
 *   `<folder>/.recount-staging-<random>/new/`, inside its target so that every rename stays on one
 *   file system (even when the folder is a mount point); the previous owned files will be moved
 *   to `…/old/`.
 * - Journal. `<first folder>/.recount-journal.json` (written to a temporary name, fsynced, renamed,
 *   folder fsynced) names every folder, its staging folder, the new files and the old ones. While
 *   it exists a switch may be half done; its removal is the commit point.
 * - Switch. Old owned files → `old/`, then new files → the folder (manifests last); fsync; remove
 *   the journal (commit); remove the staging folders.
 * - Recovery, before anything else on the next run (`recoverTargets`): a journal still present
 *   means the switch was not committed, and it is rolled back (new files back to `new/`, old ones
 *   back into place: idempotent, so a kill during recovery is recovered by the run after); then
 *   staging folders, temporary journals and the `<folder>.staging-*` folders of earlier Recount
 *   versions are removed.
 *
 * File-system errors become `EmitError`s naming the path and the cause in words. This module uses
 * `node:fs` directly: it needs fsync, `lstat` and errno codes, and its steps are short and
 * synchronous by design (nothing else runs while a switch is in progress) — except the fsyncs of
 * a phase, which do not depend on one another: every staged file and folder is synced at once in
 * libuv's thread pool (the file system commits them together) and all are done before the
 * journal is written; likewise the folders after the switch, before the commit. The order of the
 * durable steps is the same as with one fsync after another.
 *
 * Test-only: with `RECOUNT_TEST_PAUSE_AT=<step>` in the environment, the process stops at that
 * step (see `PublishStep`), prints `recount: test pause at <step>` on stderr and waits (up to
 * `RECOUNT_TEST_PAUSE_MS`, default 60 s, then kills itself with SIGKILL) so that a test can kill
 * it there. Never set it outside tests.
 */
import { createHash, randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as nodePath from "node:path"
import * as Effect from "effect/Effect"
import { UsageError } from "../cli.ts"
import { EMIT_PREFIX, type ManifestFile, type ManifestTable, MANIFEST_FILE, type OutputFile } from "./emit.ts"
import { describeFsCause, EmitError } from "./errors.ts"
import type { Inputs } from "./metadata.ts"

/** The journal of a switch in progress, in the first published folder (`--out`). */
export const JOURNAL_FILE = ".recount-journal.json"
/** Prefix of the staging folders, inside each published folder. */
export const STAGING_PREFIX = ".recount-staging-"
/** Inside a staging folder: the file holding the journal's absolute path. */
const POINTER_FILE = "journal-path"
/** Files that never make a folder "non-empty" and are never touched. */
const IGNORED = new Set([".gitkeep", ".gitignore"])
const isOurs = (name: string) => name.startsWith(".recount-")

/**
 * Named points of a publish, in order, for the test-only pause (`RECOUNT_TEST_PAUSE_AT`):
 * `staged` (every new file staged, no journal yet), `journal` (journal written, nothing moved),
 * `move-<k>` (after the k-th rename of the switch, 1-based, old files out first, then new ones
 * in), `switched` (every rename done and synced, journal still there), `committed` (journal
 * removed, staging folders not yet), `rollback-<k>` (after the k-th rename of a rollback).
 */
export type PublishStep = string

export interface PublishHooks {
  /** Called at every named step; may throw (the error is handled as a failure at that step). */
  readonly onStep?: (step: PublishStep) => void
}

/** One folder to publish. */
export interface PublishFolder {
  /** A fixed label ("out", "reports"): used in the run identity and the journal, never a path. */
  readonly role: string
  readonly dir: string
  /** The files, manifest excluded: plain names, each once, not `manifest.json`. */
  readonly files: ReadonlyArray<OutputFile>
  /** The folder's manifest (a JSON value) given the run identity and the files' entries. */
  readonly manifest: (run: string, files: ReadonlyArray<ManifestFile>) => unknown
}

/** `out/manifest.json`. */
export interface OutManifest {
  /** The run identity, the same in both folders' manifests (see `runIdentity`). */
  readonly run: string
  /** The articles read: one digest of the set (written into every Parquet file too) and each article's size and sha256. */
  readonly inputs?: Inputs
  readonly tables: ReadonlyArray<ManifestTable>
  /** out/'s files that belong to no one table (datapackage.json). */
  readonly files?: ReadonlyArray<ManifestFile>
}

/** `reports/manifest.json`. */
export interface ReportsManifest {
  readonly run: string
  readonly files: ReadonlyArray<ManifestFile>
}

export interface PublishResult {
  readonly run: string
  readonly manifests: ReadonlyArray<unknown>
}

// ——— errors ———

/** A file-system failure inside this module; becomes an `EmitError` at the boundary. */
class FsFailure extends Error {
  constructor(readonly path: string, doing: string, cause: unknown, note = "") {
    super(`cannot ${doing} ${path}: ${describeFsCause(cause)}${note}`)
  }
}

const attempt = <A>(doing: string, path: string, f: () => A): A => {
  try {
    return f()
  } catch (error) {
    throw new FsFailure(path, doing, error)
  }
}

const toError = (error: unknown): EmitError | UsageError => {
  if (error instanceof UsageError || error instanceof EmitError) return error
  if (error instanceof FsFailure) return new EmitError({ path: error.path, message: error.message })
  return new EmitError({ path: "", message: `publish failed: ${error instanceof Error ? error.message : String(error)}` })
}

const run = <A>(f: () => A): Effect.Effect<A, EmitError | UsageError> => Effect.try({ try: f, catch: toError })

// ——— small file-system helpers (all synchronous, all errors carry their path) ———

const lstatOrNull = (path: string): fs.Stats | null => {
  try {
    return fs.lstatSync(path)
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return null
    throw new FsFailure(path, "inspect", error)
  }
}

const exists = (path: string) => lstatOrNull(path) !== null

/** Makes a rename or removal in `dir` durable. Platforms that cannot fsync a folder are skipped. */
const syncDir = (dir: string) => {
  let fd: number
  try {
    fd = fs.openSync(dir, "r")
  } catch (error) {
    throw new FsFailure(dir, "open folder", error)
  }
  try {
    fs.fsyncSync(fd)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "ENOTSUP") throw new FsFailure(dir, "sync folder", error)
  } finally {
    fs.closeSync(fd)
  }
}

/** Writes a new file and fsyncs it (fails if the file exists). */
const writeDurably = (path: string, content: string | Uint8Array) => {
  const fd = attempt("create", path, () => fs.openSync(path, "wx"))
  try {
    attempt("write", path, () => fs.writeFileSync(fd, content))
    attempt("sync", path, () => fs.fsyncSync(fd))
  } finally {
    fs.closeSync(fd)
  }
}

const IGNORED_FOLDER_SYNC = new Set(["EINVAL", "EISDIR", "EPERM", "ENOTSUP"])

/**
 * Fsyncs a file or a folder in libuv's thread pool (folders: as `syncDir`): open, fsync and close
 * through the callback API, one promise in all — not `fs.promises` (a FileHandle and a promise per
 * step: ~20 syncs a run, each step waiting for a turn of the event loop). Issue 8, tenth pass.
 */
const syncAsync = (path: string, kind: "file" | "folder"): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    fs.open(path, "r", (openError, fd) => {
      if (openError !== null) return reject(new FsFailure(path, kind === "folder" ? "open folder" : "open", openError))
      fs.fsync(fd, (syncError) => {
        const failure = syncError !== null && (kind === "file" || !IGNORED_FOLDER_SYNC.has(syncError.code ?? ""))
          ? new FsFailure(path, kind === "folder" ? "sync folder" : "sync", syncError)
          : null
        fs.close(fd, (closeError) => {
          if (failure !== null) reject(failure)
          else if (closeError !== null) reject(closeError)
          else resolve()
        })
      })
    })
  })

/**
 * Fsyncs all `files` and `folders` at once, and waits for the syncs already `synced` elsewhere
 * (files whose writer synced them: `OutputFile.durable`); resolves when every one is durable, or
 * rejects with the first failure once none is still in flight (so that nothing is synced behind a
 * cleanup).
 */
const syncAll = async (files: ReadonlyArray<string>, folders: ReadonlyArray<string>, synced: ReadonlyArray<Promise<void>> = []): Promise<void> => {
  const results = await Promise.allSettled([...synced, ...files.map((f) => syncAsync(f, "file")), ...folders.map((d) => syncAsync(d, "folder"))])
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected")
  if (failed !== undefined) throw failed.reason
}

/** Writes a new file, not yet synced (fails if the file exists): `syncAll` makes it durable. */
const writeNew = (path: string, content: string | Uint8Array) => attempt("create", path, () => fs.writeFileSync(path, content, { flag: "wx" }))

const move = (from: string, to: string) => attempt(`move ${from} to`, to, () => fs.renameSync(from, to))

const removeTree = (path: string) => attempt("remove", path, () => fs.rmSync(path, { recursive: true, force: true }))

const bytesOf = (content: string | Uint8Array): Uint8Array =>
  typeof content === "string" ? new TextEncoder().encode(content) : content

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

const renderJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`

// ——— the test-only pause ———

const envPause = (step: PublishStep) => {
  if (process.env["RECOUNT_TEST_PAUSE_AT"] !== step) return
  fs.writeSync(2, `recount: test pause at ${step}\n`)
  const wait = Number(process.env["RECOUNT_TEST_PAUSE_MS"] ?? 60_000)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait)
  process.kill(process.pid, "SIGKILL")
}

const stepper = (hooks: PublishHooks | undefined) => (step: PublishStep) => {
  envPause(step)
  hooks?.onStep?.(step)
}

// ——— run identity ———

/**
 * The run identity: the sha256 of one line `<role>/<name> <sha256>\n` per published file
 * (manifests excluded), folders in publishing order (out, then reports), names sorted by code
 * unit. Both manifests carry it, so a reader can check that out/ and reports/ come from the same
 * run by recomputing it from the two manifests' file lists (and each file against its sha256).
 */
export const runIdentity = (folders: ReadonlyArray<{ readonly role: string; readonly files: ReadonlyArray<{ readonly name: string; readonly sha256: string }> }>): string => {
  const hash = createHash("sha256")
  for (const folder of folders) {
    for (const file of [...folder.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      hash.update(`${folder.role}/${file.name} ${file.sha256}\n`)
    }
  }
  return hash.digest("hex")
}

// ——— ownership ———

const isPlainName = (name: unknown): name is string =>
  typeof name === "string" && name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name)

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A manifest's file entry: a plain name and a sha256. */
const entryName = (entry: unknown): string | null =>
  isRecord(entry) && isPlainName(entry["name"]) && typeof entry["sha256"] === "string" && /^[0-9a-f]{64}$/.test(entry["sha256"])
    ? entry["name"]
    : null

/**
 * The file names a Recount manifest lists, or `null` when `text` is not one. Recognised:
 * `{ run, files: [{ name, sha256, … }] }` (reports/, and any folder published alone) and
 * `{ tables: [{ name, files: [{ name, sha256, … }], … }] }` (out/, with or without `run`: the
 * manifests of earlier versions count). Anything else — another tool's `manifest.json` — is not
 * Recount's, so its folder is treated as holding foreign files only.
 */
export const manifestNames = (text: string): ReadonlyArray<string> | null => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (!isRecord(value)) return null
  let entries: Array<unknown>
  if (Array.isArray(value["tables"])) {
    entries = []
    for (const table of value["tables"]) {
      if (!isRecord(table) || typeof table["name"] !== "string" || !Array.isArray(table["files"])) return null
      entries.push(...table["files"])
    }
    if (value["files"] !== undefined) {
      if (!Array.isArray(value["files"])) return null
      entries.push(...value["files"])
    }
  } else if (Array.isArray(value["files"]) && typeof value["run"] === "string") {
    entries = value["files"]
  } else {
    return null
  }
  const names: Array<string> = []
  for (const entry of entries) {
    const name = entryName(entry)
    if (name === null) return null
    names.push(name)
  }
  return names
}

interface Previous {
  readonly dir: string
  readonly exists: boolean
  /** Regular files the previous manifest lists, plus the manifest itself: the files Recount may replace or remove. */
  readonly owned: ReadonlySet<string>
}

/** Reads what Recount owns in `dir`; refuses a non-empty folder without a Recount manifest unless `force`. */
const inspectTarget = (dir: string, force: boolean): Previous => {
  const stat = lstatOrNull(dir)
  if (stat === null) return { dir, exists: false, owned: new Set() }
  if (!attempt("inspect", dir, () => fs.statSync(dir)).isDirectory()) {
    throw new FsFailure(dir, "publish into", Object.assign(new Error("not a directory"), { code: "ENOTDIR" }))
  }
  const entries = attempt("list", dir, () => fs.readdirSync(dir))
  const manifestPath = nodePath.join(dir, MANIFEST_FILE)
  const manifestStat = lstatOrNull(manifestPath)
  const names = manifestStat?.isFile() === true ? manifestNames(attempt("read", manifestPath, () => fs.readFileSync(manifestPath, "utf8"))) : null
  if (names === null) {
    const others = entries.filter((name) => !IGNORED.has(name) && !isOurs(name))
    if (others.length > 0 && !force) {
      throw new UsageError({
        message: `${dir} is not empty and holds no Recount manifest (${MANIFEST_FILE}), so its files were not written by Recount ` +
          `(${others.length} entr${others.length === 1 ? "y" : "ies"}, e.g. ${others.sort()[0]}). Use an empty or new folder, ` +
          `or pass --force to write beside them (files Recount did not write are never touched)`
      })
    }
    return { dir, exists: true, owned: new Set() }
  }
  const owned = new Set<string>()
  for (const name of [...names, MANIFEST_FILE]) {
    if (IGNORED.has(name) || isOurs(name)) continue
    if (lstatOrNull(nodePath.join(dir, name))?.isFile() === true) owned.add(name)
  }
  return { dir, exists: true, owned }
}

const sameFolder = (a: string, b: string): boolean => {
  if (nodePath.resolve(a) === nodePath.resolve(b)) return true
  try {
    return fs.realpathSync(a) === fs.realpathSync(b)
  } catch {
    return false
  }
}

const checkDistinct = (dirs: ReadonlyArray<string>) => {
  for (let i = 0; i < dirs.length; i++) {
    for (let j = i + 1; j < dirs.length; j++) {
      if (sameFolder(dirs[i]!, dirs[j]!)) {
        throw new UsageError({ message: `--out and --reports must be different folders (both are ${nodePath.resolve(dirs[i]!)})` })
      }
    }
  }
}

// ——— journal and recovery ———

interface JournalFolder {
  readonly role: string
  readonly dir: string
  readonly staging: string
  /** The target did not exist before this publish (removed again on rollback if left empty). */
  readonly created: boolean
  /** New files, in the order they are moved in (manifest last). */
  readonly new: ReadonlyArray<string>
  /** Previously owned files, moved to `<staging>/old/` before the new ones come in. */
  readonly old: ReadonlyArray<string>
}

interface Journal {
  readonly recount: "publish-journal"
  readonly version: 1
  readonly run: string
  readonly folders: ReadonlyArray<JournalFolder>
}

const readJournal = (path: string): Journal => {
  const text = attempt("read journal", path, () => fs.readFileSync(path, "utf8"))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new FsFailure(path, "read journal", error, " (the journal is written atomically, so this file was altered by hand)")
  }
  const journal = value as Journal
  if (journal?.recount !== "publish-journal" || !Array.isArray(journal.folders)) {
    throw new FsFailure(path, "read journal", new Error("not a Recount publish journal"))
  }
  return journal
}

/** Writes `path` atomically and durably: temporary file, fsync, rename, fsync of the folder. */
const writeAtomically = (path: string, text: string) => {
  const temp = `${path}.tmp-${randomBytes(4).toString("hex")}`
  writeDurably(temp, text)
  move(temp, path)
  syncDir(nodePath.dirname(path))
}

/**
 * Undoes an uncommitted switch described by the journal at `journalPath`, then removes the journal
 * and the staging folders. Idempotent: a new file is moved back only while its staged copy is
 * missing (then the file in the folder is the new one, since the old one was moved out before
 * it came in), an old file only while it is still in `old/`.
 */
const rollback = (journalPath: string, step: (s: PublishStep) => void) => {
  const journal = readJournal(journalPath)
  let k = 0
  for (const folder of journal.folders) {
    if (!exists(folder.staging)) continue
    const fresh = nodePath.join(folder.staging, "new")
    const old = nodePath.join(folder.staging, "old")
    for (const name of [...folder.new].reverse()) {
      const staged = nodePath.join(fresh, name)
      const placed = nodePath.join(folder.dir, name)
      if (!exists(staged) && exists(placed)) {
        move(placed, staged)
        step(`rollback-${++k}`)
      }
    }
    for (const name of folder.old) {
      const saved = nodePath.join(old, name)
      if (exists(saved)) {
        move(saved, nodePath.join(folder.dir, name))
        step(`rollback-${++k}`)
      }
    }
    if (exists(folder.dir)) syncDir(folder.dir)
  }
  attempt("remove journal", journalPath, () => fs.rmSync(journalPath, { force: true }))
  syncDir(nodePath.dirname(journalPath))
  for (const folder of journal.folders) {
    removeTree(folder.staging)
    if (folder.created) removeIfEmpty(folder.dir)
  }
}

/**
 * Removes a committed switch's staging folder, whose contents the plan names: the previous files
 * in `old/` and the pointer file unlinked side by side in the thread pool (one unlink at a time on
 * this thread was slower: each waits for the file system's journal), then the three folders —
 * without `fs.rm`'s recursive walk (a stat and a listing per entry, and the walker's own module to
 * load on first use). Anything unexpected there (a file added by hand) falls back to that walk.
 * Best effort: what is left is removed by the next run's recovery.
 */
const removeStaging = async (folder: JournalFolder): Promise<void> => {
  const unlink = (path: string) =>
    new Promise<void>((resolve, reject) => fs.unlink(path, (error) => (error === null || error.code === "ENOENT" ? resolve() : reject(error))))
  const rmdir = (path: string) => new Promise<void>((resolve, reject) => fs.rmdir(path, (error) => (error === null ? resolve() : reject(error))))
  try {
    await Promise.all([...folder.old.map((name) => unlink(nodePath.join(folder.staging, "old", name))), unlink(nodePath.join(folder.staging, POINTER_FILE))])
    await Promise.all([rmdir(nodePath.join(folder.staging, "old")), rmdir(nodePath.join(folder.staging, "new"))])
    await rmdir(folder.staging)
  } catch {
    await fs.promises.rm(folder.staging, { recursive: true, force: true }).catch(() => undefined)
  }
}

const removeIfEmpty = (dir: string) => {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir)
  } catch {
    // gone already, or not empty: nothing to do
  }
}

/**
 * Completes what an interrupted run left in `dirs`: rolls back an uncommitted switch (a journal
 * in any of the folders, or one a staging folder points to), then removes staging folders,
 * temporary journals, and the `<folder>.staging-XXXXXX` folders earlier Recount versions left
 * next to the folder. Touches nothing else.
 */
export const recoverSync = (dirs: ReadonlyArray<string>, hooks?: PublishHooks, keep: ReadonlyArray<string> = []): void => {
  const kept = new Set(keep.map((k) => nodePath.resolve(k)))
  const step = stepper(hooks)
  for (const dir of dirs) {
    const stat = lstatOrNull(dir)
    if (stat === null || !stat.isDirectory()) continue
    const journalPath = nodePath.join(dir, JOURNAL_FILE)
    if (exists(journalPath)) rollback(journalPath, step)
  }
  for (const dir of dirs) {
    const stat = lstatOrNull(dir)
    if (stat !== null && stat.isDirectory()) {
      for (const name of attempt("list", dir, () => fs.readdirSync(dir)).sort()) {
        const path = nodePath.join(dir, name)
        if (name.startsWith(STAGING_PREFIX)) {
          const pointer = nodePath.join(path, POINTER_FILE)
          const journalPath = exists(pointer) ? attempt("read", pointer, () => fs.readFileSync(pointer, "utf8")).trim() : ""
          if (journalPath !== "" && exists(journalPath) && exists(path)) {
            const journal = readJournal(journalPath)
            if (journal.folders.some((f) => f.staging === path)) rollback(journalPath, step)
          }
          removeTree(path)
        } else if (name.startsWith(`${JOURNAL_FILE}.tmp-`) || (name.startsWith(EMIT_PREFIX) && !kept.has(path))) {
          removeTree(path)
        }
      }
    }
    // Leftovers of the previous implementation (fs.mkdtemp: six random characters), next to the
    // folder. Best effort: a parent folder that cannot be listed or changed is not this run's problem.
    try {
      const parent = nodePath.dirname(nodePath.resolve(dir))
      const legacy = `${nodePath.basename(nodePath.resolve(dir))}.staging-`
      for (const name of fs.readdirSync(parent)) {
        if (name.startsWith(legacy) && /^[A-Za-z0-9]{6}$/.test(name.slice(legacy.length))) {
          const path = nodePath.join(parent, name)
          if (fs.lstatSync(path).isDirectory()) fs.rmSync(path, { recursive: true, force: true })
        }
      }
    } catch { /* left in place */ }
  }
}

// ——— publish ———

/** Where a new file's bytes come from: in memory, or a file already written beside the target (synced when `durable` settles, if given). */
type Source = { readonly bytes: Uint8Array } | { readonly path: string; readonly durable?: Promise<void> }

const checkFiles = (folder: PublishFolder) => {
  const seen = new Set<string>()
  for (const { name } of folder.files) {
    const path = nodePath.join(folder.dir, name)
    if (!isPlainName(name)) throw new FsFailure(path, "publish", new Error(`not a plain file name: ${JSON.stringify(name)}`))
    if (name === MANIFEST_FILE || isOurs(name)) throw new FsFailure(path, "publish", new Error(`${name} is a name Recount reserves`))
    if (seen.has(name)) throw new FsFailure(path, "publish", new Error(`file ${name} is given twice`))
    seen.add(name)
  }
}

/**
 * Publishes `folders` as one transaction (see the module comment). The journal lives in the first
 * folder. Before anything is written: recovery of an interrupted run, the ownership check and the
 * name-collision check. Fails with a `UsageError` (refused: nothing written) or an `EmitError`
 * (the file system failed: the previous outputs are in place, or, if even the rollback failed,
 * will be restored by the next run).
 */
export const publishFolders = async (
  folders: ReadonlyArray<PublishFolder>,
  options: { readonly force: boolean; readonly hooks?: PublishHooks; readonly keep?: ReadonlyArray<string> }
): Promise<PublishResult> => {
  const step = stepper(options.hooks)
  if (folders.length === 0) throw new Error("nothing to publish")
  const dirs = folders.map((f) => nodePath.resolve(f.dir))
  checkDistinct(dirs)
  folders.forEach(checkFiles)
  recoverSync(dirs, options.hooks, options.keep)
  const previous = dirs.map((dir) => inspectTarget(dir, options.force))

  // The files and manifests.
  const entries = folders.map((folder) =>
    folder.files.map((file): { name: string; source: Source; entry: ManifestFile } => {
      if ("path" in file) return { name: file.name, source: { path: file.path, ...(file.durable === undefined ? {} : { durable: file.durable }) }, entry: { name: file.name, bytes: file.bytes, sha256: file.sha256 } }
      const bytes = bytesOf(file.content)
      return { name: file.name, source: { bytes }, entry: { name: file.name, bytes: bytes.byteLength, sha256: sha256(bytes) } }
    })
  )
  const run = runIdentity(folders.map((folder, i) => ({ role: folder.role, files: entries[i]!.map((e) => e.entry) })))
  const manifests = folders.map((folder, i) => folder.manifest(run, entries[i]!.map((e) => e.entry)))
  const contents = entries.map((list, i): Array<{ name: string; source: Source }> => [
    ...list.map((e) => ({ name: e.name, source: e.source })),
    { name: MANIFEST_FILE, source: { bytes: bytesOf(renderJson(manifests[i])) } }
  ])

  // Collisions: a new file's name taken by something Recount does not own.
  folders.forEach((_, i) => {
    const { dir, owned } = previous[i]!
    for (const { name } of contents[i]!) {
      const path = nodePath.join(dirs[i]!, name)
      if (!owned.has(name) && exists(path)) {
        throw new UsageError({
          message: `${path} exists and was not written by Recount (${nodePath.join(dir, MANIFEST_FILE)} does not list it); ` +
            `Recount never replaces a file it did not write: move it away or choose another folder`
        })
      }
    }
  })

  // Stage.
  const journalPath = nodePath.join(dirs[0]!, JOURNAL_FILE)
  const created: Array<string> = []
  const plan: Array<JournalFolder> = []
  // What the staging wrote, made durable together before the journal is written.
  const stagedFiles: Array<string> = []
  const stagedFolders: Array<string> = []
  // Staged files whose writer syncs them (the emitter's tables): their syncs are waited for, not repeated.
  const syncedElsewhere: Array<Promise<void>> = []
  try {
    folders.forEach((folder, i) => {
      const dir = dirs[i]!
      if (!previous[i]!.exists) {
        attempt("create folder", dir, () => fs.mkdirSync(dir, { recursive: true }))
        created.push(dir)
      }
      const staging = nodePath.join(dir, `${STAGING_PREFIX}${randomBytes(6).toString("hex")}`)
      attempt("create staging folder", staging, () => fs.mkdirSync(staging))
      plan.push({ role: folder.role, dir, staging, created: !previous[i]!.exists, new: contents[i]!.map((c) => c.name), old: [...previous[i]!.owned].sort() })
      writeNew(nodePath.join(staging, POINTER_FILE), `${journalPath}\n`)
      stagedFiles.push(nodePath.join(staging, POINTER_FILE))
      for (const sub of ["new", "old"]) attempt("create staging folder", nodePath.join(staging, sub), () => fs.mkdirSync(nodePath.join(staging, sub)))
      for (const { name, source } of contents[i]!) {
        // A file the emitter already wrote (in the same folder) is moved, not copied; it is synced
        // with the others (a report file is written unsynced, emit.ts's openStage), unless its
        // writer synced it (`durable`: a table's files), which is then waited for instead.
        if ("path" in source) move(source.path, nodePath.join(staging, "new", name))
        else writeNew(nodePath.join(staging, "new", name), source.bytes)
        if ("path" in source && source.durable !== undefined) syncedElsewhere.push(source.durable)
        else stagedFiles.push(nodePath.join(staging, "new", name))
      }
      stagedFolders.push(nodePath.join(staging, "new"), staging, dir)
    })
    await syncAll(stagedFiles, stagedFolders, syncedElsewhere)
    step("staged")
    const journal: Journal = { recount: "publish-journal", version: 1, run, folders: plan }
    writeAtomically(journalPath, renderJson(journal))
  } catch (error) {
    // Nothing in the folders changed: remove what was staged (best effort; the next run would too).
    for (const folder of plan) {
      try {
        fs.rmSync(folder.staging, { recursive: true, force: true })
      } catch { /* left for the next run */ }
    }
    try {
      fs.rmSync(journalPath, { force: true })
    } catch { /* nothing moved yet: the next run removes it with the staging folders gone */ }
    for (const dir of created) removeIfEmpty(dir)
    throw error
  }
  step("journal")

  // Switch: old owned files out, then new files in; then commit by removing the journal.
  try {
    let k = 0
    for (const folder of plan) {
      for (const name of folder.old) {
        move(nodePath.join(folder.dir, name), nodePath.join(folder.staging, "old", name))
        step(`move-${++k}`)
      }
    }
    for (const folder of plan) {
      for (const name of folder.new) {
        move(nodePath.join(folder.staging, "new", name), nodePath.join(folder.dir, name))
        step(`move-${++k}`)
      }
    }
    await syncAll([], plan.flatMap((folder) => [folder.dir, nodePath.join(folder.staging, "new"), nodePath.join(folder.staging, "old")]))
    step("switched")
    attempt("remove journal (commit)", journalPath, () => fs.unlinkSync(journalPath))
    syncDir(dirs[0]!)
  } catch (error) {
    try {
      rollback(journalPath, () => {})
    } catch (again) {
      const note = again instanceof Error ? again.message : String(again)
      throw new FsFailure(
        error instanceof FsFailure ? error.path : journalPath,
        "publish",
        error,
        `; rolling back failed too (${note}): the next run restores the previous outputs (journal ${journalPath})`
      )
    }
    throw error
  }
  step("committed")
  // The previous files, now in the staging folders, and the folders removed side by side (a failure leaves them to the next run).
  await Promise.all(plan.map(removeStaging))
  return { run, manifests }
}

/** Effect wrapper of `publishFolders`. */
export const publish = (
  folders: ReadonlyArray<PublishFolder>,
  options: { readonly force: boolean; readonly hooks?: PublishHooks; readonly keep?: ReadonlyArray<string> }
) =>
  Effect.tryPromise({ try: () => publishFolders(folders, options), catch: toError })

/** Effect wrapper of `recoverSync`. */
export const recoverTargets = (dirs: ReadonlyArray<string>, hooks?: PublishHooks) => run(() => recoverSync(dirs, hooks))

export interface Targets {
  readonly out: string
  readonly reports: string
  readonly force: boolean
}

/**
 * The preflight, before the expensive stages: completes or rolls back an interrupted publish and
 * removes its leftovers, then refuses (UsageError, exit 2) a non-empty target without a Recount
 * manifest (unless `force`) or `--out` and `--reports` naming one folder. Writes no output.
 */
export const checkTargets = (targets: Targets) =>
  run(() => {
    const dirs = [nodePath.resolve(targets.out), nodePath.resolve(targets.reports)]
    checkDistinct(dirs)
    recoverSync(dirs)
    for (const dir of dirs) inspectTarget(dir, targets.force)
  })

/**
 * Publishes the run: the encoded tables (with `manifest.json`: `{ run, tables }`) into `out`, the
 * report files (with `manifest.json`: `{ run, files }`) into `reports`, as one transaction.
 */
export const publishOutputs = (
  targets: Targets,
  tables: {
    readonly files: ReadonlyArray<OutputFile>
    readonly tables: ReadonlyArray<ManifestTable>
    /** out/'s files beside the tables (datapackage.json), listed in the manifest's `files`. */
    readonly extra?: ReadonlyArray<OutputFile>
    readonly inputs?: Inputs
  },
  reports: ReadonlyArray<OutputFile>,
  hooks?: PublishHooks,
  /** Working folders of this run inside the targets (the emitter's) that recovery must not remove. */
  keep: ReadonlyArray<string> = []
) =>
  publish([
    {
      role: "out",
      dir: targets.out,
      files: [...tables.files, ...(tables.extra ?? [])],
      manifest: (run, files): OutManifest => {
        const extra = new Set((tables.extra ?? []).map((f) => f.name))
        return {
          run,
          ...(tables.inputs === undefined ? {} : { inputs: tables.inputs }),
          tables: tables.tables,
          ...(extra.size === 0 ? {} : { files: files.filter((f) => extra.has(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) })
        }
      }
    },
    {
      role: "reports",
      dir: targets.reports,
      files: reports,
      manifest: (run, files): ReportsManifest => ({ run, files: [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) })
    }
  ], { force: targets.force, hooks, keep })
