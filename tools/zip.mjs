// Zips a built extension directory the same way every time, so two builds
// of the same source give byte-identical store packages (REVIEWERS.md).
// Usage: node tools/zip.mjs DIR OUT.zip
//
// What would otherwise vary, and how it is fixed:
// - entry order: sorted by path, byte for byte, not in the order files are found;
// - timestamps: every entry gets SOURCE_DATE_EPOCH (seconds since the epoch),
//   or 1980-01-01 00:00:00, the earliest time a zip can hold, when unset;
//   written in UTC whatever the machine's time zone;
// - attributes: every entry a plain Unix file, mode 0644; no directory
//   entries, no extra fields, no comment;
// - compression: fflate's own deflate (pure JavaScript, pinned in
//   package-lock.json), so the bytes do not depend on the zlib Node.js brings.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { zipSync } from "fflate";

// fflate writes the zip's DOS time from the Date's local fields.
process.env.TZ = "UTC";

const ZIP_EPOCH = Date.UTC(1980, 0, 1) / 1000;
const UNIX = 3;
const FILE_MODE = 0o100644;

/** The time every entry carries, in seconds since the epoch. */
export function entryTime(env = process.env) {
  const value = env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === "") return ZIP_EPOCH;
  if (!/^\d+$/.test(value)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds, not ${JSON.stringify(value)}`);
  // A zip cannot hold a time before 1980 (nor after 2107).
  return Math.min(Math.max(Number(value), ZIP_EPOCH), Date.UTC(2107, 11, 31) / 1000);
}

/** Every file under `dir`, as sorted zip paths ("core/netwhy.js"); dotfiles are left out. */
export function filesOf(dir) {
  const found = [];
  const walk = (at) => {
    for (const name of readdirSync(at)) {
      if (name.startsWith(".")) continue;
      const path = join(at, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) found.push(relative(dir, path).split(sep).join("/"));
      else throw new Error(`${path} is neither a file nor a directory (a link?): not zipped`);
    }
  };
  walk(dir);
  // Code unit order is byte order for these ASCII paths; localeCompare would vary.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The zip of `dir`'s files as bytes. */
export function zipDirectory(dir, seconds = entryTime()) {
  const mtime = new Date(seconds * 1000);
  const entries = {};
  for (const path of filesOf(dir)) {
    // fflate walks the object in key order, and JavaScript puts keys that
    // look like array indices first: no such name may reach it.
    if (/^(0|[1-9]\d*)$/.test(path)) throw new Error(`${path}: a top-level file named like a number would be reordered`);
    entries[path] = [readFileSync(join(dir, path)), { level: 9, mtime, os: UNIX, attrs: FILE_MODE << 16 }];
  }
  return zipSync(entries);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error("usage: node tools/zip.mjs DIR OUT.zip");
    process.exit(2);
  }
  writeFileSync(out, zipDirectory(dir));
}
