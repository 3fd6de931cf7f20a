/**
 * A folder's files as path → bytes, and the assertion that two folders hold the same files with the
 * same bytes: the parallel and snapshot tests compare runs that must write identical outputs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import type { ExecutionContext } from "ava"

/** Every file under `dir`, path → bytes, in sorted order. */
export const tree = (dir: string): Map<string, Buffer> => {
  const files = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) walk(path)
      else files.set(relative(dir, path), readFileSync(path))
    }
  }
  walk(dir)
  return files
}

/** The same file names under `a` and `b` (more than five), each with the same bytes. */
export const sameTree = (t: ExecutionContext, a: string, b: string) => {
  const left = tree(a)
  const right = tree(b)
  t.deepEqual([...right.keys()], [...left.keys()])
  t.true(left.size > 5)
  for (const [name, bytes] of left) t.true(bytes.equals(right.get(name)!), `${name} differs`)
}
