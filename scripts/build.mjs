// Builds dist/: the WASM kernels (asc), the ESM bundles per runtime (esbuild) and the .d.ts files (tsc).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });

run(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', 'release']);
copyFileSync('build/ferry.wasm', 'dist/ferry.wasm');

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  external: ['msgpackr'],
  logLevel: 'warning',
};
const targets = [
  { entry: 'src/entries/node.ts', out: 'dist/node/index.js', platform: 'node' },
  { entry: 'src/entries/browser.ts', out: 'dist/browser/index.js', platform: 'browser' },
];
for (const t of targets) {
  const result = await build({
    ...common,
    entryPoints: [t.entry],
    outfile: t.out,
    platform: t.platform,
    metafile: true,
  });
  writeFileSync(t.out.replace(/index\.js$/, 'meta.json'), JSON.stringify(result.metafile));
}
for (const adapter of ['fs', 'memory']) {
  await build({
    ...common,
    entryPoints: [`adapters/${adapter}.ts`],
    outfile: `dist/adapters/${adapter}.js`,
    platform: adapter === 'fs' ? 'node' : 'neutral',
  });
}

run(bin('tsc'), ['-p', 'tsconfig.build.json']);
console.log('built dist/');
