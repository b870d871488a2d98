#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for tests/store/test_postgres.py. The tests start their own
# throwaway server (initdb into a temporary directory, as the `postgres` user when run as root);
# the cluster the package sets up is neither started nor used. Does nothing when initdb is
# already installed; needs root or passwordless sudo otherwise. Without it the tests skip.
set -euo pipefail

find_initdb() {
  local bindir
  if command -v pg_config >/dev/null 2>&1; then
    bindir="$(pg_config --bindir 2>/dev/null || true)"
    [ -n "$bindir" ] && [ -x "$bindir/initdb" ] && { echo "$bindir/initdb"; return 0; }
  fi
  for bin in /usr/lib/postgresql/*/bin/initdb; do
    [ -x "$bin" ] && { echo "$bin"; return 0; }
  done
  command -v initdb 2>/dev/null
}

if found="$(find_initdb)" && [ -n "$found" ]; then
  echo "install-postgres: $("$found" --version) already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-postgres: no apt-get here; install PostgreSQL yourself (the PostgreSQL tests skip without it)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-postgres: not root; run: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
found="$(find_initdb)"
echo "install-postgres: $("$found" --version) installed"
