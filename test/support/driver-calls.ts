import { mongo } from 'mongoose';

/** One call of a driver collection method: the collection's name, the method and its arguments. */
export interface DriverCall {
  collection: string;
  method: string;
  args: unknown[];
}

/**
 * Records every call of these methods of the driver's Collection (mongoose's models, Agenda and the
 * scheduler's own reads all go through the one driver in the tree) until `stop()`.
 */
export function recordDriverCalls(methods: readonly string[]): { calls: DriverCall[]; stop: () => void } {
  const calls: DriverCall[] = [];
  const proto = mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map(methods.map((method) => [method, proto[method]!]));
  for (const [method, original] of originals) {
    proto[method] = function (this: mongo.Collection, ...args: unknown[]) {
      calls.push({ collection: this.collectionName, method, args });
      return original.apply(this, args);
    };
  }
  return {
    calls,
    stop: () => {
      for (const [method, original] of originals) proto[method] = original;
    },
  };
}
