#!/usr/bin/env bash
# Browser tests drive Debian's Chromium with playwright-core (a test tool's own browser download
# cannot reach the network here). Installs it when missing and we are allowed to.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for browser tests..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "chromium is missing: install Debian's 'chromium' package to run the browser tests" >&2
[ "${CI:-}" = true ] && exit 1
exit 0
