# Sourced by the scripts in scripts/ and .ci/run: puts Node 24 on PATH and installs dependencies.
# A machine whose Node is older gets Node 24 from the npm package node-linux-<arch> in .cache/,
# leaving the system installation untouched.

REPO_ROOT=${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
REQUIRED_NODE_MAJOR=24

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ "$(node_major)" -ge "$REQUIRED_NODE_MAJOR" ]; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: Node.js ${REQUIRED_NODE_MAJOR} is required and no npm was found to fetch it." >&2
    echo "Install Node.js ${REQUIRED_NODE_MAJOR} (see .nvmrc), e.g. with nvm: nvm install" >&2
    return 1
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "error: no Node ${REQUIRED_NODE_MAJOR} package for $(uname -m); install it yourself" >&2; return 1 ;;
  esac
  local cache="$REPO_ROOT/.cache/node${REQUIRED_NODE_MAJOR}"
  local bin="$cache/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "Fetching Node ${REQUIRED_NODE_MAJOR} into .cache/ (system Node is $(node --version 2>/dev/null || echo absent))..." >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-$arch@${REQUIRED_NODE_MAJOR}" >&2 || return 1
  fi
  export PATH="$bin:$PATH"
  # Native addons must build against Node 24's headers, not the system Node's.
  export npm_config_nodedir="$cache/node_modules/node-linux-$arch"
  hash -r
}

# Installs dependencies when node_modules is missing or older than the lockfile.
ensure_dependencies() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  # A node_modules shared from another checkout (a git worktree) is that checkout's to install:
  # npm ci removes node_modules first, and through a symlink it empties the other tree.
  if [ -L "$REPO_ROOT/node_modules" ]; then
    [ -f "$marker" ] && return 0
    echo "error: node_modules is a symlink to an empty tree; run npm ci where it points" >&2
    return 1
  fi
  if [ ! -f "$marker" ] || [ "$REPO_ROOT/package-lock.json" -nt "$marker" ]; then
    echo "Installing dependencies (npm ci)..." >&2
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}
