/**
 * ids.ts `slug` returns a one-byte copy of its slug (`oneByteCopy`; issue 8, seventh pass, part E):
 * an article with one character beyond Latin-1 is a two-byte string, and so was every slug and id
 * made from it. Held here to the long path (`slugText`) on random text, Latin-1 or not, and the
 * copy to its input on random ASCII of any length (chunks of 1,024 codes); the representation is
 * read from V8's serializer, which tags a one-byte string `"` and a two-byte one `c`.
 */
import { serialize } from "node:v8"
import test from "ava"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import { oneByteCopy, slug, slugText } from "../pipeline/normalise/ids.ts"

/** True when V8 holds the string in one byte a character (the serializer's tag after its header). */
const isOneByte = (s: string): boolean => {
  const bytes = serialize(s)
  return bytes[2] === 0x22
}

test("the serializer tells the two representations apart", (t) => {
  const twoByte = "ab–cd".slice(0, 2) + "-long-enough-to-be-a-cons"
  twoByte.charCodeAt(0)
  t.false(isOneByte(twoByte))
  t.true(isOneByte("plain ascii"))
})

test("slug agrees with the long path on any text, and is one-byte", (t) => {
  let twoByteInputs = 0
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: binaryUnit, maxLength: 40 }), fc.constantFrom("Île-de-France", "Liste d'union – UMP", "PS • PCF", "", "––", "Rhône-Alpes & Co", "x")), (text) => {
      if (!isOneByte(text)) twoByteInputs++
      const s = slug(text)
      t.is(s, slugText(text))
      t.true(isOneByte(s), text)
    }),
    { numRuns: 3000, seed: 29 }
  )
  t.true(twoByteInputs > 100)
})

test("oneByteCopy returns the same ASCII text, one-byte, at any length", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 1000 }), (length, seed) => {
      let text = "–".slice(0, 0) // a two-byte source, as an article's slices are
      for (let i = 0; i < length; i++) text += String.fromCharCode(32 + ((seed + i * 7) % 95))
      const source = `\u2013${text}`.slice(1)
      const copy = oneByteCopy(source)
      t.is(copy, text)
      t.true(isOneByte(copy))
    }),
    { numRuns: 200, seed: 31 }
  )
  t.is(oneByteCopy(""), "")
})
