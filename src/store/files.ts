/**
 * File modes of the embedded database. PGlite writes its files with the process umask, which is 0 in many
 * containers, so catalogs and WAL would be world-writable (0666). The folder is closed to group and others
 * (0700) and every file in it loses its group and other bits; a folder that cannot be fixed stops the start.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

/** Every path under `dir` (itself included) that group or others can read, write or enter. */
export function exposedPaths(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    if (stat.mode & 0o077) found.push(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
  };
  walk(dir);
  return found;
}

/**
 * Creates `dir` (0700) when missing and removes group and other permissions from it and everything in it.
 * Returns how many paths it fixed; throws DataDirError naming the first path it could not fix.
 */
export function secureDataDir(dir: string): number {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let fixed = 0;
  for (const path of exposedPaths(dir)) {
    try {
      chmodSync(path, lstatSync(path).mode & 0o700);
      fixed++;
    } catch (error) {
      throw new DataDirError(
        `${path} can be read or written by other users and its mode cannot be changed (${(error as NodeJS.ErrnoException).code}): run \`chmod -R go-rwx ${dir}\` as its owner, then start again`,
      );
    }
  }
  return fixed;
}
