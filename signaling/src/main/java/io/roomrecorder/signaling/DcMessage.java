package io.roomrecorder.signaling;

import java.util.List;
import java.util.Set;

/**
 * A text message received on a VDO.Ninja data channel ({@code sendChannel}), decoded by {@link
 * DataChannelCodec#decode}. One message can carry several keys (e.g. {@code
 * {"videoMuted":true,"bye":true}}); it is decoded as the most important one in this order:
 * description, candidates, bye, ping, pong, media request, keyframe request, info/miniInfo,
 * anything else.
 */
public sealed interface DcMessage {

  /**
   * An SDP offer (the browser's media renegotiation, vdo-ninja.md §1.3), decrypted if it had {@code
   * vector}. Answer it on the same channel with {@link DataChannelCodec#answer}.
   *
   * @param session the publisher's session, or null
   * @param saltedStreamId {@code streamID} as sent, or null
   */
  record Offer(String session, String saltedStreamId, String sdp, boolean encrypted)
      implements DcMessage {}

  /** An SDP answer (not expected by a recorder, which never offers; decoded for completeness). */
  record Answer(String session, String sdp, boolean encrypted) implements DcMessage {}

  /** Remote ICE candidates (single, batched or encrypted). */
  record Candidates(String session, List<RemoteCandidate> candidates, boolean encrypted)
      implements DcMessage {
    public Candidates {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * A heartbeat; reply with {@link DataChannelCodec#pong(Ping)} (§6.4, §11.11).
   *
   * @param valueJson the {@code ping} value as JSON text (string or number), echoed verbatim
   */
  record Ping(String valueJson) implements DcMessage {}

  /** A reply to our ping; {@code valueJson} is the echoed value as JSON text. */
  record Pong(String valueJson) implements DcMessage {}

  /** The peer hangs up ({@code bye}, often with {@code videoMuted}, §1.9): finalize its file. */
  record Bye() implements DcMessage {}

  /**
   * A viewer's media request (the "hello", §6.2), as a publisher receives it: add these tracks and
   * renegotiate.
   *
   * @param preferVideoCodec {@code preferVideoCodec} when it is a string, else null
   */
  record MediaRequest(boolean audio, boolean video, String preferVideoCodec) implements DcMessage {}

  /** {@code {"keyframe":true}}: the viewer asks for a keyframe (§5.3). */
  record KeyframeRequest() implements DcMessage {}

  /**
   * Publisher information ({@code info} and/or {@code miniInfo}, §6.3); ignorable.
   *
   * @param label the {@code info.label} when it is a string, else null
   * @param json the whole message as JSON text, for logging
   */
  record Info(String label, String json) implements DcMessage {}

  /** A well-formed message with nothing a recorder acts on; {@code keys} are its top-level keys. */
  record Other(Set<String> keys) implements DcMessage {}

  /** A message that was dropped (and counted); {@code detail} is safe to log. */
  record Dropped(DropReason reason, String detail) implements DcMessage {}
}
