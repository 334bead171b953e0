/**
 * How long ago, as a customer reads it in Japanese: 「5日」, 「3週間」, 「約2か月」, 「約1年」. Used for
 * the newsletter's line about the last visit (`{sinceLastVisit}`).
 */
export function sinceInJapanese(days: number): string {
  const whole = Math.max(1, Math.floor(days));
  if (whole < 14) return `${whole}日`;
  if (whole < 30) return `${Math.round(whole / 7)}週間`;
  if (whole < 365) return `約${Math.round(whole / 30.4)}か月`;
  return `約${Math.max(1, Math.round(whole / 365))}年`;
}
