/**
 * Node cold starts: fresh processes that load a model and predict one row (ferryChild.ts, ortChild.ts, bundled
 * against the built packages as a user's program would import them), minus a process that does nothing
 * (emptyChild.ts): the time the library adds to Node's own start before the first answer. Starts alternate.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../../test/runtimes/build.ts';
import { bundleScript, distImport } from '../../../test/runtimes/bundle.ts';
import { median } from '../../timing.ts';
import type { OrtPrecision } from '../ortPredictor.ts';
import { FERRY_ROOT, type OnnxCase } from '../reference.ts';

/** A contender of the Node cold start. */
export type NodeContender = 'ferry' | OrtPrecision;

/** One child's answer: ms since its process started, and its first prediction. */
export interface ChildAnswer {
  readonly ms: number;
  readonly labels?: number[];
  readonly values?: number[];
}

/** Bundled children, ready to spawn. */
export interface NodeChildren {
  run(who: NodeContender | 'empty'): ChildAnswer;
}

/** Bundles the three children (needs dist/node: ensureBuilt()). */
export async function prepareNodeChildren(c: OnnxCase): Promise<NodeChildren> {
  const dist = distImport(join(ROOT, 'dist'), 'node');
  const external = { external: ['onnxruntime-web'] };
  const scripts = {
    ferry: await bundleScript('bench/onnx/node/ferryChild.ts', 'onnx-ferry-child.mjs', dist, 'node', external),
    ort: await bundleScript('bench/onnx/node/ortChild.ts', 'onnx-ort-child.mjs', dist, 'node', external),
    empty: await bundleScript('bench/onnx/node/emptyChild.ts', 'onnx-empty-child.mjs', dist, 'node', external),
  };
  const row = JSON.stringify(Array.from(c.x.subarray(0, c.features)));
  const args = (who: NodeContender | 'empty'): string[] => {
    if (who === 'empty') return [scripts.empty];
    if (who === 'ferry') return [scripts.ferry, FERRY_ROOT, c.name, String(c.features), row];
    return [scripts.ort, c.onnxPath(who), who, String(c.features), row];
  };
  return {
    run(who) {
      const out = execFileSync(process.execPath, args(who), { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      return JSON.parse(out.trim().split('\n').at(-1) ?? '') as ChildAnswer;
    },
  };
}

/** Medians over `starts` alternating starts: ms beyond the empty process, per contender. */
export function nodeColdStarts(
  children: NodeChildren,
  contenders: readonly NodeContender[],
  starts: number,
): { empty: number; beyondEmpty: Map<NodeContender, number> } {
  const times = new Map<NodeContender | 'empty', number[]>();
  for (const who of ['empty', ...contenders] as const) children.run(who); // page cache, bundles read once
  for (let i = 0; i < starts; i++) {
    for (const who of ['empty', ...contenders] as const) {
      const list = times.get(who) ?? [];
      list.push(children.run(who).ms);
      times.set(who, list);
    }
  }
  const empty = median(times.get('empty') ?? []);
  return {
    empty,
    beyondEmpty: new Map(contenders.map((who) => [who, median(times.get(who) ?? []) - empty])),
  };
}
