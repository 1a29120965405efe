// Sums the TRX result files under a folder and prints "N passed, N failed" (the line CI reads).
// Exit code 0 only when something passed and nothing failed. Node is used because a fresh machine has no Python.
const fs = require("fs");
const path = require("path");

const [resultsDir, testExitArg] = process.argv.slice(2);
const testExit = Number(testExitArg ?? 0);

function trxFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return trxFiles(full);
    return entry.name.endsWith(".trx") ? [full] : [];
  });
}

let passed = 0;
let failed = 0;
for (const file of trxFiles(resultsDir)) {
  const counters = /<Counters\b([^>]*)\/?>/.exec(fs.readFileSync(file, "utf8"));
  if (!counters) continue;
  const count = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]) ?? [0, 0])[1]);
  passed += count("passed");
  failed += count("failed") + count("error") + count("timeout") + count("aborted");
}
// A build error or crashed test host writes no result for what never ran: count it as a failure.
if (testExit !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
