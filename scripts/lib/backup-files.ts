import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { BSON, type Db, type Document } from 'mongodb';

const { EJSON } = BSON;

/** What a backup folder holds besides one `<collection>.ejson` file (a document a line) per collection. */
export interface BackupManifest {
  format: 'joren-backup-1';
  createdAt: string;
  collections: { name: string; documents: number; indexes: Document[] }[];
}

const MANIFEST = 'manifest.json';
const BATCH = 1_000;

/**
 * Writes every collection of `db` to `dir`: documents as canonical Extended JSON (types kept: dates,
 * ObjectIds, binaries), and each collection's index definitions. Collection by collection: stop the bot
 * first for a copy that is consistent across collections.
 */
export async function writeBackup(
  db: Db,
  dir: string,
  progress: (line: string) => void,
): Promise<BackupManifest> {
  mkdirSync(dir, { recursive: true });
  const manifest: BackupManifest = {
    format: 'joren-backup-1',
    createdAt: new Date().toISOString(),
    collections: [],
  };
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  for (const name of names) {
    const out = createWriteStream(join(dir, `${name}.ejson`));
    let documents = 0;
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      if (!out.write(`${EJSON.stringify(doc, { relaxed: false })}\n`)) await once(out, 'drain');
      documents++;
    }
    out.end();
    await once(out, 'finish');
    const all = (await db.collection(name).indexes()) as Document[];
    const indexes = all.filter((index) => index.name !== '_id_');
    manifest.collections.push({ name, documents, indexes });
    progress(`${name}: ${documents}`);
  }
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Loads a backup folder into `db`, which must be empty (nothing is overwritten): indexes first (the
 * unique ones then guard the load), then the documents in batches. Returns the manifest it loaded.
 */
export async function readBackup(
  db: Db,
  dir: string,
  progress: (line: string) => void,
): Promise<BackupManifest> {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new Error(`${dir} is not a Joren backup (no ${MANIFEST})`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'joren-backup-1')
    throw new Error(`unknown backup format ${String(manifest.format)}`);
  const existing = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of existing) {
    if ((await db.collection(name).estimatedDocumentCount()) > 0)
      throw new Error(`the database is not empty (${name} has documents): restore into an empty database`);
  }
  for (const { name, documents, indexes } of manifest.collections) {
    const collection = db.collection(name);
    for (const { key, v: _v, ns: _ns, ...options } of indexes) {
      await collection.createIndex(key as Document, options);
    }
    let batch: Document[] = [];
    let loaded = 0;
    const lines = createInterface({
      input: createReadStream(join(dir, `${name}.ejson`)),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      batch.push(EJSON.parse(line, { relaxed: false }) as Document);
      if (batch.length >= BATCH) {
        await collection.insertMany(batch, { ordered: false });
        loaded += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await collection.insertMany(batch, { ordered: false });
    loaded += batch.length;
    if (loaded !== documents)
      throw new Error(`${name}: loaded ${loaded} documents, the backup lists ${documents}`);
    progress(`${name}: ${loaded}`);
  }
  return manifest;
}
