/** Where "now" comes from. Rules take a Clock (or a Date) so tests and the sandbox can travel in time. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time but can be moved forward (sandbox time travel, tests). */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }

  /** Moves the clock forward by ms milliseconds; time never goes backwards. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('The clock only moves forward.');
    this.offsetMs += ms;
  }

  /** Moves the clock to an absolute instant, if that is not in its past. */
  travelTo(instant: Date): void {
    this.advance(Math.max(0, instant.getTime() - this.now().getTime()));
  }
}
