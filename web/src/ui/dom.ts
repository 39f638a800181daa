/** A small element builder: the console writes no HTML strings, so nothing it shows can inject. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export const fmt = (value: number | null | undefined, digits = 2, unit = ''): string =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : `${value.toFixed(digits)}${unit}`;
