// ONNX Runtime's side of bench/compare_ort.sh: times a model's forward pass in ONNX Runtime
// (onnxruntime-node, installed into node_modules/ by scripts/setup.sh) on one CPU thread, on the
// first MNIST test image alone and on the first COUNT test images as one batch.
//
// usage: node bench/ort_bench.cjs --model M.onnx --data MNIST_DIR [--count 10000] [--calls 2000]
//                                [--batches 5] [--work DIR]
//
// Prints one JSON object per case: {"case": "single" | "batch", "samples", "wall_us", "cpu_us",
// "run_us"}, each time per call (single) or per batch of COUNT (batch): wall_us by the wall
// clock, cpu_us by the process's CPU time (both include the call from JavaScript into the
// runtime and back); run_us and kernels_us ONNX Runtime's own timing of a run and of its
// operators' kernels alone (its profiler's "model_run" and node events, medians, in a second
// session made for profiling, whose own cost, about 1 us an event, they include; absent without
// --work).
"use strict";
const fs = require("fs");
const path = require("path");
const ort = require("onnxruntime-node");

function options() {
  const result = { count: "10000", calls: "2000", batches: "5" };
  const args = process.argv.slice(2);
  for (let i = 0; i + 1 < args.length; i += 2) result[args[i].replace(/^--/, "")] = args[i + 1];
  for (const key of ["model", "data"]) if (!result[key]) throw new Error(`--${key} is missing`);
  return result;
}

// The first `count` MNIST test images as float32, pixel * (1/255), as digitscope converts them.
function testImages(folder, count) {
  const name = path.join(folder, "t10k-images-idx3-ubyte");
  const bytes = fs.readFileSync(name);
  if (bytes.readUInt32BE(0) !== 0x803 || bytes.readUInt32BE(8) * bytes.readUInt32BE(12) !== 784)
    throw new Error(`${name}: not MNIST's test images`);
  if (bytes.readUInt32BE(4) < count) throw new Error(`${name}: fewer than ${count} images`);
  const images = new Float32Array(count * 784);
  const scale = Math.fround(1 / 255);
  for (let i = 0; i < images.length; ++i) images[i] = Math.fround(bytes[16 + i] * scale);
  return images;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sessionOptions(extra) {
  return {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    ...extra,
  };
}

// Mean wall and CPU microseconds of `calls` runs, repeated `rounds` times: the medians.
async function timeRuns(session, feeds, calls, rounds) {
  for (let i = 0; i < Math.min(calls, 50); ++i) await session.run(feeds);  // warm-up
  const wall = [];
  const cpu = [];
  for (let r = 0; r < rounds; ++r) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; ++i) await session.run(feeds);
    const ns = Number(process.hrtime.bigint() - start);
    const used = process.cpuUsage(cpuStart);
    wall.push(ns / 1e3 / calls);
    cpu.push((used.user + used.system) / calls);
  }
  return { wall_us: median(wall), cpu_us: median(cpu) };
}

// ONNX Runtime's own duration of each run (its profiler), without the JavaScript around it.
async function profiledRun(model, feeds, calls, work) {
  const prefix = path.join(work, `ort-profile-${process.pid}-${Date.now()}`);
  const session = await ort.InferenceSession.create(
    model,
    sessionOptions({ enableProfiling: true, profileFilePrefix: prefix }),
  );
  for (let i = 0; i < calls; ++i) await session.run(feeds);
  session.endProfiling();
  await session.release();
  const file = fs
    .readdirSync(work)
    .map((name) => path.join(work, name))
    .find((name) => name.startsWith(prefix) && name.endsWith(".json"));
  if (!file) return {};
  const events = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.unlinkSync(file);
  // Each run: its nodes' kernel events, then "model_run" (the whole run inside the runtime).
  const runs = [];
  const kernels = [];
  let kernelSum = 0;
  for (const event of events) {
    if (event.cat === "Node" && event.name.endsWith("_kernel_time")) kernelSum += event.dur;
    if (event.name === "model_run") {
      runs.push(event.dur);
      kernels.push(kernelSum);
      kernelSum = 0;
    }
  }
  const skip = Math.min(runs.length - 1, 10);  // the first runs warm up
  return runs.length
    ? { run_us: median(runs.slice(skip)), kernels_us: median(kernels.slice(skip)) }
    : {};
}

async function main() {
  const o = options();
  const count = Number(o.count);
  const calls = Number(o.calls);
  const batches = Number(o.batches);
  const images = testImages(o.data, count);
  const session = await ort.InferenceSession.create(o.model, sessionOptions({}));
  const input = session.inputNames[0];
  const single = { [input]: new ort.Tensor("float32", images.subarray(0, 784), [1, 784]) };
  const batch = { [input]: new ort.Tensor("float32", images, [count, 784]) };

  const cases = [
    ["single", 1, single, await timeRuns(session, single, calls, 5), Math.min(calls, 2000)],
    ["batch", count, batch, await timeRuns(session, batch, 1, batches), batches + 10],
  ];
  await session.release();
  for (const [name, samples, feeds, times, profiledCalls] of cases) {
    const result = { case: name, samples, ...times };
    if (o.work) Object.assign(result, await profiledRun(o.model, feeds, profiledCalls, o.work));
    console.log(JSON.stringify(result));
  }
}

main().catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
