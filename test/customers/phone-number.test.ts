import { describe, expect, it } from '@jest/globals';
import { formatPhone, normalizePhone, normalizePostalCode } from '../../src/customers/phone-number.js';

describe('phone numbers and postal codes as people type them', () => {
  it.each([
    ['090-1234-5678', '09012345678'],
    ['０９０－１２３４－５６７８', '09012345678'],
    ['090 1234 5678', '09012345678'],
    ['(03) 1234-5678', '0312345678'],
    ['+81 90-1234-5678', '09012345678'],
    ['０３ー１２３４ー５６７８', '0312345678'],
  ])('reads %s as %s', (typed, digits) => {
    expect(normalizePhone(typed)).toBe(digits);
  });

  it.each([['12345'], ['090-1234-567'], ['電話'], ['0901234567890'], ['+1 415 555 0100']])(
    'refuses %s',
    (typed) => {
      expect(normalizePhone(typed)).toBeUndefined();
    },
  );

  it('formats numbers and postal codes as staff read them', () => {
    expect(formatPhone('09012345678')).toBe('090-1234-5678');
    expect(formatPhone('0312345678')).toBe('03-1234-5678');
    expect(formatPhone('0751234567')).toBe('0751234567');
    expect(normalizePostalCode('〒１５０－０００１')).toBe('150-0001');
    expect(normalizePostalCode('1500001')).toBe('150-0001');
    expect(normalizePostalCode('150-001')).toBeUndefined();
  });
});
