/**
 * Shop-local calendar days as integers (days since 1970-01-01 in the shop's time zone), so "the same
 * day" and "which month" mean what they mean at the shop. Built once per time zone: the offset is
 * looked up per UTC hour and cached, because Intl is too slow to ask a million times.
 */
export function shopCalendar(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number) => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const parts = Object.fromEntries(
        format.formatToParts(new Date(hour * 3_600_000)).map((p) => [p.type, p.value]),
      );
      const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!);
      offset = local - hour * 3_600_000;
      offsets.set(hour, offset);
    }
    return offset;
  };
  return {
    /** The shop-local day number of an instant. */
    dayOf(at: Date): number {
      const ms = at.getTime();
      return Math.floor((ms + offsetAt(ms)) / 86_400_000);
    },
    /** The instant a shop-local day starts. */
    startOf(day: number): Date {
      const guess = day * 86_400_000;
      return new Date(guess - offsetAt(guess - offsetAt(guess)));
    },
    /** 'YYYY-MM-DD' of a shop-local day number. */
    isoDay(day: number): string {
      return new Date(day * 86_400_000).toISOString().slice(0, 10);
    },
  };
}

/** The day number of a calendar date given as numbers (no time zone involved). */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export type ShopCalendar = ReturnType<typeof shopCalendar>;
