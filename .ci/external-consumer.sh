#!/usr/bin/env bash
# Builds and runs a console app outside the repo that references src/Rnn.{Attributes,Generators,Runtime}
# the way a user would, and checks that the seed model's summary and Forward work without manual steps.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cat > "$dir/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Rnn.Attributes/Rnn.Attributes.csproj" />
    <ProjectReference Include="$repo/src/Rnn.Runtime/Rnn.Runtime.csproj" />
    <ProjectReference Include="$repo/src/Rnn.Generators/Rnn.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML
cat > "$dir/Program.cs" <<'CS'
using Rnn;
using TorchSharp;

var x = torch.rand(3, 28, 28);          // TorchSharp used before any model exists
var model = new MnistRnn();
Console.Write(model.Summary());
var y = model.Forward(x);
Console.WriteLine($"forward: [{string.Join(", ", y.shape)}]");

[Input(28, 28)]
[SimpleRnn(128, Activation.Relu)]
[Dense(10)]
public partial class MnistRnn { }
CS
out="$(cd "$dir" && dotnet run 2>&1)" || { echo "$out"; echo "external consumer: FAILED to build or run"; exit 1; }
echo "$out"
grep -q "Total params: 21,514 (84.04 KB)" <<<"$out" || { echo "external consumer: summary missing"; exit 1; }
grep -q "forward: \[3, 10\]" <<<"$out" || { echo "external consumer: wrong Forward shape"; exit 1; }
echo "external consumer: OK"
