// Verifies the fixture quote with @phala/dcap-qvl (an independent implementation) and prints ns/op as JSON.
// Usage: node bench.js <quote> <collateral.json> <now-seconds> <iterations>
const fs = require('fs');
const { verify } = require('@phala/dcap-qvl');

const [quotePath, collateralPath, nowArg, iterationsArg] = process.argv.slice(2);
const quote = new Uint8Array(fs.readFileSync(quotePath));
const collateral = JSON.parse(fs.readFileSync(collateralPath, 'utf8'));
const now = Number(nowArg);
const iterations = parseInt(iterationsArg, 10);

let status;
for (let i = 0; i < Math.max(20, iterations / 5); i++) {
  status = verify(quote, collateral, now).status;
}
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) {
  status = verify(quote, collateral, now).status;
}
const elapsed = Number(process.hrtime.bigint() - start);
console.log(JSON.stringify({ implementation: '@phala/dcap-qvl', status, iterations, nsPerOp: elapsed / iterations }));
