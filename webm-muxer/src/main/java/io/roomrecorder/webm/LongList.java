package io.roomrecorder.webm;

import java.util.Arrays;

/** A growable list of primitive longs (cluster and cue positions), without boxing. */
final class LongList {
  private long[] values = new long[64];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  long get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return values[i];
  }

  int size() {
    return size;
  }
}
