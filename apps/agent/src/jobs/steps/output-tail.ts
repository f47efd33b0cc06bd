/** Keeps only the last `maxChars` of a stream of text: a chatty command must not grow the agent's memory. */
export class OutputTail {
  private text = '';
  private dropped = false;

  constructor(private readonly maxChars = 64 * 1024) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.maxChars * 2) {
      this.text = this.text.slice(-this.maxChars);
      this.dropped = true;
    }
  }

  /** The last `lines` lines (at most `maxChars` characters), trimmed of trailing blank space. */
  last(lines: number, maxChars = this.maxChars): string {
    const all = this.text.slice(-this.maxChars).replace(/\s+$/, '').split('\n');
    const kept = all.slice(-lines);
    let out = kept.join('\n');
    if (out.length > maxChars) out = out.slice(-maxChars);
    const cut = this.dropped || kept.length < all.length || out.length < kept.join('\n').length;
    return cut && out !== '' ? `…\n${out}` : out;
  }

  isEmpty(): boolean {
    return this.text.trim() === '';
  }
}
