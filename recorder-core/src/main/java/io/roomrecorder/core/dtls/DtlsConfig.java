package io.roomrecorder.core.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one DTLS endpoint. Immutable.
 *
 * @param role client ({@code a=setup:active}) or server
 * @param certificate our certificate (its fingerprint is in our SDP)
 * @param remoteFingerprints the peer's SDP fingerprints; its certificate must match one
 * @param srtpProfiles the use_srtp profiles we accept, best first
 * @param handshakeTimeout the whole handshake must end within this; retransmissions inside follow
 *     RFC 6347 §4.2.4 (1 s doubling, Bouncy Castle's timer)
 * @param sendLimit the largest datagram we send (handshake messages are fragmented to fit; 1200
 *     keeps us under any path MTU with TURN and IPv6 overhead)
 * @param receiveQueueCapacity datagrams queued for the DTLS engine before new ones are dropped
 */
public record DtlsConfig(
    DtlsRole role,
    DtlsCertificate certificate,
    List<Fingerprint> remoteFingerprints,
    List<SrtpProfile> srtpProfiles,
    Duration handshakeTimeout,
    int sendLimit,
    int receiveQueueCapacity) {

  public DtlsConfig {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(certificate, "certificate");
    remoteFingerprints = List.copyOf(remoteFingerprints);
    srtpProfiles = List.copyOf(srtpProfiles);
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (remoteFingerprints.isEmpty()) {
      throw new IllegalArgumentException("no remote fingerprint: the peer could not be verified");
    }
    if (srtpProfiles.isEmpty()) {
      throw new IllegalArgumentException("no SRTP profile");
    }
    if (handshakeTimeout.isNegative()
        || handshakeTimeout.isZero()
        || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    if (sendLimit < 256 || sendLimit > 65507) {
      throw new IllegalArgumentException("sendLimit must be 256..65507");
    }
    if (receiveQueueCapacity < 1) {
      throw new IllegalArgumentException("receiveQueueCapacity must be positive");
    }
  }

  /** GCM then CM-80, 20 s handshake timeout, 1200-byte datagrams, a 64-datagram queue. */
  public static DtlsConfig of(
      DtlsRole role, DtlsCertificate certificate, List<Fingerprint> remoteFingerprints) {
    return new DtlsConfig(
        role,
        certificate,
        remoteFingerprints,
        List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80),
        Duration.ofSeconds(20),
        1200,
        64);
  }

  /** A copy with other SRTP profiles. */
  public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
    return new DtlsConfig(
        role,
        certificate,
        remoteFingerprints,
        profiles,
        handshakeTimeout,
        sendLimit,
        receiveQueueCapacity);
  }

  /** A copy with another handshake timeout. */
  public DtlsConfig withHandshakeTimeout(Duration timeout) {
    return new DtlsConfig(
        role,
        certificate,
        remoteFingerprints,
        srtpProfiles,
        timeout,
        sendLimit,
        receiveQueueCapacity);
  }
}
