/**
 * Dense group numbers for tuples of small non-negative integer ids (one per grouping column): the
 * first tuple seen is group 0, the next new one group 1, and so on. A tuple is resolved column by
 * column through numeric maps, so no string key is built per row.
 */
export class GroupIndex {
  private readonly first: number[] = [];
  private readonly pairs = new Map<number, number>();
  private readonly tuples: Int32Array[] = [];
  private prefixes = 0;

  /** @param width number of ids in a tuple (0: every tuple is group 0) */
  constructor(readonly width: number) {}

  /** The group of `ids` (the first `width` entries), a new one when unseen. */
  of(ids: Int32Array): number {
    if (this.width === 0) {
      if (this.tuples.length === 0) this.tuples.push(new Int32Array(0));
      return 0;
    }
    // Each prefix of the tuple gets a number; the full tuple's number maps to its group.
    let prefix = this.first[ids[0] as number];
    if (prefix === undefined) {
      prefix = this.prefixes++;
      this.first[ids[0] as number] = prefix;
    }
    for (let c = 1; c < this.width; c++) {
      const key = prefix * 0x4000000 + (ids[c] as number);
      let next = this.pairs.get(key);
      if (next === undefined) {
        next = this.prefixes++;
        this.pairs.set(key, next);
      }
      prefix = next;
    }
    let group = this.groups[prefix];
    if (group === undefined) {
      group = this.tuples.length;
      this.groups[prefix] = group;
      this.tuples.push(ids.slice(0, this.width));
    }
    return group;
  }

  /** The ids of group `g`. */
  tuple(g: number): Int32Array {
    return this.tuples[g] ?? new Int32Array(this.width);
  }

  private readonly groups: number[] = [];
}
