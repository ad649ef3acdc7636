package io.roomrecorder.core.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpInbound;
import io.roomrecorder.core.srtp.SrtpStatus;
import io.roomrecorder.core.srtp.SrtpTransformer;
import io.roomrecorder.core.transport.PacketClass;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole transport foundation on real sockets: a DTLS handshake over UDP on 127.0.0.1 exports
 * keys; the DTLS server (the publisher's side in VDO.Ninja, where we answer active) protects RTP
 * and RTCP with jitsi-srtp; the datagrams cross the socket, the RFC 7983 demux and the early-packet
 * hold; the DTLS client unprotects them.
 */
class DtlsSrtpLoopbackTest {

  private static ExecutorService pool;
  private static DtlsCertificate ours;
  private static DtlsCertificate theirs;

  @BeforeAll
  static void setUp() {
    SecureRandom r = new SecureRandom();
    ours = DtlsCertificate.generateEcdsaP256(r, Instant.now());
    theirs = DtlsCertificate.generateEcdsaP256(r, Instant.now());
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  private static byte[] rtp(int seq, long ssrc) {
    byte[] p = new byte[12 + 200];
    p[0] = (byte) 0x80;
    p[1] = (byte) 102;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) (seq + i);
    }
    return p;
  }

  @ParameterizedTest(name = "SRTP with {0} crosses the socket and decrypts with the exported keys")
  @EnumSource(SrtpProfile.class)
  void srtpRoundTripOverUdpWithDtlsExportedKeys(SrtpProfile profile) throws Exception {
    BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    SrtpInbound inbound =
        new SrtpInbound(
            64,
            new SrtpInbound.Listener() {
              @Override
              public void onRtp(PacketBuffer packet) {
                received.add(packet.toByteArray());
              }

              @Override
              public void onRtcp(PacketBuffer packet) {
                received.add(packet.toByteArray());
              }
            });
    try (DtlsLoopback l = new DtlsLoopback()) {
      DtlsConfig recorder = DtlsConfig.of(DtlsRole.CLIENT, ours, List.of(theirs.fingerprint()));
      DtlsConfig publisher =
          DtlsConfig.of(DtlsRole.SERVER, theirs, List.of(ours.fingerprint()))
              .withSrtpProfiles(List.of(profile));
      l.wire(
          recorder,
          l.portA,
          publisher,
          l.portB,
          pool,
          (b, o, n) -> {
            if (PacketClass.of(b, o, n) == PacketClass.RTCP) {
              inbound.handleRtcp(b, o, n);
            } else {
              inbound.handleRtp(b, o, n);
            }
          },
          (b, o, n) -> {});
      l.start();
      DtlsHandshakeResult atPublisher = l.eventsB.awaitConnected();

      // The publisher starts media as soon as its side is done; the recorder may not have keys.
      SrtpTransformer send = new SrtpTransformer(atPublisher.keys(), DtlsRole.SERVER, 8);
      PacketBuffer p = new PacketBuffer(256);
      for (int seq = 0; seq < 5; seq++) {
        p.load(rtp(seq, 0xFFFFFFFFL), 0, 212);
        assertThat(send.protectRtp(p)).isEqualTo(SrtpStatus.OK);
        l.portB.send(p.getBuffer(), p.getOffset(), p.getLength());
      }
      byte[] sr = {
        (byte) 0x80,
        (byte) 200,
        0,
        6,
        -1,
        -1,
        -1,
        -1,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        0,
        0,
        0,
        9,
        0,
        0,
        0,
        5,
        0,
        0,
        3,
        (byte) 0xE8
      };
      p.load(sr, 0, sr.length);
      assertThat(send.protectRtcp(p)).isEqualTo(SrtpStatus.OK);
      l.portB.send(p.getBuffer(), p.getOffset(), p.getLength());

      DtlsHandshakeResult atRecorder = l.eventsA.awaitConnected();
      assertThat(atRecorder.profile()).isEqualTo(profile);
      // Wait until the six datagrams crossed the socket (held or not), then install keys.
      for (int i = 0;
          i < 1000
              && l.demuxA.stats().received(PacketClass.RTP)
                      + l.demuxA.stats().received(PacketClass.RTCP)
                  < 6;
          i++) {
        Thread.sleep(20);
      }
      inbound.installKeys(new SrtpTransformer(atRecorder.keys(), DtlsRole.CLIENT, 8));

      for (int seq = 0; seq < 5; seq++) {
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp(seq, 0xFFFFFFFFL));
      }
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(sr);
      assertThat(inbound.stats().replayed()).isEqualTo(6);

      // And after the keys: straight through.
      p.load(rtp(5, 0xFFFFFFFFL), 0, 212);
      send.protectRtp(p);
      l.portB.send(p.getBuffer(), p.getOffset(), p.getLength());
      assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp(5, 0xFFFFFFFFL));
      assertThat(inbound.transformer().stats().count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.OK))
          .isEqualTo(6);
    }
  }
}
