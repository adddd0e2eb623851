/**
 * The consumer's side: `npm pack` of the built package, installed with npm into a fresh project in the
 * system's temporary folder (outside the repository, so nothing resolves from its node_modules), the
 * way a user installs it. One project is shared by every case; each case writes its files into its
 * own sub-folder, which resolves `ferryml` from the project's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';

/** One file of `npm pack --json`. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** The installed project and what was packed. */
export interface ConsumerProject {
  /** The project folder (holds package.json and node_modules). */
  readonly dir: string;
  /** The tarball that was installed. */
  readonly tarball: string;
  /** The tarball's files and unpacked size, as npm reports them. */
  readonly files: readonly PackedFile[];
  readonly unpackedSize: number;
  /** `node_modules/ferryml`. */
  readonly installed: string;
  /** Writes `files` (name → text) into the sub-folder `sub` and returns its path. */
  write(sub: string, files: Readonly<Record<string, string>>): string;
}

/** Packs the package (after building dist/ when stale) and installs the tarball into a new project. */
export async function createConsumerProject(): Promise<ConsumerProject> {
  await ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ferry-consumer-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }),
  ) as { filename: string; files: PackedFile[]; unpackedSize: number }[];
  const tarball = join(dir, packed[0].filename);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    dir,
    tarball,
    files: packed[0].files,
    unpackedSize: packed[0].unpackedSize,
    installed: join(dir, 'node_modules', 'ferryml'),
    write(sub, files) {
      const folder = join(dir, sub);
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), text);
      }
      return folder;
    },
  };
}
