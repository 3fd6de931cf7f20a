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
