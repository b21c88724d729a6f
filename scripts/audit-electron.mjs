// `npm run audit:electron`: Doyensec Electronegativity over the Electron sources (electron/),
// offline and deterministic. Fails on any finding that electronegativity-allowlist.json does not
// list with a reason, on an allowlist entry that no longer matches anything (so the list stays
// reviewed), on a file the scanner could not parse, and on a weak Content-Security-Policy.
//
//   node scripts/audit-electron.mjs [--input <dir>] [--allowlist <file>] [--json]
//
// Offline: Electronegativity fetches translations and Electron's release list over the network.
// Its HTTP client is replaced by one that fails at once, the Electron version is passed in (the
// pinned one from package.json), and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (which compares that
// version with the live release list kept in the OS temp dir) is not run: Electron upgrades are
// decided when the pinned version is bumped, not by this gate.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { transform } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    input: { type: 'string', default: path.join(root, 'electron') },
    allowlist: { type: 'string', default: path.join(root, 'electronegativity-allowlist.json') },
    json: { type: 'boolean', default: false },
  },
});
const input = path.resolve(opts.input);
const allowlistFile = path.resolve(opts.allowlist);
const rel = (p) => path.relative(root, p).split(path.sep).join('/');

const require = createRequire(import.meta.url);
const enegPkgFile = require.resolve('@doyensec/electronegativity/package.json');
const requireEneg = createRequire(enegPkgFile);
const enegVersion = JSON.parse(fs.readFileSync(enegPkgFile, 'utf8')).version;
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = (pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '').replace(
  /^[~^=v]/,
  '',
);
if (!/^\d+\.\d+\.\d+$/.test(electronVersion)) {
  fail(`package.json must pin electron to an exact version (found "${electronVersion}")`);
}

// --- the allowlist ------------------------------------------------------------------------------
/** @typedef {{ check: string, file: string, reason: string }} Allowed */
/** @returns {Allowed[]} */
function readAllowlist() {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(allowlistFile, 'utf8'));
  } catch (e) {
    fail(`cannot read ${rel(allowlistFile)}: ${e.message}`);
  }
  const entries = data?.entries;
  if (!Array.isArray(entries)) fail(`${rel(allowlistFile)}: "entries" must be an array`);
  entries.forEach((e, i) => {
    const where = `${rel(allowlistFile)} entries[${i}]`;
    if (typeof e?.check !== 'string' || !/^[A-Z0-9_]+$/.test(e.check))
      fail(`${where}: "check" must be a check id such as PRELOAD_JS_CHECK`);
    if (typeof e.file !== 'string' || e.file === '')
      fail(`${where}: "file" must be a repository path (or "N/A" for global checks)`);
    if (typeof e.reason !== 'string' || e.reason.trim().length < 20)
      fail(`${where}: "reason" must say why the finding is acceptable (20+ characters)`);
    const extra = Object.keys(e).filter((k) => !['check', 'file', 'reason'].includes(k));
    if (extra.length) fail(`${where}: unknown keys ${extra.join(', ')}`);
  });
  return entries;
}

// --- Electronegativity, offline ---------------------------------------------------------------
async function scan() {
  const gotPath = requireEneg.resolve('got');
  const offline = () => Promise.reject(new Error('audit:electron runs offline'));
  offline.head = offline;
  offline.stream = offline;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
  process.env.LANG = 'en-US';
  const run = requireEneg('./dist/runner.js');
  // The library prints progress and the failed (stubbed) downloads; keep our output to the point.
  const saved = { log: console.log, warn: console.warn, info: console.info };
  const chatter = [];
  console.log = console.warn = console.info = (...a) => chatter.push(a.join(' '));
  try {
    return await run({
      input,
      isRelative: false,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      parserPlugins: [],
    });
  } catch (e) {
    Object.assign(console, saved);
    process.stderr.write(chatter.join('\n') + '\n');
    throw e;
  } finally {
    Object.assign(console, saved);
  }
}

