/**
 * A small in-process cache for public bytes that many people ask for at once (a breach page the morning the
 * letters land): each key is loaded at most once per `ttlMs` however many requests wait for it (one load in
 * flight per key), misses are cached too (an unknown address costs no more than a known one, and looks the
 * same), and at most `maxEntries` keys are kept, oldest first out, so random addresses cannot fill memory.
 * `clear()` drops everything, for when this process changed what the bytes are.
 */
export interface MicroCache<T> {
  get(key: string, load: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createMicroCache<T>(ttlMs: number, maxEntries = 1_000): MicroCache<T> {
  const entries = new Map<string, { value: Promise<T>; until: number }>();
  return {
    get(key, load) {
      if (ttlMs <= 0) return load();
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return hit.value;
      entries.delete(key);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const value = load();
      const entry = { value, until: now + ttlMs };
      entries.set(key, entry);
      // A failed load is not kept: the next request tries again.
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
