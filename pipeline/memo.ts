/**
 * `orMake(map, key, make)`: the map's value for `key`, made and stored on first use. The nested
 * caches (a Map or WeakMap per level: no key string built per call) read as one line per level.
 * `make` is called only on a miss; a stored `null` is a value (only `undefined` means missing).
 */
export interface MapLike<K, V> {
  get(key: K): V | undefined
  set(key: K, value: V): unknown
}

export const orMake = <K, V>(map: MapLike<K, V>, key: K, make: () => V): V => {
  let value = map.get(key)
  if (value === undefined) {
    value = make()
    map.set(key, value)
  }
  return value
}

/**
 * `orMake` with the maker's arguments passed along: `make` can be a module-level function, so a
 * call makes no closure (a closure literal is a new function object each time its line runs; the
 * law lookups run per area and rule; issue 8, seventh pass, part E).
 */
export const orMakeWith = <K, V, A, B, C>(map: MapLike<K, V>, key: K, make: (a: A, b: B, c: C) => V, a: A, b: B, c: C): V => {
  let value = map.get(key)
  if (value === undefined) {
    value = make(a, b, c)
    map.set(key, value)
  }
  return value
}

/** Makers for `orMake` without a closure per call. */
export const newMap = <K, V>(): Map<K, V> => new Map<K, V>()
export const newWeakMap = <K extends WeakKey, V>(): WeakMap<K, V> => new WeakMap<K, V>()
