// The `ava` every compiled test module sees (scripts/build-tests.mjs): ava's own `test`, with every
// title prefixed by the name of the grouped test file being loaded (none outside a group). So one
// worker runs several small test files, and every test, declared in its file or by a helper it
// calls (test/helpers/fixture.ts), keeps the title it had alone ("rules › vote-sum › …"); titles stay
// unique across a group.
const MEMBER = Symbol.for("recount.test-group.member")

/** Called by a group, before it loads each member: the name titles get from now on. */
export const enterMember = (name) => {
  globalThis[MEMBER] = name
}

export const prefixed = (test) => {
  const wrap = (fn) =>
    new Proxy(fn, {
      apply: (target, self, args) => {
        const member = globalThis[MEMBER]
        return Reflect.apply(target, self, member !== undefined && typeof args[0] === "string" ? [`${member} › ${args[0]}`, ...args.slice(1)] : args)
      },
      get: (target, key) => {
        const value = Reflect.get(target, key)
        // Modifiers chain (`test.serial`, `test.after.always`): wrap them too.
        return typeof value === "function" || (typeof value === "object" && value !== null) ? wrap(value) : value
      }
    })
  return wrap(test)
}
