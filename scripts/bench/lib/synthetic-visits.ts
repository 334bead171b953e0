/**
 * A POS export: every customer gets a share of the visits (exactly `visits` in all), spaced by a
 * rhythm of their own from a start in 2023, all before 2026-01-14 (the benches scan on 2026-01-15).
 * Deterministic: the same arguments give the same file.
 */
export function syntheticVisitExport(customers: number, visits: number): Uint8Array {
  let state = 12345;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const start = Date.UTC(2023, 0, 1) / 86_400_000;
  const end = Date.UTC(2026, 0, 14) / 86_400_000;
  const counts = Array.from(
    { length: customers },
    () => 1 + Math.floor(rand() * (2 * (visits / customers) - 1)),
  );
  let total = counts.reduce((sum, n) => sum + n, 0);
  for (let c = 0; total !== visits; c = (c + 1) % customers) {
    if (total < visits) {
      counts[c]!++;
      total++;
    } else if (counts[c]! > 1) {
      counts[c]!--;
      total--;
    }
  }
  const lines = ['customer_id,date,amount,menu'];
  counts.forEach((count, c) => {
    let day = start + Math.floor(rand() * 365);
    const room = Math.max(1, Math.floor((end - day) / count));
    const gap = 1 + Math.floor(rand() * room);
    for (let v = 0; v < count; v++, day += gap) {
      lines.push(
        `C${c},${new Date(day * 86_400_000).toISOString().slice(0, 10)},${3000 + Math.floor(rand() * 5000)},cut`,
      );
    }
  });
  return new TextEncoder().encode(lines.join('\n'));
}
