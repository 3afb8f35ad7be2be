const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { TOOLS, missingTools } = require('./scripts/test-tools.cjs');

/**
 * A test file that drives a program besides Node says so in a docblock line
 * `@needs libreoffice, openpyxl` (names from scripts/test-tools.cjs). When one
 * is missing, `npm test` skips those files and says so in one line;
 * `npm run test:all` (and CI) installs them and sets KA_REQUIRE_TOOLS=1, under
 * which nothing is skipped.
 */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

function neededTools(file) {
  const m = /@needs\s+([\w ,]+)/.exec(readFileSync(file, 'utf8').slice(0, 4000));
  return m ? m[1].split(/[\s,]+/).filter(Boolean) : [];
}

function skippedFiles() {
  if (process.env.KA_REQUIRE_TOOLS === '1') return [];
  const missing = new Set(missingTools());
  if (missing.size === 0) return [];
  const skipped = testFiles(join(__dirname, 'tests')).filter((f) => neededTools(f).some((t) => missing.has(t)));
  if (skipped.length > 0) {
    const labels = [...missing].map((t) => TOOLS[t].label).join(', ');
    const names = skipped.map((f) => relative(__dirname, f)).join(' ');
    process.stderr.write(
      `npm test: skipping ${skipped.length} test files, ${labels} not installed (npm run test:all installs them): ${names}\n`,
    );
  }
  return skipped;
}

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...skippedFiles().map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 120000,
  setupFiles: ['<rootDir>/tests/setup-fast-check.ts'],
};
