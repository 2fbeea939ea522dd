// ONNX Runtime check (CTest "RuntimeCheck.OnnxRuntime"): digitscope's ONNX export, run by
// ONNX Runtime (onnxruntime-node, installed into node_modules/ by scripts/setup.sh), must give
// the probabilities digitscope gives, within 1e-5, on the first COUNT MNIST test digits.
//
// For each bundled model, `digitscope-cli convert NAME NAME.onnx` exports it (by its bundled
// name) and digitscope_predict_raw runs the original .dsm; a third case exports 3b1b with an
// input normalisation (Sub and Div nodes) and compares with digitscope on the same .dsm. Its
// mean and deviation are small (0.05, 0.9), so the inputs stay in the range 3b1b was trained
// on: with MNIST's (0.1307, 0.3081) the untrained-for inputs inflate 3b1b's logits and the
// runtimes' different summation orders alone come to 9.6e-6. A swapped Sub and Div would
// still shift every pixel by 0.005 and the probabilities by up to 0.24.
//
// usage: node ort_check.cjs --cli CLI --predict PREDICT_RAW --models DIR --data MNIST --work DIR
//                           [--count 1000]
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { execFileSync } = require("child_process");
const ort = require("onnxruntime-node");

const kTolerance = 1e-5;

function options() {
  const result = { count: "1000" };
  const args = process.argv.slice(2);
  for (let i = 0; i + 1 < args.length; i += 2) result[args[i].replace(/^--/, "")] = args[i + 1];
  for (const key of ["cli", "predict", "models", "data", "work"])
    if (!result[key]) throw new Error(`--${key} is missing`);
  return result;
}

// The first `count` images of MNIST's test set as float32, pixel * (1/255) as digitscope
// converts them (both runtimes read this same array).
function testImages(folder, count) {
  const name = path.join(folder, "t10k-images-idx3-ubyte");
  let bytes;
  if (fs.existsSync(name)) bytes = fs.readFileSync(name);
  else if (fs.existsSync(name + ".gz")) bytes = zlib.gunzipSync(fs.readFileSync(name + ".gz"));
  else throw new Error(`${name}: no such file (run scripts/fetch-mnist.sh)`);
  if (bytes.readUInt32BE(0) !== 0x803 || bytes.readUInt32BE(8) * bytes.readUInt32BE(12) !== 784)
    throw new Error(`${name}: not MNIST's test images`);
  const available = bytes.readUInt32BE(4);
  if (available < count) throw new Error(`${name}: has ${available} images, ${count} wanted`);
  const images = new Float32Array(count * 784);
  const scale = Math.fround(1 / 255);
  for (let i = 0; i < images.length; ++i) images[i] = Math.fround(bytes[16 + i] * scale);
  return images;
}

function readFloats(file) {
  const bytes = fs.readFileSync(file);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

async function check(o, name, dsm, onnx, images, count) {
  const imagesFile = path.join(o.work, "t10k.f32");
  const oursFile = path.join(o.work, `${path.basename(onnx, ".onnx")}.digitscope.f32`);
  execFileSync(o.predict, [dsm, imagesFile, oursFile]);
  const ours = readFloats(oursFile);

  const session = await ort.InferenceSession.create(onnx, {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  if (session.inputNames.join() !== "image" || session.outputNames.join() !== "probabilities")
    throw new Error(`${onnx}: inputs ${session.inputNames}, outputs ${session.outputNames}`);
  const start = process.hrtime.bigint();
  const result = await session.run({ image: new ort.Tensor("float32", images, [count, 784]) });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const theirs = result.probabilities;
  if (theirs.dims.join() !== `${count},10` || ours.length !== count * 10)
    throw new Error(`${name}: output shapes ${theirs.dims} and ${ours.length / 10} x 10`);

  let maxDiff = 0;
  let sameDigit = 0;
  for (let s = 0; s < count; ++s) {
    let bestOurs = 0;
    let bestTheirs = 0;
    for (let k = 0; k < 10; ++k) {
      const a = ours[s * 10 + k];
      const b = theirs.data[s * 10 + k];
      const diff = Math.abs(a - b);
      if (!(diff <= maxDiff)) maxDiff = Number.isNaN(diff) ? Infinity : diff;
      if (a > ours[s * 10 + bestOurs]) bestOurs = k;
      if (b > theirs.data[s * 10 + bestTheirs]) bestTheirs = k;
    }
    if (bestOurs === bestTheirs) ++sameDigit;
  }
  const ok = maxDiff <= kTolerance;
  console.log(
    `ort_check: ${name}: ${count} digits, max |p_onnxruntime - p_digitscope| = ` +
      `${maxDiff.toExponential(2)} (limit 1e-5), same digit for ${sameDigit}, ` +
      `onnxruntime ${ms.toFixed(1)} ms: ${ok ? "ok" : "FAILED"}`
  );
  return ok;
}

async function main() {
  const o = options();
  const count = Number(o.count);
  fs.mkdirSync(o.work, { recursive: true });
  const images = testImages(o.data, count);
  fs.writeFileSync(path.join(o.work, "t10k.f32"), Buffer.from(images.buffer));
  const cli = (...args) => execFileSync(o.cli, args, { encoding: "utf8" }).trim();

  const cases = [];
  for (const name of ["3b1b", "accurate"]) {
    const onnx = path.join(o.work, `${name}.onnx`);
    console.log(`ort_check: ${cli("convert", name, onnx)}`);
    cases.push([name, path.join(o.models, `${name}.dsm`), onnx]);
  }
  const normalizedDsm = path.join(o.work, "3b1b-normalized.dsm");
  const normalizedOnnx = path.join(o.work, "3b1b-normalized.onnx");
  cli("convert", "3b1b", normalizedDsm, "--normalize", "0.05", "0.9");
  console.log(`ort_check: ${cli("convert", normalizedDsm, normalizedOnnx)}`);
  cases.push(["3b1b with input normalisation (Sub, Div)", normalizedDsm, normalizedOnnx]);

  let failed = 0;
  for (const [name, dsm, onnx] of cases)
    if (!(await check(o, name, dsm, onnx, images, count))) ++failed;
  console.log(`ort_check: onnxruntime-node ${require("onnxruntime-node/package.json").version}`);
  console.log(`ort_check: ${cases.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
