// What the two browsers' drivers share: where the build is, how long a
// condition may take, and how to find a browser's program.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

/** The repository, whose dist/ holds the built extension. */
export const root = resolve(import.meta.dirname, "../../..");
/** How long any awaited condition may take. */
export const TIMEOUT = 15_000;

/** The path of the first of `names` installed. */
export function which(...names) {
  for (const name of names) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error(`none of ${names.join(", ")} is installed; run ./build.sh test to install it`);
}
