import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Whether the answer to this field asks, anywhere below it, for a field of this name. */
export function asksFor(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name || inSet(selection.selectionSet);
      if (selection.kind === Kind.INLINE_FRAGMENT) return inSet(selection.selectionSet);
      const fragment = selection.name.value;
      if (seen.has(fragment)) return false;
      seen.add(fragment);
      return inSet(info.fragments[fragment]?.selectionSet);
    }) ?? false;
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}

/** Whether the answer asks, inside any field named `parent` below this one, for a field not in `known`. */
export function asksBeyond(info: GraphQLResolveInfo, parent: string, known: ReadonlySet<string>): boolean {
  // Validation has refused fragment cycles, so following every spread ends.
  const inSet = (set: SelectionSetNode | undefined, inside: boolean): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (inside && !known.has(name)) return true;
        return inSet(selection.selectionSet, inside || name === parent);
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return inSet(selection.selectionSet, inside);
      return inSet(info.fragments[selection.name.value]?.selectionSet, inside);
    }) ?? false;
  return info.fieldNodes.some((node) => inSet(node.selectionSet, false));
}
