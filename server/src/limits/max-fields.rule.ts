import { Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import { QueryLimitError } from './limit-error';

/**
 * Refuses an operation that selects more than `max` fields once its fragments are expanded: `{ a a a … }`
 * repeated (field duplication) and fragments spreading fragments (a "fragment bomb", small text, huge
 * expansion). Each fragment is counted once and multiplied by its spreads, so the check itself stays linear.
 * Cycles are refused by graphql-js's NoFragmentCycles; here a fragment met again while counting counts 0.
 */
export function maxFieldsRule(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const perFragment = new Map<string, number>();
    const countSet = (set: SelectionSetNode | undefined): number => {
      let count = 0;
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) count += 1 + countSet(selection.selectionSet);
        else if (selection.kind === Kind.INLINE_FRAGMENT) count += countSet(selection.selectionSet);
        else count += countFragment(context.getFragment(selection.name.value));
        if (count > max) return count;
      }
      return count;
    };
    const countFragment = (fragment: FragmentDefinitionNode | null | undefined): number => {
      if (!fragment) return 0;
      const known = perFragment.get(fragment.name.value);
      if (known !== undefined) return known;
      perFragment.set(fragment.name.value, 0);
      const count = countSet(fragment.selectionSet);
      perFragment.set(fragment.name.value, count);
      return count;
    };
    return {
      OperationDefinition(operation) {
        const count = countSet(operation.selectionSet);
        if (count > max) context.reportError(new QueryLimitError('fields', max, `Fields limit of ${max} exceeded: the operation selects more than ${max} fields once its fragments are expanded.`));
      },
    };
  };
}
