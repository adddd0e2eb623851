/**
 * Publishing one version of a tree: every file is uploaded (or copied server-side) under a new
 * generation's folder, then the manifest naming that generation is written last, in one PUT; only then
 * are the replaced version, stray keys under the tree and abandoned versions deleted.
 */
import { NotFoundError } from '../../src/errors/index.ts';
import { type WriteData, writeDataLength } from '../../src/storage/StorageAdapter.ts';
import type { S3Bucket } from './bucket.ts';
import { runLimited } from './parts.ts';
import {
  encodeManifest,
  generationTime,
  MANIFEST_NAME,
  type ManifestEntry,
  manifestKey,
  newGeneration,
  VERSIONS_NAME,
  versionFileKey,
} from './tree.ts';

/** A file of a new version: new bytes, or a server-side copy of an object already in the bucket. */
export type VersionFile =
  | { readonly kind: 'bytes'; readonly data: WriteData }
  | { readonly kind: 'copy'; readonly from: string; readonly entry: ManifestEntry };

/** A file to copy into the new version was deleted meanwhile (another save replaced its version): start over. */
export class CopySourceVanished extends Error {
  override name = 'CopySourceVanished';
}

/** How a publish runs. */
export interface PublishSettings {
  readonly concurrency: number;
  readonly abandonedVersionMs: number;
}

/**
 * Publishes `files` (paths relative to the tree) as a new version of the tree `prefix`. A failure before
 * the manifest is written removes the new version's files and leaves the tree as it was. Clean-up
 * failures after publishing are ignored: the save is complete, and the next save cleans up again.
 */
export async function publishVersion(
  bucket: S3Bucket,
  prefix: string,
  files: ReadonlyMap<string, VersionFile>,
  settings: PublishSettings,
): Promise<void> {
  const generation = newGeneration();
  const entries = new Map<string, ManifestEntry>();
  const relatives = [...files.keys()];
  try {
    await runLimited(relatives.length, settings.concurrency, async (i) => {
      const rel = relatives[i];
      const file = files.get(rel) as VersionFile;
      const to = bucket.raw(versionFileKey(prefix, generation, rel));
      const target = `${prefix}/${rel}`;
      if (file.kind === 'bytes') {
        const checksum = await bucket.objects.put(to, file.data, target);
        entries.set(rel, { size: writeDataLength(file.data), checksum });
        return;
      }
      try {
        await bucket.objects.copy(file.from, to, target);
      } catch (error) {
        if (error instanceof NotFoundError) throw new CopySourceVanished(`${file.from} vanished`);
        throw error;
      }
      entries.set(rel, file.entry);
    });
  } catch (error) {
    await deleteVersion(bucket, prefix, generation).catch(() => undefined);
    throw error;
  }
  const previous = await bucket.readManifest(prefix).catch(() => undefined);
  await bucket.objects.put(bucket.raw(manifestKey(prefix)), encodeManifest(generation, entries), manifestKey(prefix));
  await cleanUp(bucket, prefix, generation, previous?.generation, settings.abandonedVersionMs).catch(() => undefined);
}

async function deleteVersion(bucket: S3Bucket, prefix: string, generation: string): Promise<void> {
  const folder = bucket.raw(`${prefix}/${VERSIONS_NAME}/${generation}/`);
  await bucket.objects.deleteMany(await bucket.objects.list(folder, prefix), prefix);
}

/**
 * After publishing `ours`: deletes the version it replaced, versions older than `abandonedMs` that are not
 * current (their writer died before publishing), and every other key under the tree (plain keys and
 * inner trees it took over), inner manifests first so that no reader resolves through them meanwhile.
 * A version another writer may still be uploading (younger than `abandonedMs`) is left alone.
 */
async function cleanUp(
  bucket: S3Bucket,
  prefix: string,
  ours: string,
  replaced: string | undefined,
  abandonedMs: number,
): Promise<void> {
  const keys = await bucket.objects.list(bucket.raw(`${prefix}/`), prefix);
  const current = (await bucket.readManifest(prefix))?.generation;
  const manifest = bucket.raw(manifestKey(prefix));
  const versions = bucket.raw(`${prefix}/${VERSIONS_NAME}/`);
  const manifestsFirst: string[] = [];
  const rest: string[] = [];
  const now = Date.now();
  for (const key of keys) {
    if (key === manifest) continue;
    if (key.startsWith(versions)) {
      const generation = key.slice(versions.length).split('/')[0];
      if (generation === ours || generation === current) continue;
      const time = generationTime(generation);
      if (generation === replaced || (time !== undefined && now - time > abandonedMs)) rest.push(key);
      continue;
    }
    (key.endsWith(`/${MANIFEST_NAME}`) ? manifestsFirst : rest).push(key);
  }
  await bucket.objects.deleteMany(manifestsFirst, prefix);
  await bucket.objects.deleteMany(rest, prefix);
}
