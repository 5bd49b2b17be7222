#!/usr/bin/env bash
# Paired benchmarks (see docs/benchmarks.md). Short configuration by default (under 10 minutes on an idle 2-core
# machine); --full for the longer one. Prints Markdown tables; only the paired ratios are comparable between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mode="--quick"; memory_args=(--epochs 20 --augment false); utilisation_args=(--batch-sizes 64,128 --pairs 5)
if [ "${1:-}" = "--full" ]; then mode=""; memory_args=(--epochs 20 --augment true); utilisation_args=(--batch-sizes 64,128,256,512 --pairs 11); fi

dotnet build -c Release benchmarks/Rnn.Benchmarks -nologo -v:q
bench=(dotnet benchmarks/Rnn.Benchmarks/bin/Release/net10.0/Rnn.Benchmarks.dll)

echo "## Paired comparisons"
"${bench[@]}" $mode

echo "## Memory: LSTM sample, default allocator"
env -u MALLOC_ARENA_MAX "${bench[@]}" memory "${memory_args[@]}" | grep -E "^(machine|rss|load)"
echo "## Memory: LSTM sample, MALLOC_ARENA_MAX=2"
MALLOC_ARENA_MAX=2 "${bench[@]}" memory "${memory_args[@]}" | grep -E "^(machine|rss|load)"

echo "## Utilisation: MnistRnn training step against the sgemm peak"
"${bench[@]}" utilisation "${utilisation_args[@]}"
