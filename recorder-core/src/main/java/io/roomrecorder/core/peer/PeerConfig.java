package io.roomrecorder.core.peer;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.ice.IceConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What every peer session of a recorder shares: ICE settings, our DTLS certificate, the pools and
 * the clock. Immutable.
 *
 * @param ice ICE servers, policy and local addresses
 * @param certificate our DTLS certificate (one per process is fine)
 * @param sessionPool runs the sessions' serial executors
 * @param handshakePool runs Bouncy Castle's blocking DTLS handshakes; bound it
 * @param timers schedules timeouts and RTCP; tasks only post to a session's executor
 * @param clockMs a monotonic clock in milliseconds
 * @param random for DTLS and SCTP
 * @param audio whether audio is asked for and recorded
 * @param preferVideoCodec what the hello asks the publisher for ({@code h264} or {@code vp8})
 * @param connectTimeout how long ICE plus DTLS may take
 * @param mediaTimeout how long without any RTP before the session ends
 */
public record PeerConfig(
    IceConfig ice,
    DtlsCertificate certificate,
    Executor sessionPool,
    Executor handshakePool,
    ScheduledExecutorService timers,
    LongSupplier clockMs,
    SecureRandom random,
    boolean audio,
    String preferVideoCodec,
    Duration connectTimeout,
    Duration mediaTimeout) {
  public PeerConfig {
    Objects.requireNonNull(ice, "ice");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(sessionPool, "sessionPool");
    Objects.requireNonNull(handshakePool, "handshakePool");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(clockMs, "clockMs");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(preferVideoCodec, "preferVideoCodec");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(mediaTimeout, "mediaTimeout");
  }
}
