import { XmlElement } from 'libxml2-wasm';

/**
 * An element copied out of libxml2's memory, so mapping is plain JavaScript and the parsed
 * document can be freed at once. Names are local (FA(3) uses one namespace).
 */
export interface Element {
  name: string;
  /** The trimmed text of an element without child elements; '' otherwise. */
  text: string;
  children: Element[];
}

export function copyTree(element: XmlElement): Element {
  const children: Element[] = [];
  for (let node = element.firstChild; node; node = node.next) {
    if (node instanceof XmlElement) children.push(copyTree(node));
  }
  return {
    name: element.name,
    text: children.length === 0 ? element.content.trim() : '',
    children,
  };
}

export const child = (element: Element | undefined, name: string): Element | undefined =>
  element?.children.find((c) => c.name === name);

export const childrenNamed = (element: Element | undefined, name: string): Element[] =>
  element ? element.children.filter((c) => c.name === name) : [];

/** The text at a path of child names, or null when any step is missing. */
export function textAt(element: Element | undefined, ...path: string[]): string | null {
  let at = element;
  for (const name of path) at = child(at, name);
  return at ? at.text : null;
}
