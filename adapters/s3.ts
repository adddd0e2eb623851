/**
 * `S3Storage`: a StorageAdapter over the S3 API (AWS S3, Cloudflare R2, MinIO and other S3-compatible
 * servers), on `fetch` with SigV4 signing (aws4fetch), so the same adapter runs in Node, Deno, Bun,
 * browsers and workerd. docs/storage.md (section S3Storage) has the settings per provider and the layout.
 */
import { NotFoundError } from '../src/errors/index.ts';
import { ConcurrentSaveError } from '../src/errors/storageErrors.ts';
import type { StorageAdapter, TreeSnapshot, TreeWriteOptions, WriteData } from '../src/storage/StorageAdapter.ts';
import { treeEntries } from '../src/storage/treePublisher.ts';
import { isUnderPrefix } from '../src/storage/validateStoragePath.ts';
import { S3Bucket } from './s3/bucket.ts';
import { S3Client } from './s3/client.ts';
import { S3Objects } from './s3/objects.ts';
import { resolveS3Settings, type S3Settings, type S3StorageOptions } from './s3/options.ts';
import { CopySourceVanished, publishVersion, type VersionFile } from './s3/publish.ts';
import { MANIFEST_NAME, type PublishedTree, properAncestors, RESERVED_MARK, versionFileKey } from './s3/tree.ts';
import { S3TreeView } from './s3/treeView.ts';

export type { S3StorageOptions } from './s3/options.ts';

/** How many times a save starts over when another save deleted the version it copies unchanged files from. */
const PUBLISH_ATTEMPTS = 3;

/**
 * Keys live as objects in a bucket (under the `prefix` option). Single keys are written with one PUT
 * (atomic in S3), values over 16 MiB by multipart upload. Dumps are published as one version
 * (`writeTree`): every file goes under a new version folder, then a manifest naming it is written last,
 * so a load (pinned by `openTree`) sees one complete version, never a mixture; replaced versions are
 * deleted after publishing. Every write sends `Content-MD5` and a signed SHA-256, records a checksum
 * that every read verifies, and checks the ETag. Errors are typed: `NotFoundError`, `S3AuthError`,
 * `S3ThrottledError` (after retries with exponential backoff), `StorageTimeoutError`, `S3ChecksumError`,
 * `S3StorageError`, `InvalidPathError`.
 */
export class S3Storage implements StorageAdapter {
  /** The settings in force (defaults filled in). */
  readonly settings: S3Settings;
  private readonly client: S3Client;
  private readonly bucket: S3Bucket;

  /** @throws TypeError or RangeError for a bad option (endpoint, bucket name, credentials, sizes). */
  constructor(options: S3StorageOptions) {
    this.settings = resolveS3Settings(options);
    this.client = new S3Client(this.settings);
    this.bucket = new S3Bucket(new S3Objects(this.client), this.settings.prefix);
  }

  /** The URL of the object that holds a plain key (keys inside a published tree live under its version folder). */
  objectUrl(key: string): URL {
    return this.client.urlOf(this.bucket.raw(this.bucket.checkKey(key)));
  }

  async read(path: string): Promise<Uint8Array> {
    const key = this.bucket.checkKey(path);
    const ancestors = properAncestors(key);
    const raw = this.bucket.raw(key);
    if (ancestors.length === 0) return this.bucket.objects.get(raw, key);
    const [tree, plain] = await Promise.all([
      this.bucket.outermostTree(ancestors),
      this.bucket.objects.getIfExists(raw, key).then(
        (value) => ({ value, error: undefined }),
        (error: unknown) => ({ value: undefined, error }),
      ),
    ]);
    if (tree) return this.readFromTree(tree, key);
    if (plain.error !== undefined) throw plain.error;
    if (plain.value === undefined) throw new NotFoundError(key, `S3 bucket ${this.settings.bucket}`);
    return plain.value;
  }

