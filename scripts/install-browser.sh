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
. "$(dirname "$0")/apt-install.sh"
apt_install install-browser chromium chromium-driver
echo "install-browser: $(chromium --version 2>/dev/null | head -n1) installed"
