package io.roomrecorder.core.srtp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * The receive path from the demux to plaintext RTP/RTCP: copies each SRTP/SRTCP datagram once into
 * a reusable {@link PacketBuffer} with tail room, unprotects it in place and hands it to the
 * listener. Packets that arrive before the DTLS handshake has produced keys (a browser may start
 * media as soon as its own handshake side completes) are held, up to a bound, and replayed in
 * arrival order by {@link #installKeys}; beyond the bound they are dropped as {@link
 * SrtpStatus#NO_KEYS}.
 *
 * <p>Thread-safe: {@link #handleRtp}/{@link #handleRtcp} come from the port's receive thread,
 * {@link #installKeys} from the DTLS completion; all are serialized on this object. The listener
 * runs under that lock and borrows the buffer for the call only.
 */
public final class SrtpInbound {

  /** Receives plaintext packets. The buffer is borrowed: copy what you keep. */
  public interface Listener {
    void onRtp(PacketBuffer packet);

    void onRtcp(PacketBuffer packet);
  }

  /** Counters of the hold queue, a snapshot. */
  public record Stats(long held, long replayed, long droppedNoKeys) {}

  private record Held(boolean rtcp, byte[] data) {}

  private final int holdCapacity;
  private final Listener listener;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final PacketBuffer scratch = new PacketBuffer(1500 + PacketBuffer.TAIL_ROOM);
  private SrtpTransformer transformer;
  private long heldCount;
  private long replayed;
  private long droppedNoKeys;

  /**
   * @param holdCapacity packets held before keys exist (e.g. 256: a second of 2 Mbit/s video)
   * @param listener receives unprotected packets
   */
  public SrtpInbound(int holdCapacity, Listener listener) {
    if (holdCapacity < 0) {
      throw new IllegalArgumentException("holdCapacity must be >= 0");
    }
    this.holdCapacity = holdCapacity;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** An SRTP datagram from the demux (borrowed). */
  public synchronized void handleRtp(byte[] buffer, int offset, int length) {
    handle(false, buffer, offset, length);
  }

  /** An SRTCP datagram from the demux (borrowed). */
  public synchronized void handleRtcp(byte[] buffer, int offset, int length) {
    handle(true, buffer, offset, length);
  }

  /** Keys are ready: replays held packets through {@code t}, then processes new ones directly. */
  public synchronized void installKeys(SrtpTransformer t) {
    this.transformer = Objects.requireNonNull(t, "transformer");
    Held h;
    while ((h = held.poll()) != null) {
      replayed++;
      process(h.rtcp(), h.data(), 0, h.data().length);
    }
  }

  /** The transformer once keys are installed, for its stats; {@code null} before. */
  public synchronized SrtpTransformer transformer() {
    return transformer;
  }

  public synchronized Stats stats() {
    return new Stats(heldCount, replayed, droppedNoKeys);
  }

  private void handle(boolean rtcp, byte[] buffer, int offset, int length) {
    if (transformer == null) {
      if (held.size() >= holdCapacity) {
        droppedNoKeys++;
        return;
      }
      heldCount++;
      held.add(new Held(rtcp, Arrays.copyOfRange(buffer, offset, offset + length)));
      return;
    }
    process(rtcp, buffer, offset, length);
  }

  private void process(boolean rtcp, byte[] buffer, int offset, int length) {
    scratch.load(buffer, offset, length);
    if (rtcp) {
      if (transformer.unprotectRtcp(scratch) == SrtpStatus.OK) {
        listener.onRtcp(scratch);
      }
    } else if (transformer.unprotectRtp(scratch) == SrtpStatus.OK) {
      listener.onRtp(scratch);
    }
  }
}