  /** Reads a tree's file from its current version, following the manifest when a save replaces it meanwhile. */
  private async readFromTree(found: PublishedTree, key: string): Promise<Uint8Array> {
    let tree = found;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bucket.readTreeFile(tree, key);
      } catch (error) {
        if (!(error instanceof NotFoundError) || attempt >= PUBLISH_ATTEMPTS) throw error;
        const manifest = await this.bucket.readManifest(tree.prefix);
        if (manifest === undefined || manifest.generation === tree.manifest.generation) throw error;
        tree = { prefix: tree.prefix, manifest };
      }
    }
  }

  /** Writes one key; a key inside a published tree publishes a new version of that tree with it. */
  async write(path: string, data: WriteData): Promise<void> {
    const key = this.bucket.checkKey(path);
    const ancestors = properAncestors(key);
    const tree = ancestors.length === 0 ? undefined : await this.bucket.outermostTree(ancestors);
    if (tree) {
      await this.writeTree(tree.prefix, new Map([[key, data]]), { mode: 'update' });
      return;
    }
    await this.bucket.objects.put(this.bucket.raw(key), data, key);
  }

  async list(prefix: string): Promise<string[]> {
    const p = this.bucket.checkKey(prefix, true);
    const outer = p === '' ? undefined : await this.bucket.outermostTree(properAncestors(p));
    if (outer) return this.bucket.treeKeysUnder(outer, p).sort();
    const plain: string[] = [];
    const treePrefixes: string[] = [];
    for (const raw of await this.bucket.objects.list(this.bucket.rawListPrefix(p), p)) {
      const key = this.bucket.unraw(raw);
      if (key === undefined) continue;
      if (key.endsWith(`/${MANIFEST_NAME}`) && !key.slice(0, -MANIFEST_NAME.length).includes(RESERVED_MARK)) {
        treePrefixes.push(key.slice(0, -MANIFEST_NAME.length - 1));
      } else if (!key.includes(RESERVED_MARK) && isUnderPrefix(key, p)) {
        plain.push(key);
      }
    }
    const outermost = treePrefixes.filter((t) => !treePrefixes.some((o) => o !== t && t.startsWith(`${o}/`)));
    const trees = await Promise.all(outermost.map((t) => this.bucket.outermostTree([t])));
    const keys = new Set<string>();
    for (const key of plain) if (!outermost.some((t) => key.startsWith(`${t}/`))) keys.add(key);
    for (const tree of trees) if (tree) for (const key of this.bucket.treeKeysUnder(tree, p)) keys.add(key);
    return [...keys].sort();
  }

  /**
   * Deletes `prefix` and every key under it: a folder inside a published tree is removed by publishing a
   * new version without it; objects under `prefix` (trees' manifests first) are deleted.
   */
  async delete(prefix: string): Promise<void> {
    const p = this.bucket.checkKey(prefix, true);
    if (p !== '') {
      const outer = await this.bucket.outermostTree(properAncestors(p));
      if (outer && this.bucket.treeKeysUnder(outer, p).length > 0) {
        await this.publishWithRetry(p, [], 'update', p);
      }
    }
    const keys = (await this.bucket.objects.list(this.bucket.rawListPrefix(p), p)).filter((raw) => {
      const key = this.bucket.unraw(raw);
      return key !== undefined && isUnderPrefix(key, p);
    });
    const manifests = keys.filter((k) => k.endsWith(`/${MANIFEST_NAME}`));
    await this.bucket.objects.deleteMany(manifests, p);
    await this.bucket.objects.deleteMany(
      keys.filter((k) => !k.endsWith(`/${MANIFEST_NAME}`)),
      p,
    );
  }

  /**
   * Publishes `files` as one version of the tree under `prefix` (docs/storage.md): uploaded under a new
   * version folder, then the manifest written last. In `update` mode the tree's other files are copied
   * in server-side. A tree inside another published tree is a new version of the outer one. `inPlace`
   * and `durable` change nothing here: S3 never shows a partial version, and a completed PUT is durable.
   */
  async writeTree(
    prefix: string,
    files: ReadonlyMap<string, WriteData>,
    options: TreeWriteOptions = {},
  ): Promise<void> {
    this.bucket.checkKey(prefix);
    const { prefix: p, entries } = treeEntries(prefix, files, (key) => this.bucket.checkKey(key));
    await this.publishWithRetry(
      p,
      entries.map(([key, , data]) => [key, data] as const),
      options.mode === 'update' ? 'update' : 'replace',
    );
  }

  /** Pins a load to the version the tree's manifest names now (the outermost tree holding `prefix`). */
  async openTree(prefix: string): Promise<TreeSnapshot> {
    const p = this.bucket.checkKey(prefix);
    const tree = await this.bucket.outermostTree([...properAncestors(p), p]);
    if (!tree) return { storage: this, generation: undefined, state: 'complete' };
    return {
      storage: new S3TreeView(this.bucket, tree, this),
      generation: tree.manifest.generation,
      state: 'complete',
    };
  }

  private async publishWithRetry(
    prefix: string,
    files: readonly (readonly [string, WriteData])[],
    mode: 'update' | 'replace',
    remove?: string,
  ): Promise<void> {
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      try {
        await this.publish(prefix, files, mode, remove);
        return;
      } catch (error) {
        if (!(error instanceof CopySourceVanished)) throw error;
      }
    }
    throw new ConcurrentSaveError(
      prefix,
      `other saves replaced the tree ${PUBLISH_ATTEMPTS} times while this save copied its unchanged files; nothing was published`,
    );
  }

  /** One attempt at publishing: works out the tree, the files kept and the files new, and publishes them. */
  private async publish(
    prefix: string,
    files: readonly (readonly [string, WriteData])[],
    mode: 'update' | 'replace',
    remove?: string,
  ): Promise<void> {
    const outer = await this.bucket.outermostTree(properAncestors(prefix));
    const tree = outer?.prefix ?? prefix;
    let kept: Map<string, VersionFile>;
    if (outer) {
      kept = this.copiesOf(outer);
      if (mode === 'replace')
        for (const rel of [...kept.keys()]) if (isUnderPrefix(`${tree}/${rel}`, prefix)) kept.delete(rel);
    } else {
      kept = mode === 'update' ? await this.currentFiles(prefix) : new Map();
    }
    if (remove !== undefined)
      for (const rel of [...kept.keys()]) if (isUnderPrefix(`${tree}/${rel}`, remove)) kept.delete(rel);
    for (const [key, data] of files) kept.set(key.slice(tree.length + 1), { kind: 'bytes', data });
    await publishVersion(this.bucket, tree, kept, this.settings);
  }

  /** The files of a published tree, as copies from its version. */
  private copiesOf(tree: PublishedTree): Map<string, VersionFile> {
    const out = new Map<string, VersionFile>();
    for (const [rel, entry] of Object.entries(tree.manifest.files)) {
      const from = this.bucket.raw(versionFileKey(tree.prefix, tree.manifest.generation, rel));
      out.set(rel, { kind: 'copy', from, entry });
    }
    return out;
  }

  /** What an update of `prefix` keeps: its published tree's files, else the plain keys and inner trees under it. */
  private async currentFiles(prefix: string): Promise<Map<string, VersionFile>> {
    const own = await this.bucket.outermostTree([prefix]);
    if (own) return this.copiesOf(own);
    const out = new Map<string, VersionFile>();
    const inner: string[] = [];
    for (const raw of await this.bucket.objects.list(this.bucket.raw(`${prefix}/`), prefix)) {
      const key = this.bucket.unraw(raw);
      if (key === undefined) continue;
      if (key.endsWith(`/${MANIFEST_NAME}`) && !key.slice(0, -MANIFEST_NAME.length).includes(RESERVED_MARK)) {
        inner.push(key.slice(0, -MANIFEST_NAME.length - 1));
      } else if (!key.includes(RESERVED_MARK)) {
        out.set(key.slice(prefix.length + 1), { kind: 'copy', from: raw, entry: {} });
      }
    }
    const outermost = inner.filter((t) => !inner.some((o) => o !== t && t.startsWith(`${o}/`)));
    for (const t of outermost) {
      for (const rel of [...out.keys()]) if (`${prefix}/${rel}`.startsWith(`${t}/`)) out.delete(rel);
      const tree = await this.bucket.outermostTree([t]);
      if (!tree) continue;
      for (const [rel, file] of this.copiesOf(tree)) out.set(`${t.slice(prefix.length + 1)}/${rel}`, file);
    }
    return out;
  }
}
