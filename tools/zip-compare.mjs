// Compares two builds of the extension, each a zip or an unpacked directory:
// byte for byte first, then file by file, naming every file that differs.
// Usage: node tools/zip-compare.mjs A B      (exit 0 when the same, 1 when not)
//
// Store reviewers compare the submitted zip with their own build this way
// (REVIEWERS.md); ./build.sh test and ./build.sh repro compare two builds.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { filesOf } from "./zip.mjs";

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The files of a zip or a directory: path → bytes. */
function contents(path) {
  if (statSync(path).isDirectory()) {
    return new Map(filesOf(path).map((file) => [file, readFileSync(join(path, file))]));
  }
  const entries = unzipSync(readFileSync(path));
  return new Map(Object.entries(entries).filter(([name]) => !name.endsWith("/")));
}

/** What differs between `a` and `b`, one line each; empty when nothing does. */
export function differences(a, b) {
  if (!statSync(a).isDirectory() && !statSync(b).isDirectory()) {
    if (readFileSync(a).equals(readFileSync(b))) return [];
  }
  const [left, right] = [contents(a), contents(b)];
  const lines = [];
  for (const [name, bytes] of left) {
    if (!right.has(name)) lines.push(`only in ${a}: ${name}`);
    else if (!Buffer.from(bytes).equals(Buffer.from(right.get(name)))) {
      lines.push(`differs: ${name} (${bytes.length} bytes, sha256 ${sha256(bytes)} / ` +
        `${right.get(name).length} bytes, sha256 ${sha256(right.get(name))})`);
    }
  }
  for (const name of right.keys()) if (!left.has(name)) lines.push(`only in ${b}: ${name}`);
  if (lines.length === 0 && !statSync(a).isDirectory() && !statSync(b).isDirectory()) {
    lines.push("the same files, but the zips differ in order, times or attributes");
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    console.error("usage: node tools/zip-compare.mjs A B   (each a .zip or a directory)");
    process.exit(2);
  }
  const found = differences(a, b);
  if (found.length === 0) {
    const what = statSync(a).isDirectory() || statSync(b).isDirectory()
      ? `${contents(a).size} files`
      : `sha256 ${sha256(readFileSync(a))}`;
    console.log(`same: ${a} and ${b} (${what})`);
  } else {
    console.log(`${a} and ${b} differ:\n  ${found.join("\n  ")}`);
    process.exit(1);
  }
}
