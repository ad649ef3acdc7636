package io.roomrecorder.datachannel;

import java.util.Objects;

/**
 * What {@link SctpAssociation#pollEvent()} returns. Events are immutable; a {@link BinaryMessage}
 * hands its array to the caller.
 */
public sealed interface DataChannelEvent {
  /** The four-way handshake finished (RFC 9260 §5.1). */
  record AssociationEstablished() implements DataChannelEvent {}

  /** The association ended; no packet will be accepted or produced any more. */
  record AssociationClosed(CloseReason reason, String detail) implements DataChannelEvent {
    public AssociationClosed {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }
  }

  /** A channel opened: by the peer (DATA_CHANNEL_OPEN received) or by us (OPEN sent). */
  record ChannelOpened(DataChannel channel) implements DataChannelEvent {}

  /**
   * Both directions of the channel's stream were reset (RFC 8831 §6.7), or the association ended.
   */
  record ChannelClosed(DataChannel channel) implements DataChannelEvent {}

  /** A text message: PPID 51, or 56 for the empty string (RFC 8831 §6.6). */
  record TextMessage(DataChannel channel, String text) implements DataChannelEvent {}

  /** A binary message: PPID 53, or 57 for an empty one. The array belongs to the caller. */
  record BinaryMessage(DataChannel channel, byte[] data) implements DataChannelEvent {}

  /** {@link DataChannel#bufferedAmount()} fell to or below the channel's low threshold. */
  record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {}
}
