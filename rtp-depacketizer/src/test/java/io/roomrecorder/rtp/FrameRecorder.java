package io.roomrecorder.rtp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records frames as {@code F<ts> key|delta flags=<n> <hex>} and damage as {@code D<ts> REASON}. */
public final class FrameRecorder implements FrameListener {
  public final List<String> events = new ArrayList<>();
  public final List<byte[]> frames = new ArrayList<>();
  public final List<Long> timestamps = new ArrayList<>();
  public final List<Boolean> keyframes = new ArrayList<>();
  public final List<Integer> flags = new ArrayList<>();

  @Override
  public void onFrame(byte[] data, int off, int len, long ts, boolean key, int f) {
    byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
    frames.add(copy);
    timestamps.add(ts);
    keyframes.add(key);
    flags.add(f);
    events.add(
        "F"
            + ts
            + (key ? " key" : " delta")
            + " flags="
            + f
            + " "
            + HexFormat.of().formatHex(copy));
  }

  @Override
  public void onDamagedFrame(long ts, DamageReason reason) {
    events.add("D" + ts + " " + reason);
  }
}
