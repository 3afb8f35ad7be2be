// The programs the test suite drives besides Node, how to tell each is here, and
// the Debian packages that bring it. Used by scripts/test.sh (installs what is
// missing), by tests/support/tools.ts (a suite whose tool is missing is skipped,
// or fails when KA_REQUIRE_TOOLS=1) and by tests/support/report-tools.cjs (one
// line saying what `npm test` skips and why).
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/** Debian's own python3 (the one python3-openpyxl installs into), not a version manager's. */
const PYTHON = '/usr/bin/python3';

function runs(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

const TOOLS = {
  libreoffice: {
    label: 'LibreOffice',
    packages: ['libreoffice-calc', 'fonts-noto-cjk'],
    present: () => ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].some((p) => existsSync(p)),
  },
  openpyxl: {
    label: 'openpyxl',
    packages: ['python3-openpyxl'],
    present: () => existsSync(PYTHON) && runs(PYTHON, ['-c', 'import openpyxl']),
  },
  xlsxwriter: {
    label: 'XlsxWriter',
    packages: ['python3-xlsxwriter'],
    present: () => existsSync(PYTHON) && runs(PYTHON, ['-c', 'import xlsxwriter']),
  },
  chromium: {
    label: 'Chromium',
    packages: ['chromium'],
    present: () => existsSync('/usr/bin/chromium'),
  },
};

/** Names of the tools that are not installed. */
function missingTools() {
  return Object.keys(TOOLS).filter((name) => !TOOLS[name].present());
}

/** Debian packages that would bring the missing tools. */
function missingPackages() {
  return missingTools().flatMap((name) => TOOLS[name].packages);
}

module.exports = { TOOLS, PYTHON, missingTools, missingPackages };

if (require.main === module && process.argv[2] === '--missing-packages') {
  process.stdout.write(missingPackages().join(' '));
}
