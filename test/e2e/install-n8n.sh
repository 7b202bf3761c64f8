#!/usr/bin/env bash
# Installs the real n8n used by the end-to-end tests and the demo, once, outside the repo.
# n8n 2.x needs Node >= 24; the machines ship Node 20, so Node 24 comes from the `node@24` npm
# package. n8n itself installs with --ignore-scripts (a Kafka client's install script downloads
# zlib from the internet) and then only sqlite3 is rebuilt, from source, with Node 24.
# Prints the cache folder on stdout; everything else goes to stderr.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${N8N_NODE_MAJOR:-24}"
CACHE_ROOT="${CHAIRSIDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chairside}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node$NODE_MAJOR"

if [ -f "$DIR/.complete" ] && [ -x "$DIR/node24/node_modules/.bin/node" ] && [ -f "$DIR/n8n/node_modules/n8n/bin/n8n" ]; then
  echo "$DIR"
  exit 0
fi

log() { echo "[install-n8n] $*" >&2; }
log "installing n8n $N8N_VERSION on Node $NODE_MAJOR into $DIR (first run only, ~3-5 min)"
rm -rf "$DIR.partial"
mkdir -p "$DIR.partial/node24" "$DIR.partial/n8n"

(cd "$DIR.partial/node24" && echo '{"name":"chairside-node24","private":true}' > package.json \
  && npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2)
NODE24_BIN="$DIR.partial/node24/node_modules/.bin"
"$NODE24_BIN/node" --version >&2

(cd "$DIR.partial/n8n" && echo '{"name":"chairside-n8n","private":true}' > package.json \
  && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2)
(cd "$DIR.partial/n8n" && PATH="$NODE24_BIN:$PATH" npm rebuild sqlite3 --loglevel=error >&2)

rm -rf "$DIR"
mv "$DIR.partial" "$DIR"
touch "$DIR/.complete"
log "done"
echo "$DIR"
