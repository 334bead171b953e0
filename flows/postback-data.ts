/**
 * Postback data is a short query string naming the flow (`f`) and its fields, e.g.
 * `f=survey&v=65a1…&r=5` — LINE allows 300 characters.
 */
export function postbackData(flow: string, fields: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ f: flow });
  for (const [key, value] of Object.entries(fields)) params.set(key, String(value));
  const data = params.toString();
  if (data.length > 300) throw new RangeError('LINE postback data is limited to 300 characters.');
  return data;
}

/** The fields of postback data, or undefined when it is not a query string Joren wrote. */
export function readPostbackData(data: string): Record<string, string> | undefined {
  if (data.length > 300 || !/^f=/.test(data)) return undefined;
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(data)) {
    if (key in fields) return undefined;
    fields[key] = value;
  }
  return fields;
}
