package io.roomrecorder.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsCertificate;
import io.roomrecorder.core.dtls.DtlsConfig;
import io.roomrecorder.core.dtls.DtlsHandshakeResult;
import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpProfile;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.core.srtp.SrtpStatus;
import io.roomrecorder.core.srtp.SrtpTransformer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two {@link DtlsSrtpTransport}s (recorder and publisher) over UDP on 127.0.0.1. */
class DtlsSrtpTransportTest {

  static final class Events implements DtlsSrtpTransport.Listener {
    final CompletableFuture<DtlsHandshakeResult> connected = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    final BlockingQueue<String> data = new LinkedBlockingQueue<>();
    volatile Runnable afterConnected = () -> {};

    @Override
    public void onConnected(DtlsHandshakeResult result) {
      connected.complete(result);
      afterConnected.run();
    }

    @Override
    public void onApplicationData(byte[] buffer, int offset, int length) {
      data.add(new String(buffer, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onRtp(PacketBuffer packet) {
      rtp.add(packet.toByteArray());
    }

    @Override
    public void onRtcp(PacketBuffer packet) {
      rtcp.add(packet.toByteArray());
    }

    @Override
    public void onClosed(String reason) {
      closed.complete(reason);
    }

    @Override
    public void onFailed(String reason) {
      connected.completeExceptionally(new IllegalStateException(reason));
    }
  }

  private static byte[] rtp(int seq) {
    byte[] p = new byte[112];
    p[0] = (byte) 0x80;
    p[1] = (byte) 111;
    p[3] = (byte) seq;
    p[8] = (byte) 0xFF;
    p[9] = (byte) 0xFF;
    p[10] = (byte) 0xFF;
    p[11] = (byte) 0xFF;
    p[20] = (byte) seq;
    return p;
  }

  @Test
  void mediaFeedbackAndDataChannelBytesFlowOverOneDtlsSrtpTransport() throws Exception {
    SecureRandom random = new SecureRandom();
    DtlsCertificate recorderCert = DtlsCertificate.generateEcdsaP256(random, Instant.now());
    DtlsCertificate publisherCert = DtlsCertificate.generateEcdsaP256(random, Instant.now());
    InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    UdpDatagramPort recorderPort = UdpDatagramPort.bind(lo, r -> new Thread(r, "udp-recorder"));
    UdpDatagramPort publisherPort = UdpDatagramPort.bind(lo, r -> new Thread(r, "udp-publisher"));
    recorderPort.connect(publisherPort.localAddress());
    publisherPort.connect(recorderPort.localAddress());
    Events recorderEvents = new Events();
    Events publisherEvents = new Events();
    DtlsSrtpTransport recorder =
        new DtlsSrtpTransport(
            recorderPort,
            DtlsConfig.of(DtlsRole.CLIENT, recorderCert, List.of(publisherCert.fingerprint())),
            pool,
            random,
            recorderEvents,
            64,
            16);
    DtlsSrtpTransport publisher =
        new DtlsSrtpTransport(
            publisherPort,
            DtlsConfig.of(DtlsRole.SERVER, publisherCert, List.of(recorderCert.fingerprint()))
                .withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)),
            pool,
            random,
            publisherEvents,
            64,
            16);
    // Like a browser: media starts the moment the publisher's side of the handshake is done.
    publisherEvents.afterConnected =
        () -> {
          try {
            for (int seq = 0; seq < 3; seq++) {
              byte[] p = rtp(seq);
              assertThat(publisher.sendRtp(new PacketBuffer(200).load(p, 0, p.length)))
                  .isEqualTo(SrtpStatus.OK);
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    try {
      byte[] pli = {(byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, -1, -1, -1, -1};
      assertThat(recorder.sendRtcp(pli, 0, pli.length)).isEqualTo(SrtpStatus.NO_KEYS);
      publisher.start();
      recorder.start();
      assertThat(recorderEvents.connected.get(15, TimeUnit.SECONDS).profile())
          .isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
      for (int seq = 0; seq < 3; seq++) {
        assertThat(recorderEvents.rtp.poll(10, TimeUnit.SECONDS)).isEqualTo(rtp(seq));
      }

      // PLI back (RFC 4585 §6.3.1), protected as SRTCP.
      assertThat(recorder.sendRtcp(pli, 0, pli.length)).isEqualTo(SrtpStatus.OK);
      assertThat(publisherEvents.rtcp.poll(10, TimeUnit.SECONDS)).isEqualTo(pli);

      byte[] hello = "{\"audio\":true,\"video\":true}".getBytes(StandardCharsets.UTF_8);
      recorder.sendApplicationData(hello, 0, hello.length);
      assertThat(publisherEvents.data.poll(10, TimeUnit.SECONDS)).contains("\"video\":true");

      DtlsSrtpTransport.Stats s = recorder.stats();
      assertThat(s.srtp().count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.OK)).isEqualTo(3);
      assertThat(s.srtp().count(SrtpTransformer.Flow.RTCP_OUT, SrtpStatus.OK)).isEqualTo(1);
      assertThat(s.demux().received(PacketClass.RTP)).isEqualTo(3);
      assertThat(s.dtls().applicationRecordsOut()).isEqualTo(1);

      recorder.close();
      assertThat(publisherEvents.closed.get(10, TimeUnit.SECONDS)).contains("close_notify");
    } finally {
      recorder.close();
      publisher.close();
      pool.shutdownNow();
    }
  }
}
