#!/usr/bin/env bash
# The README's test command (npm run test:all) and what CI runs: installs the
# Debian packages the suite drives when they are missing, then the npm
# dependencies, then every test with no tool allowed to be missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=$(node scripts/test-tools.cjs --missing-packages)
if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test:all: cannot install packages here (needs root and apt-get); install them, then run again: apt-get install --no-install-recommends $missing" >&2
    exit 2
  fi
  echo "test:all: installing $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # a list of package names
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

npm ci --no-audit --no-fund
KA_REQUIRE_TOOLS=1 npm test
