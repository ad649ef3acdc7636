package io.roomrecorder.datachannel;

import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel (RFC 8831): a pair of SCTP streams with the same ID, opened in-band with
 * DCEP (RFC 8832) or negotiated out of band.
 *
 * <p>Not thread-safe: use it only on the thread that owns its {@link SctpAssociation}. After {@code
 * send}, drain {@link SctpAssociation#pollOutbound()} to put the message on the wire. {@link
 * #send(byte[])} copies the array, so the caller may reuse it.
 */
public final class DataChannel {
  private final SctpAssociation association;
  private final int id;
  private final String label;
  private final String protocol;
  private final DataChannelOptions options;
  private final boolean local;
  DataChannelState state;
  boolean acked;
  boolean outgoingReset;
  boolean incomingReset;
  long bufferedAmount;
  long bufferedAmountLowThreshold;

  /** A DATA_CHANNEL_OPEN for this stream that arrived while this channel was still closing. */
  byte[] deferredOpen;

  /** Messages that followed {@link #deferredOpen}: they belong to the new channel. */
  java.util.List<Object[]> deferredMessages;

  DataChannel(
      SctpAssociation association,
      int id,
      String label,
      DataChannelOptions options,
      boolean local,
      DataChannelState state) {
    this.association = association;
    this.id = id;
    this.label = label;
    this.protocol = options.protocol();
    this.options = options;
    this.local = local;
    this.state = state;
  }

  /** The SCTP stream identifier. */
  public int id() {
    return id;
  }

  public String label() {
    return label;
  }

  public String protocol() {
    return protocol;
  }

  /** Ordering and reliability as negotiated (from our options or the peer's DATA_CHANNEL_OPEN). */
  public DataChannelOptions options() {
    return options;
  }

  /** True when we opened it, false when the peer did. */
  public boolean isLocal() {
    return local;
  }

  public DataChannelState state() {
    return state;
  }

  /** Bytes accepted by send() that have not been handed to SCTP for their first transmission. */
  public long bufferedAmount() {
    return bufferedAmount;
  }

  public long bufferedAmountLowThreshold() {
    return bufferedAmountLowThreshold;
  }

  /** A {@link DataChannelEvent.BufferedAmountLow} fires when the buffered amount falls to this. */
  public void setBufferedAmountLowThreshold(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("threshold must be >= 0");
    }
    this.bufferedAmountLowThreshold = bytes;
  }

  /**
   * Queues a text message (PPID 51, or 56 for ""). Returns false when the channel is not open or
   * the association's send buffer is full; throws IllegalArgumentException when the UTF-8 form is
   * larger than the peer's maximum message size.
   */
  public boolean send(String text) {
    if (text.isEmpty()) {
      return association.sendOnChannel(this, SctpAssociation.PPID_STRING_EMPTY, new byte[1]);
    }
    return association.sendOnChannel(
        this, SctpAssociation.PPID_STRING, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Queues a binary message (PPID 53, or 57 when empty); the array is copied. See send(String). */
  public boolean send(byte[] data) {
    return send(data, 0, data.length);
  }

  /** Queues {@code data[off, off+len)} as a binary message; the bytes are copied. */
  public boolean send(byte[] data, int off, int len) {
    if (off < 0 || len < 0 || off + len > data.length) {
      throw new IndexOutOfBoundsException("off " + off + " len " + len);
    }
    if (len == 0) {
      return association.sendOnChannel(this, SctpAssociation.PPID_BINARY_EMPTY, new byte[1]);
    }
    byte[] copy = new byte[len];
    System.arraycopy(data, off, copy, 0, len);
    return association.sendOnChannel(this, SctpAssociation.PPID_BINARY, copy);
  }

  /**
   * Closes the channel: resets our outgoing stream once queued messages are sent (RFC 8831 §6.7).
   * {@link DataChannelEvent.ChannelClosed} follows when the peer resets its side. Idempotent.
   */
  public void close() {
    association.closeChannel(this);
  }

  @Override
  public String toString() {
    return "DataChannel[" + id + " '" + label + "' " + state + "]";
  }
}
