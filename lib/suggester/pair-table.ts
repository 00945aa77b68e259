/**
 * A hash map from a pair of non-negative 32-bit integers to a non-negative integer, in typed arrays
 * (open addressing, linear probing). It interns bigrams by their two token ids: a JavaScript Map
 * keyed by strings or by large numbers spends most of the tokenizing time on hundreds of thousands
 * of distinct bigrams; this table allocates nothing per entry.
 */
export class PairTable {
  private firsts: Int32Array;
  private seconds: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.firsts = new Int32Array(capacity).fill(-1);
    this.seconds = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for (first, second), or −1. */
  get(first: number, second: number): number {
    let slot = slotOf(first, second) & this.mask;
    for (;;) {
      const stored = this.firsts[slot]!;
      if (stored === -1) return -1;
      if (stored === first && this.seconds[slot] === second) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores a value for a pair not yet in the table. */
  insert(first: number, second: number, value: number): void {
    if ((this.count + 1) * 2 > this.firsts.length) this.resize();
    let slot = slotOf(first, second) & this.mask;
    while (this.firsts[slot] !== -1) slot = (slot + 1) & this.mask;
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.values[slot] = value;
    this.count++;
  }

  private resize(): void {
    const { firsts, seconds, values } = this;
    const capacity = firsts.length * 2;
    this.firsts = new Int32Array(capacity).fill(-1);
    this.seconds = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let slot = 0; slot < firsts.length; slot++) if (firsts[slot] !== -1) this.insert(firsts[slot]!, seconds[slot]!, values[slot]!);
  }
}

function slotOf(first: number, second: number): number {
  // Two multiplicative (Fibonacci) hashes mixed, then the high bits folded down.
  const h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 0x7f4a7c15, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}
