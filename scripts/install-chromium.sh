#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the report browser test; does nothing when it is already there.
# Needs root and a reachable Debian package mirror; exits non-zero (and the browser test fails) otherwise.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-chromium: chromium is missing and installing it needs root (apt-get install chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# apt holds a lock; another installer running at the same time makes us wait rather than fail.
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
apt-get "${apt_opts[@]}" update -qq
apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium >/dev/null 2>&1
