#!/usr/bin/env bash
# The user's path: `dotnet pack` gives one package, Rnn; a new console project outside the repository that references
# only that package (plus libtorch-cpu) through a nuget.config builds and runs the seed model, fails to build a wrong
# stack with the RNN diagnostic, and loads the generator and the code fixes as analyzers.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "package consumer: $*"; exit 1; }

# A version no cache can hold, so a stale Rnn package is never used.
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
feed="$dir/feed"
dotnet pack "$repo" -o "$feed" -p:PackageVersion="$version" -nologo -v:q
packages="$(cd "$feed" && ls)"
[ "$packages" = "$(printf 'Rnn.%s.nupkg\nRnn.%s.snupkg' "$version" "$version")" ] \
  || fail "dotnet pack should give exactly Rnn.$version.nupkg and .snupkg, gave: $packages"

# The package's layout and metadata.
contents="$(python3 -m zipfile -l "$feed/Rnn.$version.nupkg")"
for file in lib/net10.0/Rnn.Runtime.dll lib/net10.0/Rnn.Runtime.xml lib/net10.0/Rnn.Attributes.dll lib/net10.0/Rnn.Attributes.xml \
            analyzers/dotnet/cs/Rnn.Generators.dll analyzers/dotnet/cs/Rnn.CodeFixes.dll README.md; do
  grep -q " *$file " <<<"$contents" || fail "$file missing from the package"
done
nuspec="$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("Rnn.nuspec").decode())' "$feed/Rnn.$version.nupkg")"
for expected in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git" url="https://github.com/rnn-dotnet/rnn"' \
                '<tags>' '<description>' '<dependency id="TorchSharp" version="0.107.0"'; do
  grep -qF "$expected" <<<"$nuspec" || fail "nuspec lacks $expected"
done
if grep -q '<dependency id="libtorch' <<<"$nuspec"; then fail "the package must leave the libtorch backend to the user"; fi
symbols="$(python3 -m zipfile -l "$feed/Rnn.$version.snupkg")"
for file in lib/net10.0/Rnn.Runtime.pdb lib/net10.0/Rnn.Attributes.pdb; do
  grep -q " *$file " <<<"$symbols" || fail "$file missing from the symbols package"
done
echo "package consumer: Rnn.$version.nupkg (lib/net10.0, analyzers/dotnet/cs, TorchSharp dependency, no libtorch) and .snupkg"

# The consumer: its own packages folder (only Rnn lands there); the machine's cache serves TorchSharp and libtorch.
app="$dir/app"
mkdir -p "$app"
cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
unset NUGET_PACKAGES # it would override the app's globalPackagesFolder below (.ci/run sets it on some machines)
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$dir/packages" />
  </config>
  <fallbackPackageFolders>
    <add key="machine" value="$cache" />
  </fallbackPackageFolders>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Rnn" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML
cat > "$app/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- CI's disk: libtorch for three platforms is 1.1 GB per output folder (a link where possible, as in the repository). -->
    <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Rnn" Version="$version" />
    <PackageReference Include="libtorch-cpu" Version="2.10.0" />
  </ItemGroup>
</Project>
XML
cat > "$app/Program.cs" <<'CS'
using Rnn;
using TorchSharp;

var x = torch.rand(3, 28, 28);          // TorchSharp used before any model exists
var model = new MnistRnn();
Console.Write(model.Summary());
var y = model.Forward(x);
Console.WriteLine($"forward: [{string.Join(", ", y.shape)}]");
Console.WriteLine($"native: {NativeSetup.PatchedLibraryPath ?? "libLibTorchSharp.so loaded as shipped"}");
model.Compile();
var history = model.Fit(torch.rand(64, 28, 28), torch.randint(0, 10, new long[] { 64 }), epochs: 2, batchSize: 16,
    validationSplit: 0.25, verbose: 0);
history.Plot("training.png");           // ScottPlot and SkiaSharp's native library, from the package's dependencies
Console.WriteLine($"plot: {new FileInfo("training.png").Length} bytes, keys {string.Join(",", history.Metrics.Keys)}");

[Input(28, 28)]
[SimpleRnn(128, Activation.Relu)]
[Dense(10)]
public partial class MnistRnn { }
CS
# A fresh native cache, so the GLIBCXX repair (where this machine needs it) is made from the consumer's output.
export RNN_NATIVE_CACHE="$dir/native"
out="$(cd "$app" && dotnet run 2>&1)" || { echo "$out"; fail "the seed model failed to build or run"; }
echo "$out"
grep -q "Total params: 21,514 (84.04 KB)" <<<"$out" || fail "summary missing"
grep -q "forward: \[3, 10\]" <<<"$out" || fail "wrong Forward shape"
grep -q "plot: [0-9]* bytes, keys accuracy,loss,val_accuracy,val_loss" <<<"$out" || fail "History.Plot failed"
python3 - "$app/training.png" <<'PY' || fail "training.png is not a 960x400 PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
assert struct.unpack(">II", data[16:24]) == (960, 400), struct.unpack(">II", data[16:24])
PY
[ -d "$dir/packages/rnn/$version" ] || fail "Rnn was not restored from the local feed into the private folder"

# The generator and the code fixes are loaded as analyzers, from the package: the Analyzer items the compiler gets
# once the package assets are resolved.
analyzers="$(cd "$app" && dotnet msbuild -t:ResolveLockFileAnalyzers -getItem:Analyzer -nologo)"
for dll in Rnn.Generators.dll Rnn.CodeFixes.dll; do
  grep -q "rnn/$version/analyzers/dotnet/cs/$dll" <<<"$analyzers" || { echo "$analyzers"; fail "$dll is not an analyzer of the consumer"; }
done
echo "package consumer: Rnn.Generators.dll and Rnn.CodeFixes.dll are analyzers"

# A wrong stack fails the build with the RNN diagnostic.
cat > "$app/Wrong.cs" <<'CS'
using Rnn;

[Input(28, 28)]
[SimpleRnn(64)]
[Lstm(32)]
[Dense(10)]
public partial class WrongStack { }
CS
if out="$(cd "$app" && dotnet build 2>&1)"; then echo "$out"; fail "a wrong stack built"; fi
grep -q "Wrong.cs(4,2): error RNN0001" <<<"$out" || { echo "$out"; fail "the wrong stack did not fail with RNN0001 at SimpleRnn(64)"; }
grep -m1 "error RNN0001" <<<"$out"
echo "package consumer: OK"
