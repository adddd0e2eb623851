import type { StepInfo } from '../saving/inspectDump.ts';

/** Renders a value of a dump header in one short line. */
function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'object' && value !== null && '$class' in value) {
    const { $class, ...rest } = value as Record<string, unknown>;
    return `${String($class).replace(/^ferry\./, '')}(${Object.entries(rest)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(', ')})`;
  }
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** The step tree as indented text: class, size, hyperparameters, space, savers and tensors of each step. */
export function formatStepTree(info: StepInfo, indent = ''): string {
  const lines: string[] = [];
  const mark = info.registered ? '' : ' [class not registered here]';
  lines.push(`${indent}${info.name}  ${info.class}${mark}  (${bytes(info.bytes)}, format ${info.formatVersion})`);
  const pad = `${indent}    `;
  const hp = Object.entries(info.hyperparams);
  if (hp.length) lines.push(`${pad}hyperparams: ${hp.map(([k, v]) => `${k}=${show(v)}`).join(', ')}`);
  const sp = Object.entries(info.space);
  if (sp.length) lines.push(`${pad}space: ${sp.map(([k, v]) => `${k} ~ ${show(v)}`).join(', ')}`);
  if (info.savers.length) lines.push(`${pad}savers: ${info.savers.join(', ')}`);
  for (const t of info.tensors)
    lines.push(`${pad}tensor ${t.path}: ${t.dtype} [${t.shape.join(', ')}] ${bytes(t.bytes)}`);
  for (const child of info.children) lines.push(formatStepTree(child, `${indent}  `));
  return lines.join('\n');
}
