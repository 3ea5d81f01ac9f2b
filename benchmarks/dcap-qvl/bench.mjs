// Verifies the fixture quote with the two independent DCAP verifiers published on npm and prints, per
// implementation, wall-clock and process CPU time per verification as JSON lines:
//   @phala/dcap-qvl       dcap-qvl's JavaScript port
//   @phala/dcap-qvl-web   dcap-qvl's Rust compiled to WebAssembly
// "From bytes": every iteration parses the collateral JSON text and verifies the quote bytes; neither package
// caches anything between calls, so this is also their cost for a new quote.
// Usage: node bench.mjs <quote> <collateral.json> <now-seconds> <iterations>
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';
import { initSync, js_verify } from '@phala/dcap-qvl-web';

const require = createRequire(import.meta.url);
const { verify } = require('@phala/dcap-qvl');

const [quotePath, collateralPath, nowArg, iterationsArg] = process.argv.slice(2);
const quote = new Uint8Array(fs.readFileSync(quotePath));
const collateralText = fs.readFileSync(collateralPath, 'utf8');
const now = Number(nowArg);
const iterations = parseInt(iterationsArg, 10);

const webDir = path.dirname(require.resolve('@phala/dcap-qvl-web/package.json'));
initSync({ module: fs.readFileSync(path.join(webDir, 'dcap-qvl-web_bg.wasm')) });

function measure(implementation, once) {
  let status;
  // Warm up for a few seconds, as the Java side does, so V8 has optimised the hot paths.
  const warmUpEnd = process.hrtime.bigint() + 3000000000n;
  for (let i = 0; i < Math.max(20, iterations / 5) || process.hrtime.bigint() < warmUpEnd; i++) {
    status = once();
  }
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    status = once();
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ implementation, status, iterations, nsPerOp: elapsed / iterations,
    cpuNsPerOp: (cpu.user + cpu.system) * 1000 / iterations }));
}

measure('@phala/dcap-qvl', () => verify(quote, JSON.parse(collateralText), now).status);
measure('@phala/dcap-qvl-web', () => js_verify(quote, JSON.parse(collateralText), BigInt(now)).status);
