package io.roomrecorder.core.dtls;

/**
 * Events of one {@link DtlsEndpoint}. Exactly one of {@link #onConnected} or {@link #onFailed}
 * follows {@link DtlsEndpoint#start()} (or {@link #onClosed} if the endpoint was closed first);
 * after {@link #onConnected}, {@link #onApplicationData} any number of times, then at most one of
 * {@link #onClosed} or {@link #onFailed}.
 *
 * <p>Threads: {@link #onConnected} and handshake failures run on the handshake pool; {@link
 * #onApplicationData}, close and later failures on the thread that fed the datagram ({@link
 * DtlsEndpoint#handle}), or the handshake pool for records that arrived during the handshake.
 * Implementations should post to their own executor and return quickly; they must not throw.
 */
public interface DtlsListener {

  /** The handshake finished, the peer's certificate matched the SDP fingerprint, keys exist. */
  void onConnected(DtlsHandshakeResult result);

  /**
   * One DTLS application-data record's plaintext (for WebRTC: one SCTP packet, RFC 8261 §5). Buffer
   * borrowed for the call only.
   */
  void onApplicationData(byte[] buffer, int offset, int length);

  /** The association ended orderly: close_notify sent or received. */
  void onClosed(String reason);

  /** The handshake or the association failed; {@code reason} says why (for logs and events). */
  void onFailed(String reason);
}
