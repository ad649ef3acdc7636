package io.roomrecorder.core.srtp;

import static io.roomrecorder.core.srtp.SrtpTransformerTest.randomKeys;
import static io.roomrecorder.core.srtp.SrtpTransformerTest.rtcpRr;
import static io.roomrecorder.core.srtp.SrtpTransformerTest.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpKeyingMaterial;
import io.roomrecorder.core.dtls.SrtpProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrtpInboundTest {

  private final List<byte[]> rtp = new ArrayList<>();
  private final List<byte[]> rtcp = new ArrayList<>();
  private final SrtpInbound.Listener listener =
      new SrtpInbound.Listener() {
        @Override
        public void onRtp(PacketBuffer packet) {
          rtp.add(packet.toByteArray());
        }

        @Override
        public void onRtcp(PacketBuffer packet) {
          rtcp.add(packet.toByteArray());
        }
      };

  private static byte[] protect(SrtpTransformer sender, byte[] plain, boolean isRtcp) {
    PacketBuffer p = new PacketBuffer(64).load(plain, 0, plain.length);
    assertThat(isRtcp ? sender.protectRtcp(p) : sender.protectRtp(p)).isEqualTo(SrtpStatus.OK);
    return p.toByteArray();
  }

  /** Feeds {@code packet} at offset 5 of a larger array with junk on both sides. */
  private static void feed(SrtpInbound in, byte[] packet, boolean isRtcp) {
    byte[] framed = new byte[packet.length + 9];
    java.util.Arrays.fill(framed, (byte) 0xEE);
    System.arraycopy(packet, 0, framed, 5, packet.length);
    if (isRtcp) {
      in.handleRtcp(framed, 5, packet.length);
    } else {
      in.handleRtp(framed, 5, packet.length);
    }
  }

  @Test
  void packetsBeforeTheKeysAreHeldAndReplayedInOrderOnceKeysExist() {
    SrtpKeyingMaterial keys = randomKeys(SrtpProfile.AEAD_AES_128_GCM, 11);
    SrtpTransformer publisher = new SrtpTransformer(keys, DtlsRole.SERVER, 4);
    SrtpInbound in = new SrtpInbound(3, listener);

    feed(in, protect(publisher, rtp(10, 77, 30), false), false);
    feed(in, protect(publisher, rtcpRr(77), true), true);
    feed(in, protect(publisher, rtp(11, 77, 30), false), false);
    feed(in, protect(publisher, rtp(12, 77, 30), false), false); // beyond the hold bound
    assertThat(rtp).isEmpty();
    assertThat(in.stats()).isEqualTo(new SrtpInbound.Stats(3, 0, 1));

    in.installKeys(new SrtpTransformer(keys, DtlsRole.CLIENT, 4));
    assertThat(rtp).containsExactly(rtp(10, 77, 30), rtp(11, 77, 30));
    assertThat(rtcp).containsExactly(rtcpRr(77));
    assertThat(in.stats().replayed()).isEqualTo(3);

    feed(in, protect(publisher, rtp(13, 77, 30), false), false);
    assertThat(rtp).hasSize(3);
    assertThat(rtp.get(2)).isEqualTo(rtp(13, 77, 30));
  }

  @Test
  void packetsThatFailAreDroppedAndCountedNotDelivered() {
    SrtpKeyingMaterial keys = randomKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 12);
    SrtpTransformer publisher = new SrtpTransformer(keys, DtlsRole.SERVER, 4);
    SrtpInbound in = new SrtpInbound(0, listener);
    in.installKeys(new SrtpTransformer(keys, DtlsRole.CLIENT, 4));
    byte[] wire = protect(publisher, rtp(1, 5, 40), false);
    feed(in, wire, false);
    feed(in, wire, false); // replay
    byte[] next = protect(publisher, rtp(2, 5, 40), false);
    next[next.length - 1] ^= 1;
    feed(in, next, false); // tampered tag
    assertThat(rtp).hasSize(1);
    SrtpTransformer.Stats s = in.transformer().stats();
    assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.REPLAY_FAIL)).isEqualTo(1);
    assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.AUTH_FAIL)).isEqualTo(1);
  }
}
