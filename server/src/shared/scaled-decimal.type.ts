import { Type } from '@mikro-orm/core';

/**
 * A money amount stored as a 64-bit integer of 1/10^4 units and read back as its exact digits
 * (SQLite's driver would otherwise hand back a float-backed number above 2^53).
 */
export class ScaledDecimalType extends Type<string | null, string | null> {
  override convertToDatabaseValue(value: string | null): string | null {
    return value;
  }

  override convertToJSValue(value: string | number | bigint | null): string | null {
    return value == null ? null : String(value);
  }

  override convertToJSValueSQL(key: string): string {
    return `cast(${key} as text)`;
  }

  override getColumnType(): string {
    return 'bigint';
  }

  override compareAsType(): string {
    return 'string';
  }
}
