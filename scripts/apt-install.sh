# Sourced by the install-*.sh scripts: `apt_install NAME PACKAGE...` installs Debian packages
# with apt-get, as root or through passwordless sudo, and explains itself when it cannot.
apt_install() {
  local name="$1"; shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$name: no apt-get here; install $* yourself (the tests that need it skip without it, and fail under CI=true)" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "$name: not root; run: sudo apt-get install $*" >&2
      return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
