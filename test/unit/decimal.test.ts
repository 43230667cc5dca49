import { describe, expect, it } from 'vitest';
import { decimalToScaled, scaledToDecimal } from '../../server/src/shared/decimal';

describe('exact money amounts', () => {
  it.each([
    ['0.1', 'USD', '0.10'],
    ['1250000.5', 'USD', '1250000.50'],
    ['3000000000', 'JPY', '3000000000'],
    ['12.3456', 'USD', '12.3456'],
    ['-7.25', 'EUR', '-7.25'],
    ['0.125', 'KWD', '0.125'],
    ['99999999999999.9999', 'USD', '99999999999999.9999'],
  ])('%s %s round-trips as %s', (input, currency, shown) => {
    expect(scaledToDecimal(decimalToScaled(input), currency)).toBe(shown);
  });

  it('adds in integers, so 0.1 + 0.2 is exactly 0.30', () => {
    const sum = BigInt(decimalToScaled('0.1')) + BigInt(decimalToScaled('0.2'));
    expect(scaledToDecimal(sum, 'USD')).toBe('0.30');
  });
});
