// `npm run build`: compiles src/ to dist/ (tsconfig.build.json) and copies the files src/ reads
// at run time (every file that is not TypeScript, e.g. the playground's public/ files) beside
// the compiled code, so dist/ runs on its own with `node dist/main.js`.
// `--if-stale` (before `npm start` and `npm run audit`) builds only when dist/ is missing or
// older than a source, and does nothing where there are no sources (the production image).
// `--check` only says whether a build is due (exit 1 and why) and builds nothing.
// `--outDir DIR` builds elsewhere (the build test); DIR must sit inside the project so the
// compiled code finds node_modules.
// Plain JavaScript on purpose: it runs where neither tsx nor TypeScript is installed.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const project = join(root, 'tsconfig.build.json');
/** What the output depends on besides src/: a change to any of them calls for a new build. */
const inputs = [project, join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)];
/** Written last, so its presence means a complete build; its mtime is the build's time. */
const MARKER = '.build.json';

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    outDir: { type: 'string', default: 'dist' },
    'if-stale': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
  strict: true,
});
const outDir = resolve(root, values.outDir);
const inside = (dir, parent) => !relative(parent, dir).startsWith('..');
if (inside(root, outDir) || inside(outDir, src)) {
  // The project itself, one of its parents or a place in src/: compiled files would mix with the sources.
  fail(`--outDir ${values.outDir} would write among the sources; give it a directory of its own (default dist)`);
}

/** Every file and directory under `dir` (a directory's mtime moves when a file is added, removed or renamed in it). */
function walk(dir, out = []) {
  out.push(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function readMarker() {
  try {
    return { ...JSON.parse(readFileSync(join(outDir, MARKER), 'utf8')), mtimeMs: statSync(join(outDir, MARKER)).mtimeMs };
  } catch {
    return undefined;
  }
}

/** Why a build is needed, or undefined when the one in outDir is newer than every source. */
function staleness() {
  const marker = readMarker();
  const shown = relative(root, outDir) || outDir;
  if (!marker) return `${shown}/ has no complete build`;
  let newest;
  for (const path of [...walk(src), ...inputs.filter((p) => existsSync(p))]) {
    const mtimeMs = statSync(path).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  }
  if (newest && newest.mtimeMs > marker.mtimeMs) return `${relative(root, newest.path) || '.'} changed after the last build`;
  return undefined;
}

if (values.check) {
  const why = existsSync(src) ? staleness() : readMarker() ? undefined : `no src/ and no build in ${relative(root, outDir)}/`;
  process.stdout.write(why ? `${why}: npm run build is due\n` : `${relative(root, outDir)}/ is up to date with src/\n`);
  process.exit(why ? 1 : 0);
}

if (values['if-stale']) {
  if (!existsSync(src)) {
    // An installed copy without sources (the Docker image): run what was built, or say what is missing.
    if (!readMarker())
      fail(`neither src/ nor a build in ${relative(root, outDir)}/: reinstall, or run npm run build where the sources are`);
    process.exit(0);
  }
  const why = staleness();
  if (!why) process.exit(0);
  process.stderr.write(`build: ${why}; compiling src/ to ${relative(root, outDir)}/ (npm run build)\n`);
}

const tsc = join(root, 'node_modules', '.bin', 'tsc');
if (!existsSync(tsc)) fail('TypeScript is not installed (it is a dev dependency: `npm ci`, not `npm ci --omit=dev`, where you build)');

const started = Date.now();
// noEmitOnError (tsconfig.build.json): a build with type errors writes nothing, so the previous one stays whole.
const run = spawnSync(tsc, ['-p', project, '--outDir', outDir, '--listEmittedFiles'], { cwd: root, encoding: 'utf8' });
if (run.error) fail(`could not run tsc: ${run.error.message}`);
const emitted = [];
for (const line of run.stdout.split('\n')) {
  if (line.startsWith('TSFILE: ')) emitted.push(resolve(line.slice('TSFILE: '.length).trim()));
  else if (line.trim()) process.stdout.write(`${line}\n`);
}
process.stderr.write(run.stderr);
if (run.status !== 0) fail(`tsc failed (exit ${run.status}); ${relative(root, outDir)}/ is unchanged`);

for (const path of walk(src)) {
  if (path === src || statSync(path).isDirectory() || path.endsWith('.ts')) continue;
  const target = join(outDir, relative(src, path));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(path, target);
  emitted.push(target);
}

// What the previous build wrote and this one did not (a source removed or renamed) goes, and only that:
// anything else in outDir (e.g. dist/camreset-teams.zip from npm run package:teams) stays.
const files = emitted.map((p) => relative(outDir, p));
const kept = new Set(files);
for (const file of readMarker()?.files ?? []) {
  if (kept.has(file) || file.split(/[\\/]/).includes('..')) continue;
  rmSync(join(outDir, file), { force: true });
  for (let dir = dirname(join(outDir, file)); dir.startsWith(outDir + sep); dir = dirname(dir)) {
    try {
      rmdirSync(dir); // only when empty
    } catch {
      break;
    }
  }
}
writeFileSync(join(outDir, MARKER), `${JSON.stringify({ builtAt: new Date().toISOString(), files }, null, 2)}\n`);
process.stderr.write(`build: ${files.length} files in ${relative(root, outDir)}/ (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
