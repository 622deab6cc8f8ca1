#!/usr/bin/env bash
# What the tests need beyond npm: Debian's tinyproxy (a real HTTP proxy) and openssl (to make the
# TLS test's self-signed certificate), and a host name that is not a loopback name to
# @actions/http-client (it bypasses proxies for those) yet resolves to a loopback address, so that
# test traffic never leaves the machine. Needs root; idempotent.
set -euo pipefail
missing=()
command -v tinyproxy >/dev/null 2>&1 || missing+=(tinyproxy)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a system proxy; the test runs its own.
(service tinyproxy stop || pkill -x tinyproxy || true) >/dev/null 2>&1
if ! grep -qE '^127\.0\.0\.2[[:space:]]+fake-infisical\.test' /etc/hosts; then
  echo '127.0.0.2 fake-infisical.test' >>/etc/hosts
fi
