import { MongoClient } from 'mongodb';

/**
 * The chaos suite's read-only look into the bot's database: which accepted webhook events were
 * processed. It opens its own connection, so it sees what the bot stored, not what it keeps in memory.
 */
export class DbView {
  private constructor(private readonly client: MongoClient) {}

  static async open(uri: string): Promise<DbView> {
    // A database that stops answering fails the look (and the case) instead of holding it for ever.
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, socketTimeoutMS: 30_000 });
    await client.connect();
    return new DbView(client);
  }

  /** Status of each inbox event by id ('missing' when not stored). */
  async inboxStatus(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>(ids.map((id) => [id, 'missing']));
    for (let start = 0; start < ids.length; start += 200) {
      const docs = await this.client
        .db()
        .collection<{ _id: string; status: string }>('inboxEvents')
        .find({ _id: { $in: ids.slice(start, start + 200) } }, { projection: { status: 1 } })
        .toArray();
      for (const doc of docs) found.set(doc._id, doc.status);
    }
    return found;
  }

  /** Ids not yet processed ('done'), with their status. */
  async unprocessed(ids: string[]): Promise<[string, string][]> {
    return [...(await this.inboxStatus(ids))].filter(([, status]) => status !== 'done');
  }

  /** Makes a recurring Agenda job due now (as if its time had come), to see the scheduler take it. */
  async makeJobDue(name: string, at: Date): Promise<void> {
    await this.client
      .db()
      .collection('agendaJobs')
      .updateOne({ name }, { $set: { nextRunAt: at } });
  }

  /** When Agenda last ran the job (ms), if ever. */
  async lastRunAt(name: string): Promise<number | undefined> {
    const job = await this.client.db().collection<{ lastRunAt?: Date }>('agendaJobs').findOne({ name });
    return job?.lastRunAt?.getTime();
  }

  /** Batches of a send run not finished yet (an outreach run closes each once every send has an outcome). */
  async openBatches(runKey: string): Promise<number> {
    return this.client.db().collection('outreachOpenBatches').countDocuments({ runKey });
  }

  /** Send-ledger entries a send run claimed (one per customer it decided to send to). */
  async ledgerEntries(runKey: string): Promise<number> {
    return this.client.db().collection('sendLedger').countDocuments({ runKey });
  }

  /** The stored state of the Agenda jobs of this name whose data has `broadcastId` (diagnostics). */
  async jobsOf(name: string, broadcastId: string): Promise<Record<string, unknown>[]> {
    const jobs = await this.client
      .db()
      .collection('agendaJobs')
      .find({ name, 'data.broadcastId': broadcastId })
      .project({
        name: 1,
        nextRunAt: 1,
        lockedAt: 1,
        lastRunAt: 1,
        lastFinishedAt: 1,
        failCount: 1,
        failReason: 1,
      })
      .toArray();
    return jobs;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
