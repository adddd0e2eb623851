/**
 * A new user's path, from the packed tarball (issue 14): `npm pack`, `npm install <tarball>` into a fresh
 * project outside the repository, then the documentation's own code blocks (read from the .md files)
 * in Node (ESM, CommonJS, tsc under nodenext and bundler), Deno (check + run), Bun (tsc with the bun
 * condition + run), esbuild, webpack and Vite apps in Chromium, and the edge worker (esbuild + workerd, and
 * wrangler's build served by workerd); plus the package's contents and the `ferry` command it installs.
 * Deno, Bun, Chromium and workerd are the binaries the repository already uses; a missing one skips
 * its case loudly, and fails under CI=true.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { transform } from 'esbuild';
import { post, requireEdgeRuntime, startWorkerd } from '../edge/servers.ts';
import { EXECUTABLES, requireRuntime } from '../runtimes/availability.ts';
import { ROOT } from '../runtimes/build.ts';
import { launchChromium } from '../runtimes/chromium.ts';
import { type ConsumerProject, createConsumerProject } from './consumerProject.ts';
import { docCommand, docFile, promisedOutput } from './docBlocks.ts';
import { lastJsonLine, runCommand, runOk } from './run.ts';
import { serveFolder } from './serveFolder.ts';
import { wranglerOutputConfig } from './wranglerOutput.ts';

const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);
const NODE_MD = 'docs/runtimes/node.md';
const DENO_MD = 'docs/runtimes/deno.md';
const BUN_MD = 'docs/runtimes/bun.md';
const BROWSER_MD = 'docs/runtimes/browser.md';
const EDGE_MD = 'docs/runtimes/edge.md';
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {
  version: string;
  exports: Record<string, unknown>;
  engines: { node: string };
};

let project: ConsumerProject;
before(async () => {
  project = await createConsumerProject();
});
after(() => {
  if (project) rmSync(project.dir, { recursive: true, force: true });
});

/** The `tsc` of the repository, run on a project folder with its tsconfig.json. */
function tsc(folder: string): Promise<unknown> {
  return runOk(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', folder], folder);
}

/** Every file path an `exports` map names (conditions and subpaths, recursively). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

describe('the tarball', () => {
  it('ships every path its exports and bin advertise, and no build metafile or embedded sources', () => {
    const shipped = new Set(project.files.map((f) => f.path));
    const advertised = [...exportTargets(PKG.exports), ...Object.values(PKG.bin as Record<string, string>)];
    const missing = advertised.map((p) => p.replace(/^\.\//, '')).filter((p) => !shipped.has(p));
    assert.deepEqual(missing, [], 'advertised but not in the tarball');
    const metafiles = [...shipped].filter((p) => p.endsWith('meta.json') || p.endsWith('.built'));
    assert.deepEqual(metafiles, []);
    const withSources = [...shipped]
      .filter((p) => p.endsWith('.map'))
      .filter((p) => 'sourcesContent' in JSON.parse(readFileSync(join(project.installed, p), 'utf8')));
    assert.deepEqual(withSources, [], 'source maps with embedded sources');
    const maps = project.files.filter((f) => f.path.endsWith('.map')).reduce((n, f) => n + f.size, 0);
    console.log(`tarball: ${project.files.length} files, ${project.unpackedSize} bytes unpacked, ${maps} in maps`);
  });

  it('every subpath export imports in Node, with a file behind it (ferryml/tfjs: without its peer, a clear error)', async () => {
    const subpaths = Object.keys(PKG.exports).filter(
      (s) => !s.endsWith('.json') && !s.endsWith('.wasm') && s !== './tfjs' && s !== './tfjs-graph',
    );
    const script = subpaths
      .map((s) => `await import('${join('ferryml', s)}');`)
      .concat(["console.log(JSON.stringify('ok'));"])
      .join('\n');
    const dir = project.write('exports', {
      'imports.mjs': script,
      'tfjs.mjs': "await import('ferryml/tfjs');",
      'tfjs-graph.mjs': "await import('ferryml/tfjs-graph');",
    });
    assert.equal(lastJsonLine(await runOk(process.execPath, ['imports.mjs'], dir)), 'ok');
    // docs/tfjs.md: ferryml/tfjs needs @tensorflow/tfjs installed next to it.
    const tfjs = await runCommand(process.execPath, ['tfjs.mjs'], dir);
    assert.equal(tfjs.code, 1);
    assert.match(tfjs.stderr, /Cannot find package '@tensorflow\/tfjs'/);
    // docs/tfjs.md: ferryml/tfjs-graph needs only @tensorflow/tfjs-core and @tensorflow/tfjs-converter.
    const graph = await runCommand(process.execPath, ['tfjs-graph.mjs'], dir);
    assert.equal(graph.code, 1);
    assert.match(graph.stderr, /Cannot find package '@tensorflow\/tfjs-(core|converter)'/);
  });

  it('has a repository field, engines that this Node satisfies, and README links that resolve', () => {
    const repository = PKG.repository as { url?: string } | undefined;
    assert.match(repository?.url ?? '', /^git\+https:\/\//);
    const [major, minor] = process.versions.node.split('.').map(Number);
    assert.ok((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 || major === 21);
    assert.equal(PKG.engines.node, '^20.19.0 || >=22.12.0');
    const readme = readFileSync(join(project.installed, 'README.md'), 'utf8');
    for (const command of ['npm install ferryml', 'deno add npm:ferryml', 'bun add ferryml']) {
      assert.ok(readme.includes(command), `README.md shows \`${command}\``);
    }
    // npm renders relative links against the repository: each must be a file of the repository.
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'));
    const links = [...readme.matchAll(/\]\(([^)#\s]+)[^)]*\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    assert.ok(links.length > 0);
    const dead = links.filter(
      (l) => !tracked.has(l.replace(/\/$/, '')) && !tracked.has(`${l.replace(/\/$/, '')}/README.md`),
    );
    const dirs = dead.filter((l) => [...tracked].some((t) => t.startsWith(l.endsWith('/') ? l : `${l}/`)));
    assert.deepEqual(
      dead.filter((l) => !dirs.includes(l)),
      [],
      'README links to no file of the repository',
    );
    // Links between the shipped docs resolve inside the tarball.
    const shipped = new Set(project.files.map((f) => f.path));
    for (const page of [...shipped].filter((p) => p.startsWith('docs/') && p.endsWith('.md'))) {
      const text = readFileSync(join(project.installed, page), 'utf8');
      for (const m of text.matchAll(/\]\(([^)#\s:]+\.md)\)/g)) {
        const target = relative(project.installed, join(project.installed, page, '..', m[1]));
        assert.ok(shipped.has(target), `${page} links to ${m[1]}, which is not shipped`);
      }
    }
  });

  it('documents per runtime what ferryml/tfjs needs, and every tfjs peer is optional', () => {
    const page = readFileSync(join(project.installed, 'docs/tfjs.md'), 'utf8');
    // The tfjs peers (the queue's, bullmq and ioredis, are ferryml/distributed's: docs/distributed.md).
    const peers = Object.keys(PKG.peerDependencies as Record<string, string>).filter((p) =>
      p.startsWith('@tensorflow/'),
    );
    const meta = PKG.peerDependenciesMeta as Record<string, { optional?: boolean }>;
    for (const peer of peers) {
      assert.ok(page.includes(peer), `docs/tfjs.md names ${peer}`);
      assert.equal(meta[peer]?.optional, true, `${peer} is optional (ferryml alone does not import it)`);
    }
    for (const runtime of ['Node.js', 'Deno', 'Bun', 'browser', 'workerd']) assert.ok(page.includes(`| ${runtime}`));
  });
});

describe('the ferry command from the package', () => {
  it('--help exits 0, --version prints the version, an unknown command is named', async () => {
    const ferry = join(project.dir, 'node_modules/.bin/ferry');
    assert.match((await runOk(ferry, ['--help'], project.dir)).stdout, /^usage: ferry/);
    assert.equal((await runOk(ferry, ['--version'], project.dir)).stdout.trim(), PKG.version);
    const bad = await runCommand(ferry, ['frobnicate', 'x'], project.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command 'frobnicate'/);
  });
});

describe('Node.js (docs/runtimes/node.md)', () => {
  it('ESM: the example runs as written', async () => {
    const code = docFile(NODE_MD, 'main.ts');
    const js = (await transform(code, { loader: 'ts', format: 'esm' })).code;
    const dir = project.write('node', { 'main.mjs': js });
    assert.deepEqual(lastJsonLine(await runOk(process.execPath, ['main.mjs'], dir)), promisedOutput(code));
    // The storage root the README saves to: `ferry inspect` lists the dump in it.
    const inspect = await runOk(join(project.dir, 'node_modules/.bin/ferry'), ['inspect', 'models'], dir);
    assert.match(inspect.stdout, /1 dump\(s\): models\/model/);
  });

  it('CommonJS: require() of the package runs the example', async () => {
    const code = docFile(NODE_MD, 'main.cjs');
    const dir = project.write('node-cjs', { 'main.cjs': code });
    assert.deepEqual(lastJsonLine(await runOk(process.execPath, ['main.cjs'], dir)), promisedOutput(code));
  });

  it('tsc under "module": "nodenext" and under "moduleResolution": "bundler" accepts the example', async () => {
    const code = docFile(NODE_MD, 'main.ts');
    const nodenext = docFile(NODE_MD, 'tsconfig.json');
    await tsc(project.write('tsc-nodenext', { 'main.ts': code, 'tsconfig.json': nodenext }));
    const bundler = JSON.parse(nodenext) as { compilerOptions: Record<string, unknown> };
    Object.assign(bundler.compilerOptions, { module: 'preserve', moduleResolution: 'bundler' });
    await tsc(project.write('tsc-bundler', { 'main.ts': code, 'tsconfig.json': JSON.stringify(bundler) }));
  });
});

describe('Deno (docs/runtimes/deno.md)', () => {
  it('deno check and deno run the example (DenoStorage has types)', async (t) => {
    if (!requireRuntime(t, 'deno')) return;
    const code = docFile(DENO_MD, 'main.ts');
    // As written by `deno add npm:ferryml`; the package is not on the registry, so Deno reads the
    // installed tarball from node_modules ("nodeModulesDir": "manual").
    const config = { ...(JSON.parse(docFile(DENO_MD, 'deno.json')) as object), nodeModulesDir: 'manual' };
    const dir = project.write('deno', { 'main.ts': code, 'deno.json': JSON.stringify(config) });
    await runOk(EXECUTABLES.deno, ['check', 'main.ts'], dir);
    const r = await runOk(EXECUTABLES.deno, ['run', '--allow-read', '--allow-write', 'main.ts'], dir);
    assert.deepEqual(lastJsonLine(r), promisedOutput(code));
  });
});

describe('Bun (docs/runtimes/bun.md)', () => {
  it('tsc with the bun condition accepts the example (BunStorage has types); bun runs it', async (t) => {
    if (!requireRuntime(t, 'bun')) return;
    const code = docFile(BUN_MD, 'main.ts');
    const dir = project.write('bun', { 'main.ts': code, 'tsconfig.json': docFile(BUN_MD, 'tsconfig.json') });
    await tsc(dir);
    assert.deepEqual(lastJsonLine(await runOk(EXECUTABLES.bun, ['main.ts'], dir)), promisedOutput(code));
  });
});

describe('browser apps in Chromium (docs/runtimes/browser.md)', () => {
  /** Opens `origin` in Chromium; resolves with the page's console lines once the last one is JSON. */
  async function openApp(folder: string): Promise<{ logs: string[]; errors: string[]; requests: string[] }> {
    const server = await serveFolder(folder);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => (m.type() === 'error' ? errors : logs).push(m.text()));
      await page.goto(server.origin);
      const deadline = Date.now() + 30_000;
      while (logs.length === 0 && errors.length === 0 && Date.now() < deadline) await page.waitForTimeout(50);
      return { logs, errors, requests: server.requests };
    } finally {
      await browser.close();
      await server.close();
    }
  }

  it('tsc with the documented tsconfig reads the browser types (IndexedDbStorage)', async () => {
    const dir = project.write('browser-tsc', {
      'main.ts': docFile(BROWSER_MD, 'main.ts'),
      'storage.ts':
        "import { IndexedDbStorage } from 'ferryml';\nexport const storage = new IndexedDbStorage('models');\n",
      'tsconfig.json': docFile(BROWSER_MD, 'tsconfig.json'),
    });
    await tsc(dir);
  });

  it('esbuild: the bundle finds the kernels with no copy step', async (t) => {
    if (!requireRuntime(t, 'chromium')) return;
    const code = docFile(BROWSER_MD, 'main.ts');
    const dir = project.write('browser-esbuild', {
      'main.ts': code,
      'public/index.html': docFile(BROWSER_MD, 'public/index.html'),
    });
    await runOk(BIN('esbuild'), docCommand(BROWSER_MD, 'npx esbuild'), dir);
    const { logs, errors, requests } = await openApp(join(dir, 'public'));
    assert.deepEqual(errors, []);
    assert.deepEqual(JSON.parse(logs[logs.length - 1] ?? 'null'), promisedOutput(code));
    assert.deepEqual(
      requests.filter((r) => r.endsWith('.wasm')),
      [],
    );
  });

  it('webpack (no configuration): the bundle finds the kernels with no copy step', async (t) => {
    if (!requireRuntime(t, 'chromium')) return;
    const code = docFile(BROWSER_MD, 'main.ts');
    const js = (await transform(code, { loader: 'ts', format: 'esm' })).code;
    const dir = project.write('browser-webpack', {
      'main.js': js,
      'public/index.html': docFile(BROWSER_MD, 'public/index.html'),
    });
    await runOk(BIN('webpack'), docCommand(BROWSER_MD, 'npx webpack'), dir);
    const { logs, errors, requests } = await openApp(join(dir, 'public'));
    assert.deepEqual(errors, []);
    assert.deepEqual(JSON.parse(logs[logs.length - 1] ?? 'null'), promisedOutput(code));
    assert.deepEqual(
      requests.filter((r) => r.endsWith('.wasm')),
      [],
    );
  });

  it('Vite: vite build of the app runs', async (t) => {
    if (!requireRuntime(t, 'chromium')) return;
    const code = docFile(BROWSER_MD, 'main.ts');
    const dir = project.write('browser-vite', { 'main.ts': code, 'index.html': docFile(BROWSER_MD, 'index.html') });
    await runOk(BIN('vite'), [...docCommand(BROWSER_MD, 'npx vite'), '--logLevel', 'warn'], dir);
    const { logs, errors } = await openApp(join(dir, 'dist'));
    assert.deepEqual(errors, []);
    assert.deepEqual(JSON.parse(logs[logs.length - 1] ?? 'null'), promisedOutput(code));
  });
});

