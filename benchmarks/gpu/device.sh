#!/usr/bin/env bash
# Runs on the device machine, in the repository root, after benchmarks/gpu/run.sh packed .device/ here, in three parts,
# one per device call (each under 9 minutes; all three do not fit one session's 15 minutes of device time with the
# machine's start, so the samples may need a later session):
#   bash benchmarks/gpu/device.sh core     the GPU checks (Rnn.Benchmarks gpu checks), the tutorial recipe through Fit
#                                          against hand-written TorchSharp loops and PyTorch eager, and the MNIST
#                                          sample's time to 97% test accuracy (about 5 minutes)
#   bash benchmarks/gpu/device.sh textgen  the TextGen sample's full setting on the GPU (cut off at 480 s)
#   bash benchmarks/gpu/device.sh g2p      the G2P sample's full setting on the GPU (cut off at 480 s)
# each with the peak GPU memory nvidia-smi saw while it ran. The report goes to $OUT/gpu-report.txt (or
# ./gpu-report.txt without $OUT). Exits non-zero if a check or the sample failed.
set -uo pipefail
part=${1:-core}
case "$part" in core) app=bench ;; textgen|g2p) app=$part ;; *) echo "device.sh: unknown part '$part'; use core, textgen or g2p" >&2; exit 2 ;; esac
root=$PWD
report=${OUT:-$root}/gpu-report.txt
: > "$report"
say() { echo "$*" | tee -a "$report"; }

mkdir -p /tmp/dn "/tmp/$app" && tar -C /tmp/dn -xJf .device/dotnet-runtime.tar.xz && tar -C "/tmp/$app" -xJf ".device/$app.tar.xz" ||
  { say "FAIL unpacking .device (dotnet-runtime.tar.xz, $app.tar.xz)"; exit 2; }
LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__)+"/lib")')
export LD_LIBRARY_PATH DOTNET_ROOT=/tmp/dn DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
data=$root/samples/data

say "gpu: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader)"
say "torch (the device's libtorch): $(python3 -c 'import torch;print(torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())')"
idle=$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | head -1)
say "idle GPU memory (MiB): $idle"

# Runs "$@" while nvidia-smi samples the GPU's memory every 50 ms, appends its output to the report, and then the peak
# (all processes on the GPU, CUDA context included, minus the idle level measured above).
measured() {
  local name=$1; shift
  local samples; samples=$(mktemp)
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 50 > "$samples" &
  local smi=$!
  "$@" 2>&1 | tee -a "$report"
  local rc=${PIPESTATUS[0]}
  kill "$smi" 2>/dev/null; wait "$smi" 2>/dev/null
  say "figure peak GPU memory, $name (MiB above idle): $(( $(sort -n "$samples" | tail -1) - idle ))"
  return "$rc"
}
bench() { (cd /tmp/bench/app && /tmp/dn/dotnet Rnn.Benchmarks.dll "$@"); }
# A sample's own command line, timed by the shell (the samples print their own training time and figures). TextGen and
# G2P normalise text with ICU: they run with the ICU run.sh packed, not in pack.sh's globalization-invariant mode.
sample() {
  local app=$1 dll=$2; shift 2
  mkdir -p /tmp/icu && tar -C /tmp/icu -xJf .device/icu.tar.xz || { echo "FAIL unpacking .device/icu.tar.xz (run.sh packs it where ICU is installed)"; return 2; }
  sed -i 's/"System.Globalization.Invariant": true/"System.Globalization.Invariant": false/' "/tmp/$app/app/${dll%.dll}.runtimeconfig.json"
  (cd "/tmp/$app/app" && export -n DOTNET_SYSTEM_GLOBALIZATION_INVARIANT && export LD_LIBRARY_PATH="/tmp/icu:$LD_LIBRARY_PATH" &&
   time timeout 480 /tmp/dn/dotnet "$dll" --device cuda "$@")
}

failed=0
if [ "$part" = core ]; then
  measured "checks" bench gpu checks --data "$data" || failed=1
  measured "tutorial recipe (Fit, then the hand-written loops)" bench gpu tutorial --data "$data"
  measured "tutorial recipe, PyTorch eager" python3 "$root/benchmarks/gpu/tutorial_pytorch.py" "$data"
  measured "MNIST sample, default recipe" bench gpu mnist --data "$data"
  measured "MNIST sample, batch 512" bench gpu mnist --data "$data" --batch-size 512 --learning-rate 6e-3 --epochs 8
elif [ "$part" = textgen ]; then
  measured "TextGen, default 12,000 steps" sample textgen TextGen.dll --text "$data/kjv/kjv.txt.gz" || failed=1
else
  measured "G2P, full setting (--epochs 5)" sample g2p G2P.dll --data "$data/cmudict/cmudict.tsv.gz" --epochs 5 || failed=1
fi
say "report: $report"
exit "$failed"
