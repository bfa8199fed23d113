#!/usr/bin/env bash
# The test command: installs the real tools the tests drive (only what is
# missing), then runs rustfmt, clippy and the whole test suite.
#
# Installs, when missing:
#   Debian packages  bind9-utils (named-checkzone), whois, knot-dnssecutils (kzonecheck),
#                    libnet-epp-perl (Net::EPP, a registrar's EPP client),
#                    systemd (systemd-analyze verify, for the units in systemd/),
#                    bsdutils (script: a pseudo-terminal for the default
#                    list format; essential on Debian, so normally there),
#                    openssl (the EPP tests' self-signed certificates)
#   crates.io        icann-rdap-cli 0.0.28 (rdap, rdap-test; ~15 min to build)
#   PyPI             rdap 1.7.0 (the 20c RDAP client), in target/rdap-venv when
#                    python3 cannot import it already
#   PyPI             epptools 1.1.2 (a second, independent EPP client)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v named-checkzone >/dev/null || need_apt+=(bind9-utils)
command -v whois >/dev/null || need_apt+=(whois)
command -v kzonecheck >/dev/null || need_apt+=(knot-dnssecutils)
perl -MNet::EPP::Simple -e1 2>/dev/null || need_apt+=(libnet-epp-perl)
command -v systemd-analyze >/dev/null || need_apt+=(systemd)
command -v script >/dev/null || need_apt+=(bsdutils)
command -v openssl >/dev/null || need_apt+=(openssl)
need_venv=0
if ! python3 -c 'import rdap.cli' 2>/dev/null && [ ! -x target/rdap-venv/bin/python3 ]; then
  need_venv=1
  command -v python3 >/dev/null || need_apt+=(python3)
  python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
fi
if ! python3 -c 'import epptools' 2>/dev/null && [ ! -x target/rdap-venv/bin/python3 ]; then
  command -v python3 >/dev/null || need_apt+=(python3)
  python3 -c 'import ensurepip' 2>/dev/null || need_apt+=(python3-venv)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "$need_venv" -eq 1 ]; then
  python3 -m venv target/rdap-venv
  target/rdap-venv/bin/pip install -q rdap==1.7.0
fi

# epptools (a second EPP client): in python3, or else in the same venv.
if ! python3 -c 'import epptools' 2>/dev/null; then
  [ -x target/rdap-venv/bin/python3 ] || python3 -m venv target/rdap-venv
  target/rdap-venv/bin/python3 -c 'import epptools' 2>/dev/null \
    || target/rdap-venv/bin/pip install -q epptools==1.1.2
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v rdap-test >/dev/null || ! command -v rdap >/dev/null; then
  cargo install --locked icann-rdap-cli@0.0.28
fi

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
