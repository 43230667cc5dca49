/** Amounts are stored as integers of 1/10^4 units so that SQL sums are exact on SQLite and PostgreSQL. */
const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

export function decimalToScaled(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const scaled = BigInt(whole) * FACTOR + BigInt(fraction.padEnd(SCALE, '0'));
  return String(negative ? -scaled : scaled);
}

/** Formats a scaled integer as a decimal with at least the currency's minor-unit digits (JPY 0, USD 2). */
export function scaledToDecimal(scaled: string | number | bigint, currency: string): string {
  const value = BigInt(scaled);
  const abs = value < 0n ? -value : value;
  const whole = abs / FACTOR;
  let fraction = (abs % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  fraction = fraction.padEnd(minorDigits(currency), '0');
  return `${value < 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const MINOR_DIGITS = new Map<string, number>();

/** ISO 4217 minor-unit digits, looked up once per currency (building an Intl.NumberFormat is slow). */
function minorDigits(currency: string): number {
  let digits = MINOR_DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    MINOR_DIGITS.set(currency, digits);
  }
  return digits;
}
