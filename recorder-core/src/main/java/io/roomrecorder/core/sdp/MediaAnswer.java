package io.roomrecorder.core.sdp;

import java.util.List;

/**
 * What we decided for one m-line of an offer, in the offer's order. The peer session uses it to map
 * payload types, extension ids and SSRCs of incoming RTP to its handlers.
 *
 * @param index position of the m-line
 * @param mid the offer's mid (kept in the answer even when rejected)
 * @param media {@code audio}, {@code video}, {@code application} …
 * @param accepted false when answered with port 0
 * @param reason why it was rejected, or empty
 * @param direction our direction in the answer ({@code recvonly}, {@code inactive} …)
 * @param codec the chosen media codec (payload type as offered), or {@code null}
 * @param rtx the RTX payload type whose {@code apt} is the codec (RFC 4588 §8.6), or {@code null}
 * @param extmaps the header extensions we accepted, with the offer's ids
 * @param remoteSsrcs SSRCs the offer announces for this m-line (unsigned, in a long)
 * @param ssrcGroups the offer's ssrc-group lines (FID pairs media and RTX SSRCs)
 * @param sctpPort the peer's SCTP port for a data channel m-line, else -1
 * @param remoteMaxMessageSize the peer's max-message-size (RFC 8841 §6; 65536 when absent), else -1
 */
public record MediaAnswer(
    int index,
    String mid,
    String media,
    boolean accepted,
    String reason,
    Direction direction,
    PayloadFormat codec,
    PayloadFormat rtx,
    List<Extmap> extmaps,
    List<Long> remoteSsrcs,
    List<SsrcGroup> ssrcGroups,
    int sctpPort,
    long remoteMaxMessageSize) {

  public MediaAnswer {
    extmaps = List.copyOf(extmaps);
    remoteSsrcs = List.copyOf(remoteSsrcs);
    ssrcGroups = List.copyOf(ssrcGroups);
  }

  /** Whether this is an accepted data channel. */
  public boolean isDataChannel() {
    return accepted && sctpPort >= 0;
  }
}
