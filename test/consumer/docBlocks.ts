/**
 * The code blocks of the documentation, read from the .md files so that the consumer test runs what
 * the docs say: a block whose info string names a file (```` ```ts main.ts ````) is that file of the
 * user's project; a `sh` block holds commands; a `ts`/`js` block's last line states its output in a
 * comment (`console.log(...); // [0,1]`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../runtimes/build.ts';

/** One fenced block: its language, the file it names (if any), and its text. */
export interface DocBlock {
  readonly lang: string;
  readonly file: string | undefined;
  readonly code: string;
}

/** Every fenced block of `page` (a path relative to the repository root, e.g. `docs/runtimes/node.md`). */
export function docBlocks(page: string): DocBlock[] {
  const text = readFileSync(join(ROOT, page), 'utf8');
  const blocks: DocBlock[] = [];
  for (const m of text.matchAll(/^```(\w*)[ \t]*([^\n]*)\n([\s\S]*?)^```$/gm)) {
    blocks.push({ lang: m[1], file: m[2].trim() || undefined, code: m[3] });
  }
  return blocks;
}

/** The block of `page` that is the file `name`. */
export function docFile(page: string, name: string): string {
  const block = docBlocks(page).find((b) => b.file === name);
  assert.ok(block, `${page} has no \`\`\`<lang> ${name} block`);
  return block.code;
}

/**
 * The first command of a `sh` block of `page` that starts with `prefix` (e.g. `npx esbuild`), as an
 * argument list without the prefix (the docs' commands use no quotes) and without a trailing comment.
 */
export function docCommand(page: string, prefix: string): string[] {
  for (const block of docBlocks(page)) {
    if (block.lang !== 'sh') continue;
    for (const line of block.code.split('\n')) {
      if (!line.startsWith(`${prefix} `)) continue;
      return line
        .slice(prefix.length)
        .replace(/\s+#.*$/, '')
        .trim()
        .split(/\s+/);
    }
  }
  assert.fail(`${page} has no \`${prefix} …\` command in a sh block`);
}

/** The output the last `console.log` line of `code` promises in its comment (`// [0,1]`), parsed as JSON. */
export function promisedOutput(code: string): unknown {
  const last = code
    .trim()
    .split('\n')
    .filter((l) => l.includes('console.log('))
    .pop();
  const promised = last === undefined ? undefined : /\/\/ (.+)$/.exec(last)?.[1];
  assert.ok(promised, `the block's last console.log line states its output in a comment: ${last}`);
  return JSON.parse(promised);
}
