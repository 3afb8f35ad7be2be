import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';

/**
 * The command line run in this process (no build needed), and the scratch
 * folder of a group of tests: the setup the in-process CLI tests share.
 */

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ka-sales ARGS…` in this process, capturing stdout and stderr; `process.exitCode` is left as it was found (unset). */
export async function runCli(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    out.push(String(chunk));
    return true;
  });
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    err.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.exitCode = undefined;
  }
}

/**
 * A scratch folder for the tests of the enclosing `describe` (or file): made before the first, removed after the
 * last. Call it at collection time; the returned function gives the folder inside the tests.
 */
export function scratchFolder(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('scratchFolder: used outside a test');
    return dir;
  };
}
