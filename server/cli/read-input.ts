// Reading the files a command is given, with answers a person can act on instead of stack traces.
import fs from "node:fs";
import { UsageError } from "./command";

const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function readTextFile(path: string, what: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new UsageError(`cannot read ${what} "${path}": no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`${what} "${path}" is not a file`);
  if (stat.size > MAX_INPUT_BYTES) throw new UsageError(`${what} "${path}" is larger than 16 MiB`);
  const bytes = fs.readFileSync(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} "${path}" is not UTF-8 text`);
  }
}

export function readJsonFile(path: string, what: string): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} "${path}" is not JSON (${(error as Error).message})`);
  }
}
