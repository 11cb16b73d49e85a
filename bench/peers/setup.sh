#!/usr/bin/env bash
# Installs the peer prose linters for bench/peers, idempotently:
#   node_modules/  write-good and alex, exactly as package-lock.json pins them (npm ci)
#   .venv/         proselint, as requirements.txt pins it (pip)
# A stamp of the pinning files is kept in each; a step whose pins have not
# changed since it last succeeded is skipped. FORCE=1 reinstalls both.
# Only the ordinary registries are used (npm's and PyPI, through npm and pip).
set -euo pipefail
cd "$(dirname "$0")"

stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# --- Node: write-good, alex ---
command -v node >/dev/null || { echo "setup.sh: node is required (Node 18+)" >&2; exit 1; }
if [ -f package-lock.json ]; then
  want=$(stamp_of package.json package-lock.json; node --version)
else
  want=$(stamp_of package.json; node --version)
fi
if [ "${FORCE:-}" = 1 ] || [ "$(cat node_modules/.bench-peers-stamp 2>/dev/null)" != "$want" ]; then
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
    want=$(stamp_of package.json package-lock.json; node --version)
  fi
  echo "$want" > node_modules/.bench-peers-stamp
else
  echo "setup.sh: node_modules is up to date"
fi

# --- Python: proselint ---
python=${PYTHON:-python3}
want=$(stamp_of requirements.txt; "$python" --version)
if [ "${FORCE:-}" = 1 ] || [ "$(cat .venv/.bench-peers-stamp 2>/dev/null)" != "$want" ]; then
  rm -rf .venv
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > .venv/.bench-peers-stamp
else
  echo "setup.sh: .venv is up to date"
fi
