#!/usr/bin/env bash
# The tests, from a fresh machine: installs the Debian packages the cross-checks need when they are missing, then runs
# `dotnet test` (which restores, builds and sets up the native library itself). Extra arguments go to dotnet test.
#   - python3-torch (PyTorch 1.13): the PyTorch weight round trip;
#   - python3-onnx: onnx.checker on exported models;
#   - a TrueType font: History.Plot's labels.
# A missing package fails those tests rather than skipping them, so it is installed here (as root, or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null | grep -q . || missing+=(fonts-dejavu-core)
/usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages for the cross-checks: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec dotnet test "$@"
