#!/usr/bin/env bash
# Prepares the GPU checks and figures of issue 18 for the device machine (one NVIDIA H200, PyTorch with CUDA, no .NET,
# no network; see /work/shared/gpu/README.md). Run here, from anywhere in the repository:
#   benchmarks/gpu/run.sh
# It packs Rnn.Benchmarks, the TextGen and the G2P sample with the shared pack.sh (the .NET runtime once, each app without
# the CPU libtorch) into .device/ (bench.tar.xz, textgen.tar.xz, g2p.tar.xz, and icu.tar.xz) and prints what to give the device tool:
# the command `bash benchmarks/gpu/device.sh core`, then `... textgen` and `... g2p`, each with carry [".device"].
# device.sh writes its report to $OUT/gpu-report.txt (and prints it); put its figures in docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
pack=${RNN_GPU_PACK:-}
for candidate in ../shared/gpu/pack.sh /work/shared/gpu/pack.sh; do
  if [ -z "$pack" ] && [ -f "$candidate" ]; then pack=$(readlink -f "$candidate"); fi
done
[ -n "$pack" ] || { echo "run.sh: cannot find the shared gpu/pack.sh; set RNN_GPU_PACK to it" >&2; exit 1; }

# pack.sh writes .device/ in its working folder and excludes it through .git/info/exclude, which a git worktree (where
# .git is a file) does not have: it runs in a scratch folder, and .device/ moves here, excluded through git's own path.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.git/info" "$work/.device"
[ -s .device/dotnet-runtime.tar.xz ] && cp .device/dotnet-runtime.tar.xz "$work/.device/"
for app in bench:benchmarks/Rnn.Benchmarks textgen:samples/TextGen g2p:samples/G2P; do
  (cd "$work" && bash "$pack" "$root/${app#*:}" > /dev/null && mv .device/app.tar.xz ".device/${app%%:*}.tar.xz")
done
# TextGen and G2P normalise text with ICU (Vocabulary), which the device may lack and pack.sh's invariant publish leaves
# out: this machine's ICU travels with them (device.sh puts it on the loader path for those two).
uc=$(ls /usr/lib/x86_64-linux-gnu/libicuuc.so.[0-9]* /usr/lib64/libicuuc.so.[0-9]* 2>/dev/null | grep -E '\.so\.[0-9]+$' | head -1 || true)
if [ -n "$uc" ]; then
  version=${uc##*.so.}
  icu=$(dirname "$(readlink -f "$uc")")
  tar -C "$icu" -cJf "$work/.device/icu.tar.xz" $(cd "$icu" && ls libicuuc.so."$version"* libicui18n.so."$version"* libicudata.so."$version"*)
else
  echo "run.sh: no ICU (libicuuc.so.N) here, so TextGen and G2P cannot run on the device; the core part can" >&2
fi
rm -rf .device && mv "$work/.device" .device
exclude=$(git rev-parse --git-path info/exclude)
mkdir -p "$(dirname "$exclude")"
grep -qxF "/.device/" "$exclude" 2>/dev/null || echo "/.device/" >> "$exclude"
du -ch .device/*.tar.xz | tail -1
echo "device tool: command 'bash benchmarks/gpu/device.sh core' (then 'textgen', 'g2p'), carry [\".device\"], timeout_s 540"
