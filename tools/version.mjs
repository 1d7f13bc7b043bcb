// Sets NetWhy's version everywhere it is written, together: the crates of the
// workspace (Cargo.toml, Cargo.lock), the extension's manifest (which names
// the store zips), package.json, and CHANGELOG.md, whose "## Unreleased"
// section becomes the new version's. tests/release.rs checks they agree.
// Usage: node tools/version.mjs X.Y.Z [--date YYYY-MM-DD]   (./build.sh version X.Y.Z)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const read = (path) => readFileSync(join(root, path), "utf8");
const write = (path, text) => writeFileSync(join(root, path), text);

function fail(message) {
  console.error(`version: ${message}`);
  process.exit(1);
}

/**
 * Chrome's rule for `version`: one to four dot-separated integers, each 0 to
 * 65535 without leading zeros; Firefox accepts the same. NetWhy uses three.
 */
export function validVersion(version) {
  return /^(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})\.(0|[1-9]\d{0,4})$/.test(version)
    && version.split(".").every((part) => Number(part) <= 65535);
}

/** The workspace's Cargo.toml files: the root and its `members` (globs ending in `/*` allowed). */
function cargoManifests() {
  const manifests = ["Cargo.toml"];
  const members = read("Cargo.toml").match(/^members\s*=\s*\[([^\]]*)\]/m)?.[1] ?? "";
  for (const [, member] of members.matchAll(/"([^"]+)"/g)) {
    const dirs = member.endsWith("/*")
      ? readdirSync(join(root, member.slice(0, -2)), { withFileTypes: true })
        .filter((entry) => entry.isDirectory()).map((entry) => join(member.slice(0, -2), entry.name))
      : [member];
    for (const dir of dirs) {
      if (existsSync(join(root, dir, "Cargo.toml"))) manifests.push(join(dir, "Cargo.toml"));
    }
  }
  return [...new Set(manifests)];
}

/**
 * `text` (a Cargo.toml) with the `version = "…"` line of its [package] and
 * [workspace.package] sections set to `version`; `crate` is the package's
 * name when its version is this one (its own or the workspace's), else null.
 */
export function setCargoVersion(text, version) {
  let section = "";
  let name = null;
  let versioned = false;
  const lines = text.split("\n").map((line) => {
    const header = line.match(/^\s*\[([^\]]+)\]\s*$/);
    if (header) section = header[1].trim();
    if (section === "package" && /^name\s*=/.test(line)) name = line.match(/"([^"]+)"/)?.[1] ?? null;
    if (section === "package" && /^version\.workspace\s*=\s*true/.test(line)) versioned = true;
    if ((section === "package" || section === "workspace.package") && /^version\s*=\s*"/.test(line)) {
      if (section === "package") versioned = true;
      return `version = "${version}"`;
    }
    return line;
  });
  return { text: lines.join("\n"), crate: versioned ? name : null };
}

/** CHANGELOG.md with its "## Unreleased" section renamed to `version` and a new, empty one above. */
export function releaseChangelog(text, version, date) {
  const heading = /^## Unreleased[^\n]*\n/m;
  if (!heading.test(text)) throw new Error('CHANGELOG.md has no "## Unreleased" section');
  if (new RegExp(`^## ${version.replaceAll(".", "\\.")}\\b`, "m").test(text)) {
    throw new Error(`CHANGELOG.md already has a section for ${version}`);
  }
  return text.replace(heading, `## Unreleased\n\n## ${version} — ${date}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const version = args[0];
  const dateAt = args.indexOf("--date");
  const date = dateAt >= 0 ? args[dateAt + 1] : new Date().toISOString().slice(0, 10);
  if (!version || !validVersion(version)) fail(`usage: ./build.sh version X.Y.Z (three numbers, 0 to 65535, got ${version ?? "nothing"})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? "")) fail(`--date must be YYYY-MM-DD, got ${date}`);

  let changelog;
  try {
    changelog = releaseChangelog(read("CHANGELOG.md"), version, date);
  } catch (problem) {
    fail(problem.message);
  }

  const crates = [];
  for (const path of cargoManifests()) {
    const { text, crate } = setCargoVersion(read(path), version);
    write(path, text);
    if (crate) crates.push(crate);
  }
  let lock = read("Cargo.lock");
  for (const name of crates) {
    const entry = new RegExp(`(\\[\\[package\\]\\]\\nname = "${name}"\\nversion = )"[^"]*"`);
    if (!entry.test(lock)) fail(`Cargo.lock has no package ${name}`);
    lock = lock.replace(entry, `$1"${version}"`);
  }
  write("Cargo.lock", lock);

  const manifest = JSON.parse(read("extension/manifest.json"));
  const previous = manifest.version;
  manifest.version = version;
  write("extension/manifest.json", JSON.stringify(manifest, null, 2) + "\n");

  for (const path of ["package.json", "package-lock.json"]) {
    const data = JSON.parse(read(path));
    data.version = version;
    if (data.packages?.[""]) data.packages[""].version = version;
    write(path, JSON.stringify(data, null, 2) + "\n");
  }
  write("CHANGELOG.md", changelog);

  console.log(`version ${previous} → ${version}: ${cargoManifests().join(", ")}, Cargo.lock (${crates.join(", ")}), ` +
    `extension/manifest.json, package.json, package-lock.json, CHANGELOG.md (## ${version} — ${date})`);
  console.log(`the zips will be dist/netwhy-${version}-{chrome,firefox}.zip`);
}
