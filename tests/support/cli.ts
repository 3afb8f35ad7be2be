/**
 * The command line as a user runs it (`node bin/ka-sales.js …`), for the
 * tests: built once (again only when a source is newer than the bundle),
 * every run time-boxed, and checks of what a run may print.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'build', 'ka-sales.cjs');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Builds build/ka-sales.cjs unless it is newer than every source. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'sheets-templates')))) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

export interface Run {
  /** Exit code; null when the process was killed (time-box) or died of a signal. */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `ka-sales ARGS…` in `cwd`, killed after `timeoutMs`. */
export function runBin(cwd: string, args: string[], timeoutMs = 30_000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'ka-sales.js'), ...args],
      { cwd, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; signal?: string | null }) | null;
        resolve({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          stdout,
          stderr,
          ms: Date.now() - t0,
        });
      },
    );
  });
}

/** Runs several command lines, at most `width` at a time (this machine has two cores). */
export async function runAll(cwd: string, argsList: string[][], width = 2, timeoutMs = 30_000): Promise<Run[]> {
  const out: Run[] = new Array(argsList.length);
  let next = 0;
  const worker = async () => {
    while (next < argsList.length) {
      const i = next++;
      out[i] = await runBin(cwd, argsList[i], timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, argsList.length) }, worker));
  return out;
}

/**
 * What stderr may hold: whole lines of ours — no stack frame, no "Error:"
 * dump, no character that breaks a line or drives the terminal (carriage
 * return, escape, other controls, line/paragraph separators). Returns the lines.
 */
export function stderrLines(stderr: string): string[] {
  const lines = stderr.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const l of lines) {
    expect(l).not.toMatch(/^\s+at |^\w*Error\b|node:internal|\.(c?js|ts):\d+:\d+/);
    // eslint-disable-next-line no-control-regex
    expect(l).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/);
  }
  return lines;
}

/** Lines of stdout (text mode): the same rule, no control character but tab. */
export function stdoutLines(stdout: string): string[] {
  const lines = stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // eslint-disable-next-line no-control-regex
  for (const l of lines) expect(l).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/);
  return lines;
}
