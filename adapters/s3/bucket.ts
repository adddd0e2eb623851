/**
 * The storage keys of one S3Storage mapped onto its bucket (under the `prefix` option), and the reads
 * that resolve trees: finding the tree a key belongs to, and reading a file of one version.
 */
import { InvalidPathError, NotFoundError } from '../../src/errors/index.ts';
import { validateStoragePath } from '../../src/storage/validateStoragePath.ts';
import type { S3Objects } from './objects.ts';
import {
  decodeManifest,
  MANIFEST_NAME,
  manifestKey,
  type PublishedTree,
  RESERVED_MARK,
  type TreeManifest,
  versionFileKey,
} from './tree.ts';

/** One S3Storage's view of its bucket. */
export class S3Bucket {
  constructor(
    readonly objects: S3Objects,
    /** The checked key prefix inside the bucket, '' for the root. */
    readonly root: string,
  ) {}

  /** Checks a storage key: `validateStoragePath`, and no `.ferry-` (the adapter's own names). */
  checkKey(path: string, allowEmpty = false): string {
    const key = validateStoragePath(path, allowEmpty);
    if (key.includes(RESERVED_MARK)) {
      throw new InvalidPathError(path, 'names containing ".ferry-" are reserved for the storage adapters');
    }
    return key;
  }

  /** The bucket key of a storage key. */
  raw(key: string): string {
    return this.root === '' ? key : `${this.root}/${key}`;
  }

  /** The bucket prefix to list for the storage prefix `prefix` ('' lists the whole root). */
  rawListPrefix(prefix: string): string {
    if (prefix !== '') return this.raw(prefix);
    return this.root === '' ? '' : `${this.root}/`;
  }

  /** The storage key of a bucket key (undefined for a key outside the root). */
  unraw(rawKey: string): string | undefined {
    if (this.root === '') return rawKey;
    return rawKey.startsWith(`${this.root}/`) ? rawKey.slice(this.root.length + 1) : undefined;
  }

  /** The manifest of the tree `prefix`, or undefined when no tree is published there. */
  async readManifest(prefix: string): Promise<TreeManifest | undefined> {
    const bytes = await this.objects.getIfExists(this.raw(manifestKey(prefix)), `${prefix}/${MANIFEST_NAME}`);
    return bytes === undefined ? undefined : decodeManifest(bytes, prefix);
  }

  /** The outermost published tree among `prefixes` (their manifests read in parallel), or undefined. */
  async outermostTree(prefixes: readonly string[]): Promise<PublishedTree | undefined> {
    const manifests = await Promise.all(prefixes.map((p) => this.readManifest(p)));
    const i = manifests.findIndex((m) => m !== undefined);
    return i < 0 ? undefined : { prefix: prefixes[i], manifest: manifests[i] as TreeManifest };
  }

  /** Reads `key` (under the tree) from the tree's pinned version, checked against the manifest's checksum. */
  async readTreeFile(tree: PublishedTree, key: string): Promise<Uint8Array> {
    const relative = key.slice(tree.prefix.length + 1);
    const entry = Object.hasOwn(tree.manifest.files, relative) ? tree.manifest.files[relative] : undefined;
    if (entry === undefined) throw new NotFoundError(key, `not in version ${tree.manifest.generation} of the tree`);
    const raw = this.raw(versionFileKey(tree.prefix, tree.manifest.generation, relative));
    return this.objects.get(raw, key, entry.checksum);
  }

  /** The storage keys of the tree's files that lie under `prefix`. */
  treeKeysUnder(tree: PublishedTree, prefix: string): string[] {
    return Object.keys(tree.manifest.files)
      .map((rel) => `${tree.prefix}/${rel}`)
      .filter((k) => prefix === '' || k === prefix || k.startsWith(`${prefix}/`));
  }
}
