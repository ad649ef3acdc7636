package io.roomrecorder.rtp;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RtpPacketTest {
  static IntStream offsets() {
    return IntStream.of(TestBytes.OFFSETS);
  }

  @ParameterizedTest(name = "the fixed header is read field by field at offset {0}")
  @MethodSource("offsets")
  void fixedHeader(int off) {
    byte[] pkt = hex("80 e0 ff ff 12 34 56 78 de ad be ef 01 02 03");
    byte[] buf = embed(pkt, off);
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(buf, off, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.version()).isEqualTo(2);
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isEqualTo(96);
    assertThat(p.sequenceNumber()).isEqualTo(65535);
    assertThat(p.timestamp()).isEqualTo(0x12345678L);
    assertThat(p.ssrc()).isEqualTo(0xdeadbeefL);
    assertThat(p.csrcCount()).isZero();
    assertThat(p.payloadOffset()).isEqualTo(off + 12);
    assertThat(p.payloadLength()).isEqualTo(3);
    assertThat(p.extendedSequence()).isEqualTo(65535);
    assertThat(p.extendedTimestamp()).isEqualTo(0x12345678L);
  }

  @ParameterizedTest(name = "CSRCs come after the SSRC and before the payload at offset {0}")
  @MethodSource("offsets")
  void csrcs(int off) {
    byte[] pkt = hex("82 60 00 01 00 00 00 01 00 00 00 02  aa aa aa aa  bb bb bb bb  c0 c1");
    byte[] buf = embed(pkt, off);
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(buf, off, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.csrcCount()).isEqualTo(2);
    assertThat(p.csrc(0)).isEqualTo(0xaaaaaaaaL);
    assertThat(p.csrc(1)).isEqualTo(0xbbbbbbbbL);
    assertThat(p.payloadOffset()).isEqualTo(off + 20);
    assertThat(p.payloadLength()).isEqualTo(2);
    assertThat(buf[p.payloadOffset()]).isEqualTo((byte) 0xc0);
  }

  @ParameterizedTest(name = "padding counted by the last octet is not payload at offset {0}")
  @MethodSource("offsets")
  void padding(int off) {
    byte[] pkt = hex("a0 60 00 01 00 00 00 01 00 00 00 02  11 22 33  00 00 00 04");
    byte[] buf = embed(pkt, off);
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(buf, off, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.paddingLength()).isEqualTo(4);
    assertThat(p.payloadLength()).isEqualTo(3);
  }

  @ParameterizedTest(name = "RFC 8285 one-byte elements are found by id at offset {0}")
  @MethodSource("offsets")
  void oneByteExtensions(int off) {
    // abs-send-time id 3 (L=2 → 3 bytes), a padding byte, transport-cc id 5 (2 bytes), mid id 1 "0"
    byte[] pkt =
        hex(
            "90 6f 00 07 00 00 00 09 00 00 00 0a  be de 00 03  32 12 34 56  00  51 01 02  10 30"
                + " 00 00  99");
    byte[] buf = embed(pkt, off);
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(buf, off, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
    assertThat(p.absSendTime(3)).isEqualTo(0x123456);
    assertThat(p.transportWideSequence(5)).isEqualTo(0x0102);
    assertThat(p.mid(1)).isEqualTo("0");
    assertThat(p.findExtension(7)).isFalse();
    assertThat(p.payloadLength()).isEqualTo(1);
    assertThat(buf[p.payloadOffset()]).isEqualTo((byte) 0x99);
  }

  @ParameterizedTest(
      name = "RFC 8285 two-byte elements, including a zero-length one, at offset {0}")
  @MethodSource("offsets")
  void twoByteExtensions(int off) {
    // profile 0x1000; id 7 length 0; padding; id 200 "video"; id 5 transport-cc 2 bytes
    byte[] pkt =
        hex(
            "90 60 00 01 00 00 00 01 00 00 00 02  10 00 00 04  07 00 00 c8 05 76 69 64 65 6f"
                + " 05 02 ab cd 00 00  77");
    byte[] buf = embed(pkt, off);
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(buf, off, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.findExtension(7)).isTrue();
    assertThat(p.extensionLength()).isZero();
    assertThat(p.mid(200)).isEqualTo("video");
    assertThat(p.transportWideSequence(5)).isEqualTo(0xabcd);
    assertThat(p.payloadLength()).isEqualTo(1);
  }

  @Test
  void oneByteElementIdFifteenStopsTheSearch() {
    byte[] pkt = hex("90 60 00 01 00 00 00 01 00 00 00 02  be de 00 01  f0 51 01 02");
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(pkt, 0, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.findExtension(5)).isFalse();
  }

  @Test
  void anElementRunningPastTheExtensionIsNotFound() {
    byte[] pkt = hex("90 60 00 01 00 00 00 01 00 00 00 02  be de 00 01  00 00 53 01  99 99 99 99");
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(pkt, 0, pkt.length)).isEqualTo(RtpParseStatus.OK);
    assertThat(p.findExtension(5)).isFalse();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "eleven bytes are too short for the fixed header",
            "80 60 00 01 00 00 00 01 00 00 00",
            RtpParseStatus.TOO_SHORT),
        Arguments.of(
            "version 1 is rejected",
            "40 60 00 01 00 00 00 01 00 00 00 02",
            RtpParseStatus.BAD_VERSION),
        Arguments.of(
            "payload type 72 (RTCP SR with marker) is not RTP",
            "80 c8 00 01 00 00 00 01 00 00 00 02",
            RtpParseStatus.RTCP_PAYLOAD_TYPE),
        Arguments.of(
            "three CSRCs announced but one present",
            "83 60 00 01 00 00 00 01 00 00 00 02 00 00 00 01",
            RtpParseStatus.TRUNCATED_CSRC),
        Arguments.of(
            "extension bit without an extension header",
            "90 60 00 01 00 00 00 01 00 00 00 02 be de",
            RtpParseStatus.TRUNCATED_EXTENSION),
        Arguments.of(
            "extension length past the end",
            "90 60 00 01 00 00 00 01 00 00 00 02 be de 00 02 00 00 00 00",
            RtpParseStatus.TRUNCATED_EXTENSION),
        Arguments.of(
            "padding count zero",
            "a0 60 00 01 00 00 00 01 00 00 00 02 11 00",
            RtpParseStatus.BAD_PADDING),
        Arguments.of(
            "padding longer than the payload",
            "a0 60 00 01 00 00 00 01 00 00 00 02 11 03",
            RtpParseStatus.BAD_PADDING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedHeadersReturnAStatus(String why, String hexPacket, RtpParseStatus expected) {
    byte[] pkt = hex(hexPacket);
    for (int off : TestBytes.OFFSETS) {
      // junk after the view must not rescue it
      byte[] buf = embed(pkt, off);
      RtpPacket p = new RtpPacket();
      assertThat(p.parse(buf, off, pkt.length)).isEqualTo(expected);
      assertThat(p.isValid()).isFalse();
    }
  }

  @Test
  void nullOrOutOfRangeBoundsAreTooShortNotAnException() {
    RtpPacket p = new RtpPacket();
    assertThat(p.parse(null, 0, 20)).isEqualTo(RtpParseStatus.TOO_SHORT);
    assertThat(p.parse(new byte[20], 10, 20)).isEqualTo(RtpParseStatus.TOO_SHORT);
    assertThat(p.parse(new byte[20], -1, 12)).isEqualTo(RtpParseStatus.TOO_SHORT);
    assertThat(p.parse(new byte[20], Integer.MAX_VALUE, 12)).isEqualTo(RtpParseStatus.TOO_SHORT);
  }

  @ParameterizedTest(name = "sequence {1} near extended {0} widens to {2}")
  @CsvSource({
    "65535, 0, 65536",
    "65536, 65535, 65535",
    "131071, 5, 131077",
    "100, 99, 99",
    "70000, 4463, 69999",
    "0, 32767, 32767",
    "0, 32768, -32768"
  })
  void sequenceNumbersWidenToTheNearestValue(long reference, int seq16, long expected) {
    assertThat(RtpPacket.nearestSequence(reference, seq16)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "timestamp {1} near extended {0} widens to {2}")
  @CsvSource({
    "4294967295, 0, 4294967296",
    "4294967296, 4294967295, 4294967295",
    "8589934590, 3000, 8589937592",
    "1000, 500, 500"
  })
  void timestampsWidenToTheNearestValue(long reference, long ts32, long expected) {
    assertThat(RtpPacket.nearestTimestamp(reference, ts32)).isEqualTo(expected);
  }
}
