#!/usr/bin/env bash
# Runs on the device machine, in the repository root, after benchmarks/gpu/run.sh packed .device/ here: the GPU checks
# (Rnn.Benchmarks gpu checks), the tutorial recipe through Fit against hand-written TorchSharp loops and PyTorch eager,
# and the MNIST sample's time to 97% test accuracy, each with the peak GPU memory nvidia-smi saw while it ran.
# The report goes to $OUT/gpu-report.txt (or ./gpu-report.txt without $OUT). Exits non-zero if a check failed.
set -uo pipefail
root=$PWD
report=${OUT:-$root}/gpu-report.txt
: > "$report"
say() { echo "$*" | tee -a "$report"; }

mkdir -p /tmp/dn && tar -C /tmp/dn -xJf .device/dotnet-runtime.tar.xz && tar -C /tmp -xJf .device/app.tar.xz || { say "FAIL unpacking .device"; exit 2; }
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
bench() { (cd /tmp/app && /tmp/dn/dotnet Rnn.Benchmarks.dll "$@"); }

measured "checks" bench gpu checks --data "$data"; checks=$?
measured "tutorial recipe (Fit, then the hand-written loops)" bench gpu tutorial --data "$data"
measured "tutorial recipe, PyTorch eager" python3 "$root/benchmarks/gpu/tutorial_pytorch.py" "$data"
measured "MNIST sample, default recipe" bench gpu mnist --data "$data"
measured "MNIST sample, batch 512" bench gpu mnist --data "$data" --batch-size 512 --learning-rate 6e-3 --epochs 8
# The text-generation and G2P samples take --device now, but run.sh does not pack them: their figures stay open (issue 18).
say "report: $report"
exit "$checks"
