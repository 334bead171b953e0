/**
 * A loopback TCP proxy in front of the database that reads the MongoDB wire protocol (OP_MSG) and
 * adds up the commands the service sends: per command, collection and filter shape (field names and
 * operators, never values), how many and how long the database took. Benchmarks put it between the
 * service and FerretDB (BENCH_WIRE_PROFILE=1) to see what one event costs in round trips and which
 * filter scans.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { BSON, type Document } from 'mongodb';

const OP_MSG = 2013;

interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface WireProfile {
  /** The connection string to give the service instead of the database's. */
  uri: string;
  /** Commands so far, slowest in total first. */
  report(): { command: string; count: number; total_ms: number; max_ms: number }[];
  reset(): void;
  stop(): Promise<void>;
}

/** The shape of a filter: its field names and operators, with every value replaced by `?`. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object' && !(value instanceof Date) && !('_bsontype' in value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]));
  }
  return '?';
}

function describe(command: Document): string {
  const name = Object.keys(command)[0] ?? '?';
  const collection = String(command[name]);
  const first = (list: unknown): unknown =>
    Array.isArray(list) ? ((list[0] as Document | undefined)?.q as unknown) : undefined;
  const filter: unknown =
    command.filter ??
    command.query ??
    first(command.updates) ??
    first(command.deletes) ??
    (Array.isArray(command.pipeline) ? (command.pipeline[0] as unknown) : undefined);
  const batch = Array.isArray(command.updates)
    ? command.updates.length
    : Array.isArray(command.deletes)
      ? command.deletes.length
      : Array.isArray(command.documents)
        ? command.documents.length
        : 1;
  const shape = filter === undefined ? '' : ` ${JSON.stringify(shapeOf(filter))}`;
  return `${name} ${collection}${shape}${batch > 1 ? ` ×${batch > 9 ? 'n' : batch}` : ''}`;
}

/** Reads whole messages from a stream of bytes. */
function messages(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0);
      if (buffered.length < length) break;
      onMessage(buffered.subarray(0, length));
      buffered = buffered.subarray(length);
    }
  };
}

function commandOf(message: Buffer): Document | undefined {
  if (message.readInt32LE(12) !== OP_MSG) return undefined;
  // header (16) + flagBits (4), then sections; kind 0 is the command body.
  let offset = 20;
  while (offset < message.length) {
    const kind = message[offset];
    if (kind === 0) {
      const size = message.readInt32LE(offset + 1);
      return BSON.deserialize(message.subarray(offset + 1, offset + 1 + size), { promoteValues: false });
    }
    offset += 1 + message.readInt32LE(offset + 1);
  }
  return undefined;
}

export async function startWireProfile(databaseUri: string): Promise<WireProfile> {
  const target = new URL(databaseUri.replace(/^mongodb:/, 'http:'));
  const tallies = new Map<string, Tally>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const started = new Map<number, { what: string; at: number }>();
    client.on(
      'data',
      messages((message) => {
        const command = commandOf(message);
        if (command) started.set(message.readInt32LE(4), { what: describe(command), at: performance.now() });
        upstream.write(message);
      }),
    );
    upstream.on(
      'data',
      messages((message) => {
        const request = started.get(message.readInt32LE(8));
        if (request) {
          started.delete(message.readInt32LE(8));
          const ms = performance.now() - request.at;
          const tally = tallies.get(request.what) ?? { count: 0, totalMs: 0, maxMs: 0 };
          tally.count++;
          tally.totalMs += ms;
          tally.maxMs = Math.max(tally.maxMs, ms);
          tallies.set(request.what, tally);
        }
        client.write(message);
      }),
    );
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    report: () =>
      [...tallies.entries()]
        .map(([command, t]) => ({
          command,
          count: t.count,
          total_ms: Math.round(t.totalMs),
          max_ms: Math.round(t.maxMs),
        }))
        .sort((a, b) => b.total_ms - a.total_ms),
    reset: () => tallies.clear(),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
