package io.roomrecorder.ice.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StunMessageTest {
  private static final byte[] TX = HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae");

  /** RFC 5769 §2.1 sample request (short-term credential, password below). */
  private static final byte[] RFC5769_REQUEST =
      HexFormat.of()
          .parseHex(
              "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e20746573"
                  + "7420636c69656e74002400046e0001ff80290008932ff9b151263b3600060009"
                  + "6576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249"
                  + "c1b571a280280004e57a3bcf");

  /** RFC 5769 §2.2 sample IPv4 response: XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
  private static final byte[] RFC5769_RESPONSE =
      HexFormat.of()
          .parseHex(
              "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563"
                  + "746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f9"
                  + "2af9ba53f06be7d780280004c07d4c96");

  private static final byte[] RFC5769_PASSWORD =
      "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);

  @Test
  void rfc5769SampleRequestHasValidIntegrityAndFingerprint() {
    StunMessage m = StunMessage.decode(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);
    assertThat(m).isNotNull();
    assertThat(m.method()).isEqualTo(StunMessage.BINDING);
    assertThat(m.messageClass()).isEqualTo(StunMessage.REQUEST);
    assertThat(m.stringAttribute(StunMessage.ATTR_USERNAME)).isEqualTo("evtj:h6vY");
    assertThat(m.checkIntegrity(RFC5769_PASSWORD)).isTrue();
    assertThat(m.checkIntegrity("wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(m.checkFingerprint()).isTrue();
  }

  @Test
  void rfc5769SampleResponseGivesTheMappedAddressAtANonZeroOffsetWithJunkAround() throws Exception {
    byte[] buf = new byte[RFC5769_RESPONSE.length + 37];
    new Random(1).nextBytes(buf);
    System.arraycopy(RFC5769_RESPONSE, 0, buf, 13, RFC5769_RESPONSE.length);
    StunMessage m = StunMessage.decode(buf, 13, RFC5769_RESPONSE.length);
    assertThat(m).isNotNull();
    assertThat(m.messageClass()).isEqualTo(StunMessage.SUCCESS);
    assertThat(m.transactionId()).isEqualTo(TX);
    assertThat(m.xorAddress(StunMessage.ATTR_XOR_MAPPED_ADDRESS))
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    assertThat(m.checkIntegrity(RFC5769_PASSWORD)).isTrue();
    assertThat(m.checkFingerprint()).isTrue();
  }

  @Test
  void encodedMessagesRoundTripWithIntegrityFingerprintAndXorAddresses() throws Exception {
    byte[] key = StunMessage.longTermKey("user", "realm", "pass");
    InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 50000);
    InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 3478);
    StunMessage m =
        StunMessage.create(StunMessage.CHANNEL_BIND, StunMessage.REQUEST, TX)
            .add(StunMessage.ATTR_CHANNEL_NUMBER, new byte[] {0x40, 0x01, 0, 0})
            .addXorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS, v4)
            .addXorAddress(StunMessage.ATTR_XOR_RELAYED_ADDRESS, v6)
            .addString(StunMessage.ATTR_USERNAME, "user");
    byte[] wire = m.encode(key, true);
    StunMessage back = StunMessage.decode(wire, 0, wire.length);
    assertThat(back.method()).isEqualTo(StunMessage.CHANNEL_BIND);
    assertThat(back.xorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS)).isEqualTo(v4);
    assertThat(back.xorAddress(StunMessage.ATTR_XOR_RELAYED_ADDRESS)).isEqualTo(v6);
    assertThat(back.checkIntegrity(key)).isTrue();
    assertThat(back.checkFingerprint()).isTrue();
    wire[25] ^= 1;
    StunMessage tampered = StunMessage.decode(wire, 0, wire.length);
    assertThat(tampered.checkIntegrity(key)).isFalse();
    assertThat(tampered.checkFingerprint()).isFalse();
  }

  @Test
  void methodAndClassBitsFollowRfc8489Figure3() {
    // Allocate error response is 0x0113, ChannelBind success 0x0109, Data indication 0x0017.
    assertThat(StunMessage.typeOf(StunMessage.ALLOCATE, StunMessage.ERROR)).isEqualTo(0x0113);
    assertThat(StunMessage.typeOf(StunMessage.CHANNEL_BIND, StunMessage.SUCCESS)).isEqualTo(0x0109);
    assertThat(StunMessage.typeOf(StunMessage.DATA, StunMessage.INDICATION)).isEqualTo(0x0017);
  }

  @ParameterizedTest(name = "hostile input ({0}) is rejected or decoded without throwing")
  @ValueSource(strings = {"random", "truncated", "mutated", "oversized length"})
  void hostileInputNeverThrows(String kind) {
    Random r = new Random(kind.hashCode());
    for (int i = 0; i < 20000; i++) {
      byte[] b;
      switch (kind) {
        case "random" -> {
          b = new byte[r.nextInt(200)];
          r.nextBytes(b);
          if (b.length > 8 && r.nextBoolean()) {
            b[0] &= 0x3F;
            b[4] = 0x21;
            b[5] = 0x12;
            b[6] = (byte) 0xA4;
            b[7] = 0x42;
          }
        }
        case "truncated" -> {
          byte[] src = r.nextBoolean() ? RFC5769_REQUEST : RFC5769_RESPONSE;
          b = java.util.Arrays.copyOf(src, r.nextInt(src.length));
        }
        case "mutated" -> {
          b = (r.nextBoolean() ? RFC5769_REQUEST : RFC5769_RESPONSE).clone();
          for (int k = 0; k < 1 + r.nextInt(4); k++) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
        }
        default -> {
          b = RFC5769_REQUEST.clone();
          b[2] = (byte) 0xFF;
          b[3] = (byte) (r.nextInt(64) * 4);
        }
      }
      StunMessage m = StunMessage.decode(b, 0, b.length);
      if (m != null) {
        m.checkIntegrity(RFC5769_PASSWORD);
        m.checkFingerprint();
        m.xorAddress(StunMessage.ATTR_XOR_MAPPED_ADDRESS);
        m.xorAddress(StunMessage.ATTR_XOR_PEER_ADDRESS);
        m.errorCode();
        m.stringAttribute(StunMessage.ATTR_USERNAME);
      }
    }
    assertThat(StunMessage.decode(new byte[10], 5, 10)).isNull();
    assertThat(StunMessage.decode(new byte[10], -1, 5)).isNull();
  }
}