// --- the Content-Security-Policy the shells send -----------------------------------------------
// Electronegativity looks for a CSP in HTML and in webRequest header code; the kiosk sends its
// policy as a response header from electron/hosts/csp.ts, which it cannot see. So the policy is
// evaluated here with the evaluator Electronegativity itself uses.
async function evaluateCsp() {
  const cspFile = path.join(root, 'electron/hosts/csp.ts');
  const { code } = await transform(fs.readFileSync(cspFile, 'utf8'), {
    loader: 'ts',
    format: 'esm',
  });
  // csp.ts imports nothing, so its compiled text can be imported as it is, without a file.
  const { CONTENT_SECURITY_POLICY: policy } = await import(
    `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
  );
  const csp = requireEneg('@doyensec/csp-evaluator');
  const findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
  const s = csp.severities;
  // The evaluator predates these keywords and calls them syntax errors.
  const newerKeywords = new Set(["'wasm-unsafe-eval'"]);
  const blocking = findings.filter(
    (f) =>
      f.severity === s.HIGH ||
      f.severity === s.MEDIUM ||
      (f.severity === s.SYNTAX && !newerKeywords.has(f.value)),
  );
  const notes = findings.filter((f) => !blocking.includes(f));
  const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1] ?? '';
  for (const unsafe of ["'unsafe-eval'", "'unsafe-inline'"]) {
    if (scriptSrc.includes(unsafe))
      blocking.push({
        directive: 'script-src',
        value: unsafe,
        description: `${unsafe} is forbidden`,
      });
  }
  return { file: rel(cspFile), policy, blocking, notes };
}

// --- report -----------------------------------------------------------------------------------
function fail(message) {
  process.stderr.write(`audit:electron: ${message}\n`);
  process.exit(2);
}

const allowlist = readAllowlist();
const started = Date.now();
const result = await scan();
const cspReport = await evaluateCsp();

const findings = result.issues
  .map((i) => ({
    check: i.id,
    file: i.file === 'N/A' ? 'N/A' : rel(i.file),
    line: i.location?.line ?? 0,
    column: i.location?.column ?? 0,
    severity: i.severity?.name ?? String(i.severity),
    confidence: i.confidence?.name ?? String(i.confidence),
    manualReview: Boolean(i.manualReview),
    description: String(i.description ?? '').replace(/\s+/g, ' '),
  }))
  .sort((a, b) =>
    `${a.file}\0${String(a.line).padStart(6)}\0${a.check}`.localeCompare(
      `${b.file}\0${String(b.line).padStart(6)}\0${b.check}`,
    ),
  );
const matches = (entry, f) => entry.check === f.check && entry.file === f.file;
const allowed = findings.filter((f) => allowlist.some((e) => matches(e, f)));
const unlisted = findings.filter((f) => !allowed.includes(f));
const stale = allowlist.filter((e) => !findings.some((f) => matches(e, f)));
const parseErrors = result.errors.filter((e) => !e.tolerable);
const ok =
  unlisted.length === 0 &&
  stale.length === 0 &&
  parseErrors.length === 0 &&
  cspReport.blocking.length === 0;

if (opts.json) {
  process.stdout.write(
    JSON.stringify({ ok, findings, unlisted, stale, parseErrors, csp: cspReport }, null, 2) + '\n',
  );
} else {
  const out = [];
  out.push(
    `Electronegativity ${enegVersion} over ${rel(input) || '.'}/ (Electron ${electronVersion}, ` +
      `${result.globalChecks + result.atomicChecks} checks, offline) in ${Date.now() - started} ms`,
  );
  const at = (f) => (f.file === 'N/A' ? 'N/A' : `${f.file}:${f.line}:${f.column}`);
  for (const f of allowed) {
    const reason = allowlist.find((e) => matches(e, f)).reason;
    out.push(`  allowed  ${f.check}  ${at(f)}\n           ${reason}`);
  }
  for (const f of unlisted) {
    out.push(
      `  FINDING  ${f.check}  ${at(f)}  [${f.severity}/${f.confidence}${f.manualReview ? ', review' : ''}]\n` +
        `           ${f.description}`,
    );
  }
  for (const e of stale) {
    out.push(
      `  STALE    ${e.check}  ${e.file}: no such finding any more; remove it from the allowlist`,
    );
  }
  for (const e of parseErrors) out.push(`  UNPARSED ${rel(e.file)}: ${e.message}`);
  out.push(`CSP (${cspReport.file}): ${cspReport.policy}`);
  for (const f of cspReport.blocking)
    out.push(`  WEAK     ${f.directive} ${f.value}: ${f.description}`);
  for (const f of cspReport.notes)
    out.push(`  note     ${f.directive} ${f.value}: ${f.description}`);
  out.push(
    ok
      ? `audit:electron: OK (${allowed.length} allowlisted finding(s), no others)`
      : `audit:electron: FAILED (${unlisted.length} finding(s) not in ${rel(allowlistFile)}, ` +
          `${stale.length} stale entr(y/ies), ${parseErrors.length} unparsed file(s), ` +
          `${cspReport.blocking.length} CSP weakness(es)). Fix the code, or add the finding to ` +
          `${rel(allowlistFile)} with the reason it is acceptable.`,
  );
  process.stdout.write(out.join('\n') + '\n');
}
process.exit(ok ? 0 : 1);
