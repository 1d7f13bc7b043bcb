// @ts-check
// Where failure records live. Everywhere but one place, in storage.session.
// Chrome's incognito instance ("incognito": "split") shares storage.session
// with the normal one, and no event tells either that the incognito session
// ended (windows.onRemoved of the last incognito window never reaches its
// worker: measured with Chromium 156). So there, records live in the
// extension's own IndexedDB of the incognito profile, which Chrome keeps in
// memory and drops with the session: they end with it by construction, and
// the normal windows never see them. The area has storage.session's shape.
import { api, firefox } from "./api.js";

/**
 * Whether this is Chrome's incognito instance of the extension. (Firefox runs
 * one instance, whose pages in private windows also say `inIncognitoContext`.)
 */
export const incognitoContext = !firefox
  && (/** @type {any} */ (api).extension?.inIncognitoContext ?? false);

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** @type {Promise<IDBDatabase> | undefined} */
let database;

/** The object store of records, in a transaction of `mode`. */
async function items(/** @type {IDBTransactionMode} */ mode) {
  database ??= new Promise((resolve, reject) => {
    const opening = indexedDB.open("netwhy-private", 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("items");
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  return (await database).transaction("items", mode).objectStore("items");
}

const privateArea = {
  /**
   * The items under `keys` (one, several, or all for null), as an object.
   * @param {string | string[] | null} keys
   * @returns {Promise<Record<string, any>>}
   */
  async get(keys) {
    const store = await items("readonly");
    // Every request is made before any is awaited: one transaction.
    if (keys === null) {
      const [names, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
      return Object.fromEntries(names.map((name, i) => [String(name), values[i]]));
    }
    const wanted = [keys].flat();
    const values = await Promise.all(wanted.map((key) => done(store.get(key))));
    return Object.fromEntries(wanted.map((key, i) => [key, values[i]]).filter(([, value]) => value !== undefined));
  },
  /** Stores each entry of `entries`. */
  async set(/** @type {Record<string, any>} */ entries) {
    const store = await items("readwrite");
    await Promise.all(Object.entries(entries).map(([key, value]) => done(store.put(value, key))));
  },
  /** Removes the items under `keys`. */
  async remove(/** @type {string | string[]} */ keys) {
    const store = await items("readwrite");
    await Promise.all([keys].flat().map((key) => done(store.delete(key))));
  },
};

/** @type {{ get(keys: string | string[] | null): Promise<Record<string, any>>, set(entries: Record<string, any>): Promise<void>, remove(keys: string | string[]): Promise<void> }} */
export const recordArea = incognitoContext ? privateArea : /** @type {any} */ (api.storage.session);
