package io.roomrecorder.ice;

import java.net.InetSocketAddress;

/**
 * The nominated (or first valid) candidate pair the datagram port sends on.
 *
 * @param localType type of the local candidate ({@link CandidateType#RELAY} when media goes through
 *     our TURN allocation)
 * @param remoteType type of the remote candidate ({@link CandidateType#PRFLX} when learned from the
 *     peer's checks)
 * @param local the local candidate's transport address (for relay: the relayed address on the TURN
 *     server)
 * @param remote the remote candidate's transport address
 * @param relayProtocol for a local relay candidate, how we reach the TURN server ({@code "udp"},
 *     {@code "tcp"}, {@code "tls"}); otherwise {@code null}
 */
public record SelectedPair(
    CandidateType localType,
    CandidateType remoteType,
    InetSocketAddress local,
    InetSocketAddress remote,
    String relayProtocol) {

  /** Whether either side of the pair is a relayed candidate. */
  public boolean isRelayed() {
    return localType == CandidateType.RELAY || remoteType == CandidateType.RELAY;
  }
}
