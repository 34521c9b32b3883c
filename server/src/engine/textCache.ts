/**
 * A cache by text (a rendered manifest, a values file), bounded by the number of its texts and by
 * their total length: what is kept for a text (a parsed document: about 17 times the text's size)
 * can be much larger than the text, and a chart's texts change with every keystroke. When a new text
 * would go past either bound, everything is dropped and the cache starts over (the texts of the
 * current render come back at once).
 */
export class TextCache<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxEntries: number, private readonly maxChars: number) {}

  get(text: string): V | undefined { return this.map.get(text); }

  has(text: string): boolean { return this.map.has(text); }

  set(text: string, value: V): void {
    if (this.map.has(text)) { this.map.set(text, value); return; }
    if (text.length > this.maxChars) return; // larger than the whole cache: not kept
    if (this.map.size >= this.maxEntries || this.chars + text.length > this.maxChars) { this.map.clear(); this.chars = 0; }
    this.map.set(text, value);
    this.chars += text.length;
  }

  get size(): number { return this.map.size; }
}
