#!/usr/bin/env bash
# Installs PostgreSQL server binaries from Debian's packages so the test suite
# (tests/pgserver.py) can start its own throwaway cluster. Idempotent: a fast
# no-op when /usr/lib/postgresql/*/bin/initdb already exists.
#
# The distro's own cluster is neither created nor started: a temporary
# policy-rc.d stops the service from starting, and create_main_cluster = false
# stops postgresql-common from running initdb for 15/main at install time.
set -euo pipefail

find_initdb() {
  local f
  f=$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$f" ] && [ -x "$f" ] && printf '%s\n' "$f"
}

if initdb=$(find_initdb); then
  echo "ci_postgres: PostgreSQL already installed ($initdb); nothing to do"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -n -- "$0" "$@"
  fi
  echo "ci_postgres: PostgreSQL is missing and this needs root (or sudo) to install it" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ci_postgres: PostgreSQL is missing and apt-get is not available" >&2
  exit 1
fi

log=$(mktemp)
cleanup=()
finish() {
  local rc=$? f
  for f in "${cleanup[@]}"; do rm -f "$f"; done
  if [ "$rc" -ne 0 ]; then
    echo "ci_postgres: installing PostgreSQL failed (exit $rc); apt output:" >&2
    tail -n 40 "$log" >&2
  fi
  rm -f "$log"
}
trap finish EXIT

# Keep the service from being started by the package scripts (invoke-rc.d and
# deb-systemd-invoke honour policy-rc.d); leave an existing policy alone.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  cleanup+=(/usr/sbin/policy-rc.d)
fi
# Don't create the distro's main cluster (saves an initdb; we run our own).
mkdir -p /etc/postgresql-common/createcluster.d
nomain=/etc/postgresql-common/createcluster.d/zz-sukien-ci-no-main-cluster.conf
if [ ! -e "$nomain" ]; then
  echo 'create_main_cluster = false' >"$nomain"
  cleanup+=("$nomain")
fi

start=$SECONDS
{
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib
} >"$log" 2>&1

if ! initdb=$(find_initdb); then
  echo "ci_postgres: apt-get succeeded but no /usr/lib/postgresql/*/bin/initdb was found" >&2
  exit 1
fi
echo "ci_postgres: installed PostgreSQL from Debian packages in $((SECONDS - start))s ($initdb; cluster service not started)"
