package io.roomrecorder.core.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.transport.DatagramSink;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real DTLS 1.2 handshakes between two endpoints over UDP on 127.0.0.1. */
class DtlsEndpointTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static DtlsCertificate certA;
  private static DtlsCertificate certB;
  private static DtlsCertificate rsaCert;
  private static ExecutorService pool;

  @BeforeAll
  static void certificates() {
    certA = DtlsCertificate.generateEcdsaP256(RANDOM, Instant.now());
    certB = DtlsCertificate.generateEcdsaP256(RANDOM, Instant.now());
    rsaCert = DtlsCertificate.generateRsa(RANDOM, Instant.now(), 2048);
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static DtlsConfig client(DtlsCertificate ours, DtlsCertificate theirs) {
    return DtlsConfig.of(DtlsRole.CLIENT, ours, List.of(theirs.fingerprint()));
  }

  private static DtlsConfig server(DtlsCertificate ours, DtlsCertificate theirs) {
    return DtlsConfig.of(DtlsRole.SERVER, ours, List.of(theirs.fingerprint()));
  }

  @ParameterizedTest(
      name = "a handshake where the server accepts only {0} exports the same keys on both sides")
  @EnumSource(SrtpProfile.class)
  void bothSidesExportTheSameKeysForTheNegotiatedProfile(SrtpProfile serverProfile)
      throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(
              client(certA, certB),
              server(certB, certA).withSrtpProfiles(List.of(serverProfile)),
              pool)
          .start();
      DtlsHandshakeResult ra = l.eventsA.awaitConnected();
      DtlsHandshakeResult rb = l.eventsB.awaitConnected();

      assertThat(ra.role()).isEqualTo(DtlsRole.CLIENT);
      assertThat(rb.role()).isEqualTo(DtlsRole.SERVER);
      assertThat(ra.profile()).isEqualTo(serverProfile).isEqualTo(rb.profile());
      assertThat(ra.keys().sameAs(rb.keys())).isTrue();
      assertThat(ra.keys().writeKey(DtlsRole.CLIENT))
          .isNotEqualTo(ra.keys().writeKey(DtlsRole.SERVER));
      assertThat(ra.peerFingerprint()).isEqualTo(certB.fingerprint());
      assertThat(rb.peerFingerprint()).isEqualTo(certA.fingerprint());
      assertThat(ra.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
      assertThat(l.a.state()).isEqualTo(DtlsEndpoint.State.CONNECTED);
    }
  }

  @Test
  void applicationDataFlowsBothWaysAndCloseNotifyReachesThePeer() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(client(certA, certB), server(certB, certA), pool).start();
      l.eventsA.awaitConnected();
      l.eventsB.awaitConnected();

      byte[] hello = "SCTP INIT stand-in".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      l.a.send(hello, 0, hello.length);
      assertThat(l.eventsB.nextData()).isEqualTo("SCTP INIT stand-in");
      byte[] back = "xxSCTP INIT ACK stand-inyy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      l.b.send(back, 2, back.length - 4);
      assertThat(l.eventsA.nextData()).isEqualTo("SCTP INIT ACK stand-in");
      assertThat(l.a.applicationSendLimit()).isBetween(1000, 1200);

      l.a.close();
      assertThat(l.eventsA.closed.get(5, TimeUnit.SECONDS)).contains("locally");
      assertThat(l.eventsB.closed.get(10, TimeUnit.SECONDS)).contains("close_notify");
      assertThat(l.b.state()).isEqualTo(DtlsEndpoint.State.CLOSED);
      assertThat(l.b.stats().applicationRecordsIn()).isEqualTo(1);
    }
  }

  @Test
  void severalRecordsInOneDatagramAreAllDelivered() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      DtlsLoopback.CoalescingPort coalescing = new DtlsLoopback.CoalescingPort(l.portA);
      DatagramSink none = (b, o, n) -> {};
      l.wire(client(certA, certB), coalescing, server(certB, certA), l.portB, pool, none, none)
          .start();
      l.eventsA.awaitConnected();
      l.eventsB.awaitConnected();
      coalescing.hold();
      for (String m : new String[] {"one", "two", "three"}) {
        byte[] b = m.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        l.a.send(b, 0, b.length);
      }
      coalescing.flush(); // RFC 6347 §4.1.1: several records in one datagram
      assertThat(l.eventsB.nextData()).isEqualTo("one");
      assertThat(l.eventsB.nextData()).isEqualTo("two");
      assertThat(l.eventsB.nextData()).isEqualTo("three");
    }
  }

  @Test
  void forgedAndRandomDtlsRecordsDoNotHurtAnEstablishedAssociation() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(client(certA, certB), server(certB, certA), pool).start();
      l.eventsA.awaitConnected();
      l.eventsB.awaitConnected();
      java.util.Random random = new java.util.Random(6347);
      for (int i = 0; i < 600; i++) {
        byte[] d = new byte[13 + random.nextInt(200)];
        random.nextBytes(d);
        d[0] = (byte) new int[] {20, 21, 22, 23, 20 + random.nextInt(44)}[i % 5]; // CCS, alert …
        d[1] = (byte) 0xFE; // DTLS 1.2 version bytes
        d[2] = (byte) 0xFD;
        d[3] = 0;
        d[4] = (byte) (i % 3); // epochs 0, 1, 2
        int len = d.length - 13;
        d[11] = (byte) (len >> 8);
        d[12] = (byte) len;
        l.b.handle(d, 0, d.length); // as if from the network, forged by an off-path attacker
      }
      assertThat(l.b.state()).isEqualTo(DtlsEndpoint.State.CONNECTED);
      assertThat(l.eventsB.failed).isNotDone();
      assertThat(l.b.stats().droppedInvalidRecords()).isPositive();
      assertThat(l.eventsB.data).isEmpty();
      byte[] hello = "still here".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      l.a.send(hello, 0, hello.length);
      assertThat(l.eventsB.nextData()).isEqualTo("still here");
    }
  }

  @ParameterizedTest(name = "the {0} refuses a peer whose certificate does not match the SDP")
  @EnumSource(DtlsRole.class)
  void fingerprintMismatchIsRefusedWithAReason(DtlsRole checkingSide) throws Exception {
    DtlsCertificate stranger = DtlsCertificate.generateEcdsaP256(RANDOM, Instant.now());
    try (DtlsLoopback l = new DtlsLoopback()) {
      DtlsConfig a = client(certA, checkingSide == DtlsRole.CLIENT ? stranger : certB);
      DtlsConfig b = server(certB, checkingSide == DtlsRole.SERVER ? stranger : certA);
      l.wire(a, b, pool).start();
      DtlsLoopback.Events checker = checkingSide == DtlsRole.CLIENT ? l.eventsA : l.eventsB;
      DtlsLoopback.Events other = checkingSide == DtlsRole.CLIENT ? l.eventsB : l.eventsA;

      assertThat(checker.awaitFailed())
          .contains("matches none of the SDP fingerprints")
          .contains(stranger.fingerprint().toSdpValue());
      assertThat(other.awaitFailed()).contains("bad_certificate");
      assertThat(checker.connected).isCompletedExceptionally();
    }
  }

  @Test
  void peersNamedBySha512AndSha1FingerprintsAreVerifiedToo() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      DtlsConfig a =
          DtlsConfig.of(
              DtlsRole.CLIENT, certA, List.of(Fingerprint.of("sha-512", certB.encoded())));
      DtlsConfig b =
          DtlsConfig.of(
              DtlsRole.SERVER,
              certB,
              List.of(
                  Fingerprint.of("sha-384", new byte[] {1}), // not A's: one match is enough
                  Fingerprint.of("sha-1", certA.encoded())));
      l.wire(a, b, pool).start();
      assertThat(l.eventsA.awaitConnected().peerFingerprint()).isEqualTo(certB.fingerprint());
      assertThat(l.eventsB.awaitConnected().peerFingerprint()).isEqualTo(certA.fingerprint());
    }
  }

  @Test
  void anRsaServerOfferingOnlyCm80IsAcceptedAsGstreamerWebrtcbinDoes() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(
              client(certA, rsaCert),
              server(rsaCert, certA).withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)),
              pool)
          .start();
      DtlsHandshakeResult ra = l.eventsA.awaitConnected();
      assertThat(ra.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
      assertThat(ra.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
      assertThat(ra.peerFingerprint()).isEqualTo(rsaCert.fingerprint());
      assertThat(l.eventsB.awaitConnected().keys().sameAs(ra.keys())).isTrue();
    }
  }

  @Test
  void anRsaClientIsAcceptedByOurEcdsaServer() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(client(rsaCert, certB), server(certB, rsaCert), pool).start();
      assertThat(l.eventsB.awaitConnected().peerFingerprint()).isEqualTo(rsaCert.fingerprint());
      l.eventsA.awaitConnected();
    }
  }

  @ParameterizedTest(name = "a {0} whose peer stalls mid-handshake gives up with a timeout reason")
  @EnumSource(DtlsRole.class)
  void aPeerThatStallsMidHandshakeTimesOut(DtlsRole ourRole) throws Exception {
    Duration timeout = Duration.ofMillis(2500);
    try (DtlsLoopback l = new DtlsLoopback()) {
      // A is us; B is a real peer whose sends stop after its first datagram (a ClientHello, or
      // the first fragment of the server flight).
      DtlsConfig ours =
          (ourRole == DtlsRole.CLIENT ? client(certA, certB) : server(certA, certB))
              .withHandshakeTimeout(timeout);
      DtlsConfig theirs =
          (ourRole == DtlsRole.CLIENT ? server(certB, certA) : client(certB, certA))
              .withHandshakeTimeout(Duration.ofSeconds(4));
      java.util.function.Consumer<Object> none = x -> {};
      l.wire(
          ours,
          l.portA,
          theirs,
          new DtlsLoopback.StallingPort(l.portB, 1),
          pool,
          (b, o, n) -> none.accept(b),
          (b, o, n) -> none.accept(b));
      l.start();

      assertThat(l.eventsA.awaitFailed()).contains("timed out");
      assertThat(l.a.state()).isEqualTo(DtlsEndpoint.State.FAILED);
      assertThat(l.a.stats().recordsQueued()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void recordsBeforeStartAreQueuedAndRecordsAfterCloseAreDroppedAndCounted() throws Exception {
    try (DtlsLoopback l = new DtlsLoopback()) {
      l.wire(client(certA, certB), server(certB, certA), pool);
      byte[] record = new byte[20];
      record[0] = 22;
      l.a.handle(record, 0, record.length);
      assertThat(l.a.stats().recordsQueued()).isEqualTo(1);
      l.a.close();
      l.a.handle(record, 0, record.length);
      assertThat(l.a.stats().droppedNotRunning()).isEqualTo(1);
      assertThat(l.a.state()).isEqualTo(DtlsEndpoint.State.CLOSED);
    }
  }
}
