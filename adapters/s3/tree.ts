/**
 * How S3Storage lays out a published tree (a dump) in the bucket, and its manifest.
 *
 * - `<tree>/.ferry-versions/<generation>/<file>`: every file of one version, written before it is published;
 * - `<tree>/.ferry-tree`: the manifest (JSON, below), written last with one PUT, which S3 applies
 *   atomically: it names the generation that is the tree, with each file's size and checksum.
 *
 * Readers resolve a tree's files through its manifest, so they see one whole version or the previous
 * one, never a mixture. Names containing `.ferry-` are the adapter's own, refused as keys.
 */
import { S3StorageError } from '../../src/errors/storageErrors.ts';
import { isFerryChecksum } from './checksums.ts';

/** Name of a tree's manifest object, inside the tree's folder. */
export const MANIFEST_NAME = '.ferry-tree';
/** Folder inside a tree holding one folder per version. */
export const VERSIONS_NAME = '.ferry-versions';
/** Marker of every name the adapter keeps for itself. */
export const RESERVED_MARK = '.ferry-';
const FORMAT = 'ferry-s3-tree';

/** One file of a published version. */
export interface ManifestEntry {
  readonly size?: number;
  /** Its Ferry checksum (checksums.ts); absent for a file copied in from a plain key that had none. */
  readonly checksum?: string;
}

/** The manifest of a published tree. */
export interface TreeManifest {
  readonly format: typeof FORMAT;
  readonly version: 1;
  /** The generation: also the name of the version's folder. */
  readonly generation: string;
  /** Each file, by its path relative to the tree. */
  readonly files: Readonly<Record<string, ManifestEntry>>;
}

/** A tree as found in the bucket: its storage key and its manifest. */
export interface PublishedTree {
  readonly prefix: string;
  readonly manifest: TreeManifest;
}

/** A new generation: 12 hex digits of the time in ms (so age is readable from the name), 12 random. */
export function newGeneration(now = Date.now()): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0'));
  return now.toString(16).padStart(12, '0') + random.join('');
}

/** The time (ms) in a generation's name, or undefined for a name that is not a generation. */
export function generationTime(generation: string): number | undefined {
  return /^[0-9a-f]{24}$/.test(generation) ? Number.parseInt(generation.slice(0, 12), 16) : undefined;
}

/** Storage key of the manifest of the tree `prefix`. */
export function manifestKey(prefix: string): string {
  return `${prefix}/${MANIFEST_NAME}`;
}

/** Storage key of file `relative` of version `generation` of the tree `prefix`. */
export function versionFileKey(prefix: string, generation: string, relative: string): string {
  return `${prefix}/${VERSIONS_NAME}/${generation}/${relative}`;
}

/** The manifest's bytes (keys sorted, so equal manifests are equal bytes). */
export function encodeManifest(generation: string, files: ReadonlyMap<string, ManifestEntry>): Uint8Array {
  const sorted: Record<string, ManifestEntry> = {};
  for (const rel of [...files.keys()].sort()) sorted[rel] = files.get(rel) as ManifestEntry;
  const manifest: TreeManifest = { format: FORMAT, version: 1, generation, files: sorted };
  return new TextEncoder().encode(`${JSON.stringify(manifest)}\n`);
}

/** Parses and checks a manifest; anything else is an `S3StorageError` naming the tree. */
export function decodeManifest(bytes: Uint8Array, prefix: string): TreeManifest {
  const fail = (why: string): never => {
    throw new S3StorageError(
      { operation: 'GetObject', target: manifestKey(prefix), status: 200 },
      `the manifest of the tree ${JSON.stringify(prefix)} is not valid: ${why}`,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return fail(`not JSON (${String(error)})`);
  }
  const m = value as Partial<TreeManifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== FORMAT || m.version !== 1) return fail('unknown format');
  if (typeof m.generation !== 'string' || generationTime(m.generation) === undefined) return fail('bad generation');
  if (typeof m.files !== 'object' || m.files === null || Array.isArray(m.files)) return fail('no files');
  for (const [rel, entry] of Object.entries(m.files)) {
    if (rel === '' || rel.startsWith('/') || rel.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      return fail(`bad file name ${JSON.stringify(rel)}`);
    }
    if (typeof entry !== 'object' || entry === null) return fail(`bad entry for ${rel}`);
    if (entry.size !== undefined && !(Number.isSafeInteger(entry.size) && entry.size >= 0))
      return fail(`bad size for ${rel}`);
    if (entry.checksum !== undefined && !(typeof entry.checksum === 'string' && isFerryChecksum(entry.checksum)))
      return fail(`bad checksum for ${rel}`);
  }
  return m as TreeManifest;
}

/** Every proper ancestor folder of a key, shortest first: `a/b/c` → `a`, `a/b`. */
export function properAncestors(key: string): string[] {
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}