describe('the edge worker (docs/runtimes/edge.md)', () => {
  let dir = '';
  before(async () => {
    dir = project.write('edge', {
      'worker.ts': docFile(EDGE_MD, 'worker.ts'),
      'ferrypack.d.ts': docFile(EDGE_MD, 'ferrypack.d.ts'),
      'wrangler.jsonc': docFile(EDGE_MD, 'wrangler.jsonc'),
      'config.capnp': docFile(EDGE_MD, 'config.capnp'),
    });
    // The model: the dump the Node page's example saves, packed with the documented command.
    const node = project.write('edge-model', { 'main.mjs': '' });
    const js = (await transform(docFile(NODE_MD, 'main.ts'), { loader: 'ts', format: 'esm' })).code;
    writeFileSync(join(node, 'main.mjs'), js);
    await runOk(process.execPath, ['main.mjs'], node);
    cpSync(join(node, 'models'), join(dir, 'models'), { recursive: true });
    await runOk(join(project.dir, 'node_modules/.bin/ferry'), docCommand(EDGE_MD, 'npx ferry'), dir);
  });

  /** Serves `config` with workerd; expects a prediction, a 400 for a bad row, and a prediction after it. */
  async function serveAndPredict(config: string): Promise<void> {
    const server = await startWorkerd(config);
    try {
      const good = await post(`${server.url}/predict`, JSON.stringify({ inputs: [[0.2], [2.8]] }));
      assert.equal(good.status, 200, good.text + server.stderr());
      assert.deepEqual(JSON.parse(good.text), { predictions: [0, 1] });
      const bad = await post(`${server.url}/predict`, JSON.stringify({ inputs: [[1, 2]] }));
      assert.equal(bad.status, 400, bad.text);
      assert.match(JSON.parse(bad.text).error.code, /^[A-Z_]+$/);
      assert.equal((await post(`${server.url}/predict`, JSON.stringify({ inputs: [[3]] }))).status, 200);
    } finally {
      await server.stop();
    }
  }

  it('tsc accepts the worker under the workerd condition', async () => {
    const tsconfig = {
      compilerOptions: {
        module: 'preserve',
        moduleResolution: 'bundler',
        customConditions: ['workerd', 'worker'],
        target: 'es2022',
        lib: ['es2022', 'dom'],
        strict: true,
        noEmit: true,
      },
      include: ['worker.ts', 'ferrypack.d.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    await tsc(dir);
  });

  it('esbuild with the documented command, served by workerd with the documented config', async (t) => {
    if (!requireEdgeRuntime(t, 'workerd')) return;
    await runOk(BIN('esbuild'), docCommand(EDGE_MD, 'npx esbuild'), dir);
    await serveAndPredict(join(dir, 'config.capnp'));
  });

  it('wrangler deploy --dry-run builds it (run by Bun: wrangler 4 needs Node 22.12+), served by workerd', async (t) => {
    if (!requireRuntime(t, 'bun')) return;
    if (!requireEdgeRuntime(t, 'workerd')) return;
    const wrangler = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
    assert.deepEqual(docCommand(EDGE_MD, 'npx wrangler'), ['dev']);
    const out = join(dir, 'wrangler-out');
    await runOk(EXECUTABLES.bun, [wrangler, 'deploy', '--dry-run', '--outdir', out], dir, 120_000, {
      WRANGLER_SEND_METRICS: 'false',
      CI: 'true',
    });
    const modules = readdirSync(out);
    assert.ok(
      modules.some((m) => m.endsWith('ferry.wasm')) && modules.some((m) => m.endsWith('.ferrypack')),
      modules.join(),
    );
    writeFileSync(join(out, 'config.capnp'), wranglerOutputConfig(out));
    await serveAndPredict(join(out, 'config.capnp'));
  });
});

it('the consumer project resolved ferryml from the tarball, not from the repository', () => {
  assert.ok(!project.dir.startsWith(ROOT), project.dir);
  assert.ok(existsSync(join(project.installed, 'package.json')));
});
