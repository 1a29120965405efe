// Installs the pinned build tools (`npm ci` in build/) once, even when several MSBuild nodes ask at the same time
// (a multi-targeted project and the test projects that reference it build in parallel on a fresh clone).
// An exclusive lock file serialises the installers; whoever gets it second finds the tools installed and leaves.
const fs = require("fs");
const path = require("path");
const { execSync } = require("child_process");

const buildDir = __dirname;
const lockFile = path.join(buildDir, "package-lock.json");
const marker = path.join(buildDir, "node_modules", ".package-lock.json");
const mutex = path.join(buildDir, ".npm-ci.lock");

const upToDate = () => fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lockFile).mtimeMs;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const deadline = Date.now() + 10 * 60 * 1000;
for (;;) {
  if (upToDate()) process.exit(0);
  let fd;
  try {
    fd = fs.openSync(mutex, "wx");
  } catch (e) {
    if (e.code !== "EEXIST") throw e;
    // A lock older than the deadline belongs to an installer that died; take it over.
    if (Date.now() - fs.statSync(mutex).mtimeMs > 10 * 60 * 1000) fs.rmSync(mutex, { force: true });
    if (Date.now() > deadline) {
      console.error(`Timed out waiting for another 'npm ci' in ${buildDir} (lock ${mutex}).`);
      process.exit(1);
    }
    sleep(500);
    continue;
  }
  try {
    if (!upToDate()) {
      execSync("npm ci --no-audit --no-fund --loglevel=error", { cwd: buildDir, stdio: "inherit" });
    }
    process.exit(0);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(mutex, { force: true });
  }
}
