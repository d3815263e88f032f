# Sourced by the project's scripts: puts a Node.js >= 22.13 first on PATH.
# When the system's Node is older (Debian 12 ships 20, end of life), Node 24 LTS is installed
# from the npm registry into the git-ignored .tools/ folder of the checkout, once.
# shellcheck shell=bash

TERN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TERN_NODE_DIR="$TERN_ROOT/.tools/node24"

tern_node_is_recent() {
  local version
  version="$("$1" -p 'process.versions.node' 2>/dev/null)" || return 1
  local major="${version%%.*}" rest="${version#*.}"
  local minor="${rest%%.*}"
  [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 13 ]; }
}

tern_node_arch() {
  case "$(uname -m)" in
    x86_64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) echo "unsupported CPU architecture $(uname -m) for the bundled Node.js" >&2; return 1 ;;
  esac
}

tern_ensure_node() {
  local local_bin="$TERN_NODE_DIR/node_modules/.bin"
  if [ -x "$local_bin/node" ]; then
    export PATH="$local_bin:$PATH"
    return 0
  fi
  if command -v node >/dev/null 2>&1 && tern_node_is_recent "$(command -v node)"; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "tern: Node.js >= 22.13 and npm are needed; install Debian's 'nodejs npm' (or Node 24) first." >&2
    return 1
  fi
  local arch
  arch="$(tern_node_arch)" || return 1
  echo "tern: the system's Node.js is older than 22.13; installing Node 24 LTS into .tools/ (once)..." >&2
  mkdir -p "$TERN_NODE_DIR"
  # The node-linux-<arch> package carries the binary itself, so no install script has to run.
  if ! npm install --prefix "$TERN_NODE_DIR" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "node-linux-$arch@24" >&2; then
    echo "tern: could not install Node 24 from the npm registry." >&2
    return 1
  fi
  export PATH="$local_bin:$PATH"
  tern_node_is_recent "$local_bin/node" || { echo "tern: the installed Node is not >= 22.13" >&2; return 1; }
}

# Installs the locked dependencies when node_modules is missing or was installed from another
# package-lock.json. Compares a hash of the lock, not file times: a fresh checkout (or a git
# worktree sharing node_modules) has a newer lock file without any change to it.
tern_ensure_dependencies() {
  local stamp="$TERN_ROOT/node_modules/.tern-lock-sha256"
  local wanted
  wanted=$(sha256sum "$TERN_ROOT/package-lock.json" | cut -d' ' -f1)
  if [ -d "$TERN_ROOT/node_modules" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return 0
  fi
  echo "== installing dependencies (npm ci)"
  (cd "$TERN_ROOT" && npm ci --no-audit --no-fund) && echo "$wanted" > "$stamp"
}

# Debian's Chromium, which the end-to-end tests and the browser benchmarks drive (never a
# downloaded browser): installed when missing and this is root on Debian.
tern_ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-liberation
  else
    echo "Tern's browser tests and benchmarks need Debian's chromium: sudo apt-get install chromium" >&2
    return 1
  fi
}
