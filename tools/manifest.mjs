// Writes a browser's manifest: the shared base with that browser's patch
// merged over it (objects merge key by key, arrays are joined, anything else
// is replaced), so a patch only says what differs. With `classic-background`
// (dist/, where build.sh bundles the background into one classic script) the
// background's `"type": "module"` goes; without it the manifest fits the
// extension as written, a graph of modules (target/stage/).
// Usage: node tools/manifest.mjs chrome|firefox OUT [classic-background]
import { readFileSync, writeFileSync } from "node:fs";

const [browser, out, form] = process.argv.slice(2);
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
if (form === "classic-background") delete manifest.background.type;
else if (form !== undefined) throw new Error(`unknown form ${form}: only classic-background`);
writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
