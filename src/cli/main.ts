/**
 * The `ferry` command line:
 *   ferry pack <dir> <name> -o <file.ferrypack>   put the dump <dir>/<name> into one file
 *   ferry inspect <dump folder | step file | pack> [--json]
 *   ferry verify <dump folder | step file | pack>  check every file; exit 1 when something is wrong
 */
import { writeFileSync } from 'node:fs';
import { FileSystemStorage } from '../../adapters/fs.ts';
import { isFerryError } from '../errors/index.ts';
import { pack } from '../pack/pack.ts';
import { inspectDump, verifyDump } from '../saving/inspectDump.ts';
import '../entries/node.ts';
import { formatStepTree } from './formatStepTree.ts';
import { openDumpPath } from './openDumpPath.ts';

const USAGE = `usage:
  ferry pack <dir> <name> -o <file.ferrypack>
  ferry inspect <dump folder | step file | pack> [--json]
  ferry verify <dump folder | step file | pack>`;

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  switch (command) {
    case 'pack': {
      const o = args.indexOf('-o');
      const out = o >= 0 ? args[o + 1] : undefined;
      const [dir, name] = args.filter((_a, i) => o < 0 || (i !== o && i !== o + 1));
      if (!dir || !name || !out) {
        console.error(USAGE);
        return 2;
      }
      const bytes = await pack(new FileSystemStorage(dir), name);
      writeFileSync(out, bytes);
      console.log(`packed ${dir}/${name} into ${out} (${bytes.byteLength} bytes)`);
      return 0;
    }
    case 'inspect': {
      if (!args[0]) break;
      const { storage, name } = await openDumpPath(args[0]);
      const info = await inspectDump(storage, name);
      console.log(flags.has('--json') ? JSON.stringify(info, jsonReplacer, 2) : formatStepTree(info));
      return 0;
    }
    case 'verify': {
      if (!args[0]) break;
      const { storage, name, kind } = await openDumpPath(args[0]);
      const { files, problems } = await verifyDump(storage, name);
      for (const p of problems) {
        console.log(`${p.severity}: ${p.file}${p.offset === undefined ? '' : ` @ byte ${p.offset}`}: ${p.message}`);
      }
      const fatal = problems.filter((p) => p.severity === 'error');
      const warnings = problems.length - fatal.length;
      console.log(
        `${fatal.length === 0 ? 'OK' : 'CORRUPT'}: ${kind} ${args[0]}, ${files} step files, ${fatal.length} error(s), ${warnings} warning(s)`,
      );
      return fatal.length === 0 ? 0 : 1;
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(isFerryError(error) ? `ferry: ${error.message}` : error);
    process.exitCode = isFerryError(error) ? 1 : 3;
  },
);
