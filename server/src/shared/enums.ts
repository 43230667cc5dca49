import { registerEnumType } from 'type-graphql';

/** Registers a GraphQL enum whose every value carries a description. */
export function describeEnum<E extends Record<string, string>>(
  values: E,
  name: string,
  description: string,
  valueDescriptions: { [K in keyof E]: string },
): E {
  registerEnumType(values, {
    name,
    description,
    valuesConfig: Object.fromEntries(
      Object.keys(values).map((k) => [k, { description: valueDescriptions[k as keyof E] }]),
    ) as never,
  });
  return values;
}
