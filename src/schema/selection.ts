import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the answer to this field asks, anywhere below it (through fragments too), for a field
 * that `matches`, told whether that field lies inside one named `within`.
 */
function asksForAny(
  info: GraphQLResolveInfo,
  matches: (name: string, inside: boolean) => boolean,
  within?: string,
): boolean {
  // A fragment walked once in the same position gives the same answer: each is walked at most twice.
  const walked = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined, inside: boolean): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        return matches(name, inside) || inSet(selection.selectionSet, inside || name === within);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return inSet(selection.selectionSet, inside);
      const fragment = `${selection.name.value}/${inside}`;
      if (walked.has(fragment)) return false;
      walked.add(fragment);
      return inSet(info.fragments[selection.name.value]?.selectionSet, inside);
    }) ?? false;
  return info.fieldNodes.some((node) => inSet(node.selectionSet, false));
}

/** Whether the answer to this field asks, anywhere below it, for a field of this name. */
export function asksFor(info: GraphQLResolveInfo, name: string): boolean {
  return asksForAny(info, (field) => field === name);
}

/** Whether the answer asks, inside any field named `parent` below this one, for a field not in `known`. */
export function asksBeyond(info: GraphQLResolveInfo, parent: string, known: ReadonlySet<string>): boolean {
  return asksForAny(info, (field, inside) => inside && !known.has(field), parent);
}
