/**
 * The `ferry` command line. Every command takes one dump path: a dump folder (`<root>/<name>`), its step
 * file, a `.ferrypack`, or, for inspect and verify, a storage root (every dump in it).
 *   ferry inspect <dump> [--json]
 *   ferry verify <dump>
 *   ferry pack <dump> -o <file.ferrypack>
 *   ferry help | --help | -h,  ferry --version | -v
 * Exit codes: 0 success, 1 a damaged or unreadable dump, 2 a usage error (named), 3 an internal error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PackStorage } from '../../adapters/pack.ts';
import { isFerryError } from '../errors/index.ts';
import { pack } from '../pack/pack.ts';
import { type DumpProblem, inspectDump, verifyDump } from '../saving/inspectDump.ts';
import { FERRY_VERSION } from '../version.ts';
import '../entries/node.ts';
import { CliUsageError } from './cliErrors.ts';
import { formatStepTree } from './formatStepTree.ts';
import { openDumpPaths } from './openDumpPath.ts';
import { trialsCommand } from './trialsCommand.ts';

const USAGE = `usage: ferry <command> <dump> [options]

<dump> is a dump folder (<root>/<name>, as saved by ExecutionContext('<root>')), its <name>.ferry file,
or a .ferrypack file; inspect and verify also take a storage root (<root>: every dump in it).

commands:
  inspect <dump> [--json]            the step tree: classes, hyperparameters, space, savers, tensors
  verify <dump>                      check every file and checksum; exit 1 when something is damaged
  pack <dump> -o <file.ferrypack>    put one dump into a single file (PackStorage, edge functions)
  trials <repository> [--json]       an AutoML trial repository's trials and its best one
  worker --redis <url> --storage <url>  run queued trials and batch transforms (ferry worker --help)
  help                               this text

options:
  -h, --help       this text
  -v, --version    the version of ferryml`;

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** The options each command accepts (besides --help). */
const COMMAND_OPTIONS: Record<string, OptionSpec> = {
  inspect: { json: { type: 'boolean' } },
  verify: {},
  pack: { out: { type: 'string', short: 'o' } },
  trials: { json: { type: 'boolean' } },
};

const HELP_OPTIONS: OptionSpec = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } };

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Parses `args` strictly: an unknown flag or a missing value is a {@link CliUsageError} naming it. */
function parse(command: string, args: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...HELP_OPTIONS, ...COMMAND_OPTIONS[command] },
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : '';
    throw new CliUsageError(`${command === '' ? '' : `${command}: `}${message}`);
  }
}

/** The one `<dump>` argument of a command. */
function dumpArgument(command: string, positionals: string[]): string {
  if (positionals.length === 1) return positionals[0];
  if (positionals.length === 0)
    throw new CliUsageError(`${command}: missing <dump> (a dump folder, step file or pack)`);
  const hint =
    command === 'pack' && positionals.length === 2
      ? ` (did you mean \`ferry pack ${positionals[0].replace(/\/$/, '')}/${positionals[1]} -o <file.ferrypack>\`?)`
      : '';
  throw new CliUsageError(`${command}: takes one <dump>, got ${positionals.length}: ${positionals.join(' ')}${hint}`);
}

async function inspect(path: string, json: boolean): Promise<number> {
  const { dumps, fromRoot } = await openDumpPaths(path);
  const infos = [];
  for (const d of dumps) infos.push({ path: d.path, info: await inspectDump(d.storage, d.name) });
  if (json) {
    console.log(JSON.stringify(fromRoot ? infos : infos[0].info, jsonReplacer, 2));
  } else if (!fromRoot) {
    console.log(formatStepTree(infos[0].info));
  } else {
    console.log(`${path}: ${dumps.length} dump(s): ${dumps.map((d) => d.path).join(', ')}\n`);
    console.log(infos.map(({ path: p, info }) => `${p}\n${formatStepTree(info, '  ')}`).join('\n\n'));
  }
  return 0;
}

/** A pack's own entry checksums (`.ferry` entries included, which loads check through their own checksums). */
async function packEntryProblems(storage: PackStorage): Promise<DumpProblem[]> {
  try {
    await storage.verifyEntries();
    return [];
  } catch (error) {
    if (!isFerryError(error)) throw error;
    return [
      { severity: 'error', file: storage.file, offset: (error as { offset?: number }).offset, message: error.message },
    ];
  }
}

async function verify(path: string): Promise<number> {
  let corrupt = 0;
  for (const d of (await openDumpPaths(path)).dumps) {
    const { files, problems } = await verifyDump(d.storage, d.name);
    if (d.storage instanceof PackStorage) problems.push(...(await packEntryProblems(d.storage)));
    for (const p of problems) {
      console.log(`${p.severity}: ${p.file}${p.offset === undefined ? '' : ` @ byte ${p.offset}`}: ${p.message}`);
    }
    const fatal = problems.filter((p) => p.severity === 'error').length;
    if (fatal > 0) corrupt++;
    console.log(
      `${fatal === 0 ? 'OK' : 'CORRUPT'}: ${d.kind} ${d.path}, ${files} files, ${fatal} error(s), ${problems.length - fatal} warning(s)`,
    );
  }
  return corrupt === 0 ? 0 : 1;
}

async function packCommand(path: string, out: string | undefined): Promise<number> {
  if (out === undefined) throw new CliUsageError('pack: missing -o <file.ferrypack>');
  const { dumps } = await openDumpPaths(path);
  if (dumps.length !== 1) {
    throw new CliUsageError(
      `pack: ${path} is a storage root with ${dumps.length} dumps; pass one: ${dumps.map((d) => d.path).join(', ')}`,
    );
  }
  const bytes = await pack(dumps[0].storage, dumps[0].name);
  writeFileSync(out, bytes);
  console.log(`packed ${dumps[0].path} into ${out} (${bytes.byteLength} bytes)`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [first = '', ...rest] = argv;
  if (first === '' || first === 'help' || first === '--help' || first === '-h') {
    console.log(USAGE);
    return first === '' ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    console.log(FERRY_VERSION);
    return 0;
  }
  if (first === 'worker') return (await import('./workerCommand.ts')).workerCommand(rest);
  if (!(first in COMMAND_OPTIONS)) {
    throw new CliUsageError(
      first.startsWith('-')
        ? `unknown option '${first}' (options come after the command)`
        : `unknown command '${first}' (commands: ${Object.keys(COMMAND_OPTIONS).join(', ')}, help)`,
    );
  }
  const { values, positionals } = parse(first, rest);
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  if (values.version === true) {
    console.log(FERRY_VERSION);
    return 0;
  }
  const path = dumpArgument(first, positionals);
  if (first === 'inspect') return inspect(path, values.json === true);
  if (first === 'verify') return verify(path);
  if (first === 'trials') return trialsCommand(path, values.json === true);
  return packCommand(path, values.out as string | undefined);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliUsageError) {
      console.error(`ferry: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(isFerryError(error) ? `ferry: ${error.message}` : error);
    process.exitCode = isFerryError(error) ? 1 : 3;
  },
);
