#!/usr/bin/env bash
# Debian's chromium (and its driver) for the headless browser tests in tests/serve/test_browser.py.
# Does nothing when chromium is already installed; needs root or passwordless sudo otherwise.
# The tests drive it with Playwright for Python (`executable_path=/usr/bin/chromium`): no
# `playwright install`, no browser downloaded from anywhere but the Debian archive.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "install-browser: $(chromium --version 2>/dev/null | head -n1) already installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install chromium yourself (browser tests skip without it)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-browser: not root; run: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "install-browser: $(chromium --version 2>/dev/null | head -n1) installed"
