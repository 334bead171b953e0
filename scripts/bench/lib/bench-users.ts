/** The LINE user id of the i-th benchmark customer (U and 32 hex digits, as LINE's are). */
export const benchUserId = (i: number) => `U${i.toString(16).padStart(32, '0')}`;
