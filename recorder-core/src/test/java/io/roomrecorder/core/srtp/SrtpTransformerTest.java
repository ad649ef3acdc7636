package io.roomrecorder.core.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.core.dtls.DtlsRole;
import io.roomrecorder.core.dtls.SrtpKeyingMaterial;
import io.roomrecorder.core.dtls.SrtpProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpTransformerTest {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 3711 Appendix B.3 master key and salt (also libsrtp's known-answer key). */
  private static final byte[] B3_MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");

  private static final byte[] B3_MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");

  /** Keys where the DTLS client writes with the B.3 key and salt. */
  private static SrtpKeyingMaterial clientWritesB3() {
    byte[] m = new byte[60];
    System.arraycopy(B3_MASTER_KEY, 0, m, 0, 16);
    Arrays.fill(m, 16, 32, (byte) 0x55); // server key
    System.arraycopy(B3_MASTER_SALT, 0, m, 32, 14);
    Arrays.fill(m, 46, 60, (byte) 0x66); // server salt
    return SrtpKeyingMaterial.fromExporter(SrtpProfile.AES128_CM_HMAC_SHA1_80, m);
  }

  static SrtpKeyingMaterial randomKeys(SrtpProfile profile, long seed) {
    byte[] m = new byte[profile.keyingMaterialLength()];
    new Random(seed).nextBytes(m);
    return SrtpKeyingMaterial.fromExporter(profile, m);
  }

  /** An RTP packet: V=2, PT 96, the given seq and SSRC, {@code payload} bytes of 0xAB. */
  static byte[] rtp(int seq, long ssrc, int payload) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = 0x12;
    p[8] = (byte) (ssrc >> 24);
    p[9] = (byte) (ssrc >> 16);
    p[10] = (byte) (ssrc >> 8);
    p[11] = (byte) ssrc;
    Arrays.fill(p, 12, p.length, (byte) 0xAB);
    return p;
  }

  /** An RTCP receiver report (PT 201) from {@code ssrc} with no report blocks. */
  static byte[] rtcpRr(long ssrc) {
    return new byte[] {
      (byte) 0x80,
      (byte) 201,
      0,
      1,
      (byte) (ssrc >> 24),
      (byte) (ssrc >> 16),
      (byte) (ssrc >> 8),
      (byte) ssrc
    };
  }

  private static PacketBuffer buf(byte[] p) {
    return new PacketBuffer(64).load(p, 0, p.length);
  }

  @Test
  void aesCounterModeKeystreamMatchesRfc3711AppendixB2() throws Exception {
    SrtpTransformer.useJavaAes();
    Cipher aes = Aes.createCipher("AES/CTR/NoPadding");
    assertThat(aes.getProvider().getName()).isEqualTo("SunJCE");
    SrtpCipherCtr ctr = new SrtpCipherCtr(aes);
    ctr.init(HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C"), null);
    byte[] keystream = new byte[48];
    ctr.setIV(HEX.parseHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), Cipher.ENCRYPT_MODE);
    ctr.process(keystream, 0, keystream.length);
    assertThat(HEX.formatHex(keystream).toUpperCase())
        .isEqualTo(
            "E03EAD0935C95E80E166B16DD92B4EB4"
                + "D23513162B02D0F72A43A2FE4A5F97AB"
                + "41E95B3BB0A2E8DD477901E4FCA894C0");
  }

  @Test
  void srtpWithTheRfc3711MasterKeyMatchesTheLibsrtpKnownAnswer() {
    // libsrtp test/srtp_driver.c known answer for AES_CM_128_HMAC_SHA1_80 with the B.3 key:
    // exercises the RFC 3711 §4.3 key derivation, AES-CM and HMAC-SHA1 together.
    byte[] plain = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    String expected =
        "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";
    try (SrtpTransformer sender = new SrtpTransformer(clientWritesB3(), DtlsRole.CLIENT, 4);
        SrtpTransformer receiver = new SrtpTransformer(clientWritesB3(), DtlsRole.SERVER, 4)) {
      PacketBuffer p = buf(plain);
      assertThat(sender.protectRtp(p)).isEqualTo(SrtpStatus.OK);
      assertThat(HEX.formatHex(p.toByteArray())).isEqualTo(expected);
      assertThat(receiver.unprotectRtp(p)).isEqualTo(SrtpStatus.OK);
      assertThat(p.toByteArray()).isEqualTo(plain);
    }
  }

  @Test
  void srtcpWithTheRfc3711MasterKeyMatchesTheLibsrtpKnownAnswerAtIndexOne() {
    byte[] plain = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    String expected =
        "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798";
    try (SrtpTransformer sender = new SrtpTransformer(clientWritesB3(), DtlsRole.CLIENT, 4);
        SrtpTransformer receiver = new SrtpTransformer(clientWritesB3(), DtlsRole.SERVER, 4)) {
      PacketBuffer first = buf(plain);
      assertThat(sender.protectRtcp(first)).isEqualTo(SrtpStatus.OK); // SRTCP index 0
      PacketBuffer second = buf(plain);
      assertThat(sender.protectRtcp(second)).isEqualTo(SrtpStatus.OK); // index 1, E bit set
      assertThat(HEX.formatHex(second.toByteArray())).isEqualTo(expected);
      assertThat(receiver.unprotectRtcp(second)).isEqualTo(SrtpStatus.OK);
      assertThat(second.toByteArray()).isEqualTo(plain);
    }
  }

  @Test
  void aesGcmMatchesTheLibsrtpKnownAnswersForSrtpAndSrtcp() {
    // libsrtp test/srtp_driver.c AEAD_AES_128_GCM known answers (master key 00..0f, salt a0..ab):
    // RFC 7714 §8 IV/AAD construction and §9 SRTCP trailer, checked against libsrtp, which
    // Chromium uses.
    byte[] m = new byte[56];
    for (int i = 0; i < 16; i++) {
      m[i] = (byte) i; // client write key
      m[16 + i] = 0x77; // server write key
    }
    for (int i = 0; i < 12; i++) {
      m[32 + i] = (byte) (0xa0 + i); // client write salt
      m[44 + i] = 0x11; // server write salt
    }
    SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromExporter(SrtpProfile.AEAD_AES_128_GCM, m);
    byte[] rtp = HEX.parseHex("800f1234decafbadcafebabe" + "ab".repeat(16));
    byte[] rtcp = HEX.parseHex("81c8000bcafebabe" + "ab".repeat(16));
    try (SrtpTransformer sender = new SrtpTransformer(keys, DtlsRole.CLIENT, 4);
        SrtpTransformer receiver = new SrtpTransformer(keys, DtlsRole.SERVER, 4)) {
      PacketBuffer p = buf(rtp);
      assertThat(sender.protectRtp(p)).isEqualTo(SrtpStatus.OK);
      assertThat(HEX.formatHex(p.toByteArray()))
          .isEqualTo(
              "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a1"
                  + "27e8a392");
      assertThat(receiver.unprotectRtp(p)).isEqualTo(SrtpStatus.OK);
      assertThat(p.toByteArray()).isEqualTo(rtp);

      assertThat(sender.protectRtcp(buf(rtcp))).isEqualTo(SrtpStatus.OK); // SRTCP index 0
      PacketBuffer second = buf(rtcp);
      assertThat(sender.protectRtcp(second)).isEqualTo(SrtpStatus.OK); // index 1
      assertThat(HEX.formatHex(second.toByteArray()))
          .isEqualTo(
              "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e"
                  + "80000001");
      assertThat(receiver.unprotectRtcp(second)).isEqualTo(SrtpStatus.OK);
      assertThat(second.toByteArray()).isEqualTo(rtcp);
    }
  }

  @ParameterizedTest(name = "{0}: round trip, tamper, replay and truncation are told apart")
  @EnumSource(SrtpProfile.class)
  void everyOutcomeIsCountedByStatus(SrtpProfile profile) {
    SrtpKeyingMaterial keys = randomKeys(profile, 1);
    try (SrtpTransformer client = new SrtpTransformer(keys, DtlsRole.CLIENT, 8);
        SrtpTransformer server = new SrtpTransformer(keys, DtlsRole.SERVER, 8)) {
      byte[] plain = rtp(1000, 0xFFFFFFFFL, 300);
      PacketBuffer p = buf(plain);
      assertThat(client.protectRtp(p)).isEqualTo(SrtpStatus.OK);
      assertThat(p.getLength()).isEqualTo(plain.length + profile.authTagLength());
      assertThat(Arrays.copyOfRange(p.toByteArray(), 12, plain.length))
          .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
      byte[] wire = p.toByteArray();

      byte[] tampered = wire.clone();
      tampered[40] ^= 1;
      assertThat(server.unprotectRtp(buf(tampered))).isEqualTo(SrtpStatus.AUTH_FAIL);
      PacketBuffer ok = buf(wire);
      assertThat(server.unprotectRtp(ok)).isEqualTo(SrtpStatus.OK);
      assertThat(ok.toByteArray()).isEqualTo(plain);
      assertThat(server.unprotectRtp(buf(wire))).isEqualTo(SrtpStatus.REPLAY_FAIL);
      assertThat(server.unprotectRtp(buf(Arrays.copyOf(wire, 14))))
          .isEqualTo(SrtpStatus.INVALID_PACKET);
      // Our own direction's key must not decrypt our packets (keys are per direction).
      assertThat(client.unprotectRtp(buf(wire))).isEqualTo(SrtpStatus.AUTH_FAIL);

      PacketBuffer rr = buf(rtcpRr(0x01020304L));
      assertThat(server.protectRtcp(rr)).isEqualTo(SrtpStatus.OK);
      assertThat(client.unprotectRtcp(rr)).isEqualTo(SrtpStatus.OK);
      assertThat(rr.toByteArray()).isEqualTo(rtcpRr(0x01020304L));

      SrtpTransformer.Stats s = server.stats();
      assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.OK)).isEqualTo(1);
      assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.AUTH_FAIL)).isEqualTo(1);
      assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.REPLAY_FAIL)).isEqualTo(1);
      assertThat(s.count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.INVALID_PACKET)).isEqualTo(1);
      assertThat(s.count(SrtpTransformer.Flow.RTCP_OUT, SrtpStatus.OK)).isEqualTo(1);
    }
  }

  @Test
  void gcmTagIsWrittenEvenWhenTheBufferHasNoTailRoom() {
    // library-notes §7: jitsi's GCM transform writes the tag without growing the buffer and
    // reports OK with the payload left in clear when there is no room.
    SrtpKeyingMaterial keys = randomKeys(SrtpProfile.AEAD_AES_128_GCM, 2);
    try (SrtpTransformer client = new SrtpTransformer(keys, DtlsRole.CLIENT, 4);
        SrtpTransformer server = new SrtpTransformer(keys, DtlsRole.SERVER, 4)) {
      byte[] plain = rtp(7, 42, 100);
      PacketBuffer tight = new PacketBuffer(plain.length).load(plain, 0, plain.length);
      tight.setOffset(tight.getBuffer().length - plain.length);
      System.arraycopy(plain, 0, tight.getBuffer(), tight.getOffset(), plain.length);
      assertThat(tight.tailRoom()).isZero();

      assertThat(client.protectRtp(tight)).isEqualTo(SrtpStatus.OK);
      assertThat(tight.getLength()).isEqualTo(plain.length + 16);
      assertThat(Arrays.copyOfRange(tight.toByteArray(), 12, plain.length))
          .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
      assertThat(server.unprotectRtp(tight)).isEqualTo(SrtpStatus.OK);
      assertThat(tight.toByteArray()).isEqualTo(plain);
    }
  }

  @Test
  void forgedPacketsWithNewSsrcsDoNotEvictAuthenticatedContexts() {
    SrtpKeyingMaterial keys = randomKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, 3);
    try (SrtpTransformer client = new SrtpTransformer(keys, DtlsRole.CLIENT, 2);
        SrtpTransformer server = new SrtpTransformer(keys, DtlsRole.SERVER, 2)) {
      List<byte[]> legit = new ArrayList<>();
      for (long ssrc : new long[] {1, 2}) {
        for (int seq = 0; seq < 3; seq++) {
          PacketBuffer p = buf(rtp(seq, ssrc, 50));
          client.protectRtp(p);
          legit.add(p.toByteArray());
        }
      }
      for (int i = 0; i < 3; i++) {
        assertThat(server.unprotectRtp(buf(legit.get(i)))).isEqualTo(SrtpStatus.OK);
        assertThat(server.unprotectRtp(buf(legit.get(3 + i)))).isEqualTo(SrtpStatus.OK);
        for (int f = 0; f < 30; f++) { // forged: random SSRCs, random tags
          byte[] forged = rtp(i, 1000 + f, 50 + 10);
          assertThat(server.unprotectRtp(buf(forged))).isEqualTo(SrtpStatus.AUTH_FAIL);
        }
      }
      assertThat(server.stats().contextsEvicted()).isZero();
      assertThat(server.stats().count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.OK)).isEqualTo(6);
    }
  }

  @Test
  void aRolloverOfTheSequenceNumberKeepsDecrypting() {
    SrtpKeyingMaterial keys = randomKeys(SrtpProfile.AEAD_AES_128_GCM, 4);
    try (SrtpTransformer client = new SrtpTransformer(keys, DtlsRole.CLIENT, 2);
        SrtpTransformer server = new SrtpTransformer(keys, DtlsRole.SERVER, 2)) {
      for (int i = 0; i < 6; i++) {
        int seq = (65533 + i) & 0xFFFF; // 65533 .. 65535, 0, 1, 2 — ROC 0 then 1
        PacketBuffer p = buf(rtp(seq, 9, 20));
        assertThat(client.protectRtp(p)).isEqualTo(SrtpStatus.OK);
        assertThat(server.unprotectRtp(p)).as("seq %d", seq).isEqualTo(SrtpStatus.OK);
      }
    }
  }

  @Test
  void randomDatagramsAreRefusedWithoutExceptions() {
    Random r = new Random(99);
    for (SrtpProfile profile : SrtpProfile.values()) {
      try (SrtpTransformer server =
          new SrtpTransformer(randomKeys(profile, 5), DtlsRole.SERVER, 4)) {
        for (int i = 0; i < 2000; i++) {
          byte[] junk = new byte[r.nextInt(80)];
          r.nextBytes(junk);
          if (junk.length > 0 && r.nextBoolean()) {
            junk[0] = (byte) (0x80 | (junk[0] & 0x3F)); // make it look like RTP
          }
          PacketBuffer p = new PacketBuffer(16).load(junk, 0, junk.length);
          SrtpStatus rtp = server.unprotectRtp(p);
          assertThat(rtp).isNotEqualTo(SrtpStatus.OK);
          p.load(junk, 0, junk.length);
          assertThat(server.unprotectRtcp(p)).isNotEqualTo(SrtpStatus.OK);
        }
        assertThat(server.stats().count(SrtpTransformer.Flow.RTP_IN, SrtpStatus.FAIL)).isZero();
      }
    }
  }

  @Test
  void warmUpRoundTripsAPacketWithEveryProfile() {
    assertThat(SrtpTransformer.warmUp()).isTrue();
    assertThat(SrtpTransformer.warmUp()).isTrue();
  }
}
