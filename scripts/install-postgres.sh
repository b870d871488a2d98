#!/usr/bin/env bash
# Debian's PostgreSQL server binaries for tests/store/test_postgres.py. The tests start their own
# throwaway server (initdb into a temporary directory, as the `postgres` user when run as root);
# the cluster the package sets up is neither started nor used. Does nothing when initdb is
# already installed; needs root or passwordless sudo otherwise. Without it the tests skip
# (under CI=true they fail, and `make install-test` fails here first).
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
. "$(dirname "$0")/apt-install.sh"
apt_install install-postgres postgresql
found="$(find_initdb)" || true
if [ -z "$found" ]; then
  echo "install-postgres: postgresql installed but no initdb found" >&2
  exit 1
fi
echo "install-postgres: $("$found" --version) installed"
