#!/usr/bin/env bash
# Installs every Debian package ternsim needs; skips the ones already present,
# so it is cheap to call before every build and safe on a fresh machine.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config
  libsystemc-dev libyaml-cpp-dev libboost-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev pybind11-dev verilator
  libmsgpack-cxx-dev libfmt-dev
  python3 python3-dev python3-numpy python3-pandas python3-matplotlib python3-pytest
  python3-dask python3-distributed python3-tqdm python3-yaml
  python3-simpleeval python3-jsonschema
  python3-onnx python3-nbclient python3-ipykernel python3-setuptools python3-pip
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "install_deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
