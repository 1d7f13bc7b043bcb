// Writes a browser's manifest: the shared base with that browser's patch
// merged over it (objects merge key by key, arrays are joined, anything else
// is replaced), so a patch only says what differs.
// Usage: node tools/manifest.mjs chrome|firefox OUT
import { readFileSync, writeFileSync } from "node:fs";

const [browser, out] = process.argv.slice(2);
const read = (name) => JSON.parse(readFileSync(new URL(`../extension/${name}`, import.meta.url)));

function merge(base, patch) {
  const isObject = (v) => v && typeof v === "object" && !Array.isArray(v);
  if (Array.isArray(base) && Array.isArray(patch)) return [...new Set([...base, ...patch])];
  if (!isObject(base) || !isObject(patch)) return patch;
  const merged = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = merge(base[key], value);
  return merged;
}

const manifest = merge(read("manifest.json"), read(`manifest.${browser}.json`));
writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
