/**
 * Interns byte strings: the same bytes always get the same small integer id, and each distinct value
 * is decoded to a string once. Survey columns repeat a few values (metric, score, account, region)
 * over millions of rows, so reading them by id avoids building a string per cell.
 */
export class ByteDictionary {
  /** The decoded value of each id (trimmed of blanks when the dictionary was made with `trim`). */
  readonly values: string[] = [];
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private offsets: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  private table: Int32Array = new Int32Array(2048).fill(-1);
  private readonly decoder = new TextDecoder();

  /** @param trim trim the decoded values (JavaScript's `trim`), as the checks of field cells read them. */
  constructor(private readonly trim = false) {}

  /** Number of distinct values seen. */
  get size(): number {
    return this.values.length;
  }

  /** The id of `bytes[start, end)`, adding it when new. */
  intern(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    const len = end - start;
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.table[slot] as number;
      if (id === -1) break;
      if (this.hashes[id] === h && this.lengths[id] === len) {
        const o = this.offsets[id] as number;
        let same = true;
        for (let k = 0; k < len; k++)
          if (this.arena[o + k] !== bytes[start + k]) {
            same = false;
            break;
          }
        if (same) return id;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(bytes, start, end, h, slot);
  }

  private add(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const id = this.values.length;
    const len = end - start;
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    if (id === this.offsets.length) {
      this.offsets = growInt32(this.offsets);
      this.lengths = growInt32(this.lengths);
      this.hashes = growInt32(this.hashes);
    }
    this.offsets[id] = this.used;
    this.lengths[id] = len;
    this.hashes[id] = h;
    this.used += len;
    const value = this.decoder.decode(bytes.subarray(start, end));
    this.values.push(this.trim ? value.trim() : value);
    this.table[slot] = id;
    // Keep the table at most half full.
    if ((id + 1) * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      let slot = (this.hashes[id] as number) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
