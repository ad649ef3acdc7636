package io.roomrecorder.testpeer;

/**
 * A snapshot of the test publisher's counters.
 *
 * @param state the connection's state
 * @param dtlsRole {@code CLIENT}, {@code SERVER} or empty before the handshake
 * @param srtpProfile the negotiated SRTP profile, or empty
 * @param videoFramesSent access units packetized
 * @param audioPacketsSent Opus packets sent
 * @param rtpPacketsSent RTP packets handed to the network (originals, without retransmissions)
 * @param rtpPacketsDropped originals dropped on purpose by the seeded loss
 * @param nackedPackets sequence numbers the recorder asked for (generic NACK entries expanded)
 * @param retransmitted packets sent again (as RTX when negotiated)
 * @param droppedRecoveredByNack dropped originals that were later retransmitted
 * @param retransmitMisses NACKed packets no longer in the history
 * @param plisReceived RTCP PLI
 * @param firsReceived RTCP FIR
 * @param dataChannelKeyframeRequests {@code {"keyframe":true}} on the data channel
 * @param keyframesSentOnRequest keyframes sent early to answer a request
 * @param senderReportsSent RTCP SRs (one per SSRC counts one)
 * @param pingsSent data-channel pings
 * @param pongsReceived data-channel pongs
 * @param hellosReceived the viewer's media requests that arrived (ignored ones included)
 * @param videoPacketsPacketized original video RTP packets made (sent or dropped by the loss)
 */
public record PublisherStats(
    ConnectionState state,
    String failureReason,
    String dtlsRole,
    String srtpProfile,
    long videoFramesSent,
    long audioPacketsSent,
    long rtpPacketsSent,
    long rtpPacketsDropped,
    long nackedPackets,
    long retransmitted,
    long droppedRecoveredByNack,
    long retransmitMisses,
    long plisReceived,
    long firsReceived,
    long dataChannelKeyframeRequests,
    long keyframesSentOnRequest,
    long senderReportsSent,
    long pingsSent,
    long pongsReceived,
    int hellosReceived,
    long videoPacketsPacketized) {

  /** Whether the viewer's media request arrived at least once. */
  public boolean helloReceived() {
    return hellosReceived > 0;
  }

  /** The publisher's connection to its viewer (the recorder). */
  public enum ConnectionState {
    /** No viewer asked yet. */
    WAITING,
    OFFERED,
    /** ICE checks run. */
    CONNECTING,
    /** ICE connected, DTLS handshaking. */
    DTLS,
    /** DTLS done; media flows once the answer accepted it. */
    CONNECTED,
    CLOSED,
    FAILED
  }
}
