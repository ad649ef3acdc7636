package io.roomrecorder.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.dtls.DtlsConfig;
import io.roomrecorder.core.dtls.DtlsEndpoint;
import io.roomrecorder.core.dtls.DtlsHandshakeResult;
import io.roomrecorder.core.dtls.DtlsListener;
import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpKeyingMaterial;
import io.roomrecorder.core.dtls.SrtpProfile;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpInbound;
import io.roomrecorder.core.srtp.SrtpTransformer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc7983DemuxTest {

  @ParameterizedTest(name = "first byte {0}, second byte {1} is {2}")
  @CsvSource({
    "0, 1, STUN",
    "3, 0, STUN",
    "4, 0, UNKNOWN",
    "15, 0, UNKNOWN",
    "16, 0, ZRTP",
    "19, 0, ZRTP",
    "20, 254, DTLS",
    "22, 254, DTLS",
    "63, 0, DTLS",
    "64, 0, TURN_CHANNEL",
    "79, 0, TURN_CHANNEL",
    "80, 0, UNKNOWN",
    "127, 0, UNKNOWN",
    "128, 96, RTP",
    "128, 224, RTP",
    "144, 111, RTP",
    "128, 191, RTP",
    "128, 192, RTCP",
    "129, 200, RTCP",
    "129, 201, RTCP",
    "143, 205, RTCP",
    "129, 206, RTCP",
    "128, 223, RTCP",
    "191, 0, RTP",
    "192, 0, UNKNOWN",
    "255, 0, UNKNOWN",
  })
  void classifiesByTheFirstByteAsRfc7983Section7Says(int first, int second, PacketClass expected) {
    byte[] b = new byte[20];
    b[3] = (byte) first; // at an offset, with junk before and after
    b[4] = (byte) second;
    b[0] = (byte) 0x80;
    b[19] = 22;
    assertThat(PacketClass.of(b, 3, 14)).isEqualTo(expected);
  }

  @Test
  void anEmptyDatagramIsUnknownAndOneByteIsNotReadPast() {
    assertThat(PacketClass.of(new byte[] {(byte) 0x80}, 0, 0)).isEqualTo(PacketClass.UNKNOWN);
    assertThat(PacketClass.of(new byte[] {(byte) 0x80, (byte) 200}, 0, 1))
        .isEqualTo(PacketClass.RTP);
  }

  @Test
  void eachClassGoesToItsSinkAtItsOffsetAndShortOnesAreCountedAsMalformed() {
    List<String> seen = new ArrayList<>();
    Rfc7983Demux demux =
        new Rfc7983Demux(
            (b, o, n) -> seen.add("dtls@" + o + "+" + n),
            (b, o, n) -> seen.add("rtp@" + o + "+" + n),
            (b, o, n) -> seen.add("rtcp@" + o + "+" + n));
    byte[] b = new byte[64];
    b[7] = 22;
    demux.handle(b, 7, 13);
    b[7] = (byte) 0x80;
    b[8] = 96;
    demux.handle(b, 7, 12);
    b[8] = (byte) 201;
    demux.handle(b, 7, 8);
    b[7] = 0;
    demux.handle(b, 7, 20); // STUN: dropped here
    b[7] = 22;
    demux.handle(b, 7, 12); // DTLS record header is 13 bytes
    b[7] = (byte) 0x80;
    b[8] = 96;
    demux.handle(b, 7, 11); // RTP header is 12
    demux.handle(b, 60, 10); // view past the array
    assertThat(seen).containsExactly("dtls@7+13", "rtp@7+12", "rtcp@7+8");
    Rfc7983Demux.Stats s = demux.stats();
    assertThat(s.received(PacketClass.DTLS)).isEqualTo(2);
    assertThat(s.received(PacketClass.RTP)).isEqualTo(2);
    assertThat(s.received(PacketClass.STUN)).isEqualTo(1);
    assertThat(s.malformed()).isEqualTo(3);
  }

  @Test
  void aSinkThatThrowsIsCountedAndTheDemuxKeepsWorking() {
    AtomicInteger rtp = new AtomicInteger();
    Rfc7983Demux demux =
        new Rfc7983Demux(
            (b, o, n) -> {
              throw new IllegalStateException("broken sink");
            },
            (b, o, n) -> rtp.incrementAndGet(),
            (b, o, n) -> {});
    byte[] dtls = new byte[20];
    dtls[0] = 22;
    demux.handle(dtls, 0, 20);
    byte[] r = new byte[20];
    r[0] = (byte) 0x80;
    demux.handle(r, 0, 20);
    assertThat(demux.stats().sinkErrors()).isEqualTo(1);
    assertThat(rtp).hasValue(1);
  }

  /**
   * Hostile input at the port: datagrams of every first byte with random content over a real UDP
   * socket into the demux, a DTLS endpoint in mid-handshake and an SRTP receiver with keys. Nothing
   * may throw; everything is counted.
   */
  @Test
  void randomDatagramsOfEveryFirstByteClassAreCountedAndNothingBreaks() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    SecureRandom sr = new SecureRandom();
    DtlsCertificate cert = DtlsCertificate.generateEcdsaP256(sr, Instant.now());
    AtomicInteger delivered = new AtomicInteger();
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (UdpDatagramPort port = UdpDatagramPort.bind(lo, r -> new Thread(r, "udp-hostile"));
        DatagramSocket attacker = new DatagramSocket(lo)) {
      port.connect((InetSocketAddress) attacker.getLocalSocketAddress());
      DtlsEndpoint dtls =
          new DtlsEndpoint(
              DtlsConfig.of(DtlsRole.SERVER, cert, List.of(cert.fingerprint()))
                  .withHandshakeTimeout(Duration.ofSeconds(30)),
              port,
              pool,
              new DtlsListener() {
                @Override
                public void onConnected(DtlsHandshakeResult result) {
                  failures.add("connected to garbage");
                }

                @Override
                public void onApplicationData(byte[] buffer, int offset, int length) {}

                @Override
                public void onClosed(String reason) {}

                @Override
                public void onFailed(String reason) {}
              },
              sr);
      byte[] material = new byte[SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()];
      SrtpInbound srtp =
          new SrtpInbound(
              16,
              new SrtpInbound.Listener() {
                @Override
                public void onRtp(PacketBuffer packet) {
                  delivered.incrementAndGet();
                }

                @Override
                public void onRtcp(PacketBuffer packet) {
                  delivered.incrementAndGet();
                }
              });
      srtp.installKeys(
          new SrtpTransformer(
              SrtpKeyingMaterial.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80, material),
              DtlsRole.CLIENT,
              8));
      Rfc7983Demux demux = new Rfc7983Demux(dtls, srtp::handleRtp, srtp::handleRtcp);
      port.setSink(demux);
      dtls.start();

      Random random = new Random(7983);
      int sent = 0;
      for (int round = 0; round < 4; round++) {
        for (int first = 0; first < 256; first++) {
          byte[] d = new byte[1 + random.nextInt(300)];
          random.nextBytes(d);
          d[0] = (byte) first;
          attacker.send(new DatagramPacket(d, d.length, port.localAddress()));
          sent++;
          if (sent % 16 == 0) {
            awaitCounted(demux, sent); // pace: loopback UDP drops what the socket buffer can't hold
          }
        }
      }
      long total = awaitCounted(demux, sent);
      Rfc7983Demux.Stats s = demux.stats();
      assertThat(total).isEqualTo(sent);
      assertThat(s.sinkErrors()).isZero();
      assertThat(s.received(PacketClass.STUN)).isEqualTo(16);
      assertThat(s.received(PacketClass.DTLS)).isEqualTo(4 * 44);
      assertThat(s.received(PacketClass.RTP) + s.received(PacketClass.RTCP)).isEqualTo(4 * 64);
      assertThat(s.received(PacketClass.UNKNOWN)).isEqualTo(4 * (12 + 48 + 64));
      assertThat(delivered).hasValue(0); // nothing forged authenticates
      assertThat(failures).isEmpty();
      assertThat(dtls.state()).isIn(DtlsEndpoint.State.HANDSHAKING, DtlsEndpoint.State.FAILED);
      dtls.close();
    } finally {
      pool.shutdownNow();
    }
  }

  private static long awaitCounted(Rfc7983Demux demux, long expected) throws InterruptedException {
    long total = 0;
    for (int i = 0; i < 10_000 && total < expected; i++) { // up to 20 s on a loaded machine
      total = demux.stats().received().values().stream().mapToLong(Long::longValue).sum();
      if (total < expected) {
        Thread.sleep(2);
      }
    }
    return total;
  }
}
