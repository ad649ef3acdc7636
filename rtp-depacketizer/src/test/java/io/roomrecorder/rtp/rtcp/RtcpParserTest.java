package io.roomrecorder.rtp.rtcp;

import static io.roomrecorder.rtp.TestBytes.concat;
import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.TestBytes;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtcpParserTest {
  // SR (RFC 3550 §6.4.1) with one report block, then SDES CNAME "ab" (§6.5.1)
  static final byte[] SR_SDES =
      hex(
          "81 c8 00 0c  11 11 11 11  e2 3f 00 00 80 00 00 00  00 01 e2 40  00 00 00 0a"
              + " 00 00 04 d2"
              + " 22 22 22 22  40 ff ff fe  00 01 00 05  00 00 00 20  3f 00 80 00  00 01 00 00"
              + " 81 ca 00 03  11 11 11 11  01 02 61 62  00 00 00 00");

  static IntStream offsets() {
    return IntStream.of(TestBytes.OFFSETS);
  }

  private static RecordingListener parse(byte[] pkt, int off, RtcpParseStatus expected) {
    RecordingListener l = new RecordingListener();
    RtcpParser parser = new RtcpParser();
    assertThat(parser.parse(embed(pkt, off), off, pkt.length, l)).isEqualTo(expected);
    return l;
  }

  @ParameterizedTest(name = "an SR with a report block and an SDES CNAME is read at offset {0}")
  @MethodSource("offsets")
  void senderReportAndSdes(int off) {
    RecordingListener l = parse(SR_SDES, off, RtcpParseStatus.OK);
    assertThat(l.events)
        .containsExactly(
            "SR ssrc=11111111 ntp=e23f000080000000 rtp=123456 packets=10 octets=1234",
            "RB from=11111111 source=22222222 fraction=64 lost=-2 highest=65541 jitter=32"
                + " lsr=3f008000 dlsr=65536",
            "SDES ssrc=11111111 type=1 text=ab");
  }

  @ParameterizedTest(name = "RR, BYE and an APP packet in one compound at offset {0}")
  @MethodSource("offsets")
  void receiverReportByeAndOther(int off) {
    byte[] pkt =
        hex(
            "80 c9 00 01 33 33 33 33"
                + " 82 cb 00 02 44 44 44 44 55 55 55 55"
                + " 80 cc 00 02 66 66 66 66 6e 61 6d 65");
    assertThat(parse(pkt, off, RtcpParseStatus.OK).events)
        .containsExactly("BYE ssrc=44444444", "BYE ssrc=55555555", "OTHER pt=204 fmt=0 len=8");
  }

  @ParameterizedTest(name = "feedback messages: NACK, PLI, FIR, REMB, transport-cc at offset {0}")
  @MethodSource("offsets")
  void feedback(int off) {
    byte[] pkt =
        hex(
            // generic NACK, two FCI entries (RFC 4585 §6.2.1)
            "81 cd 00 04 00 00 00 01 aa aa aa aa 00 64 00 05 ff ff 80 00"
                // PLI (RFC 4585 §6.3.1)
                + " 81 ce 00 02 00 00 00 01 aa aa aa aa"
                // FIR (RFC 5104 §4.3.1): media SSRC 0, FCI target + seq 7
                + " 84 ce 00 04 00 00 00 01 00 00 00 00 aa aa aa aa 07 00 00 00"
                // REMB: exp 2, mantissa 0x28f5b → 671084 bps, one SSRC
                + " 8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0a 8f 5b aa aa aa aa"
                // transport-cc: base 5, count 3, ref time -1, fb count 9, one chunk + padding
                + " 8f cd 00 05 00 00 00 01 aa aa aa aa 00 05 00 03 ff ff ff 09 20 03 00 00");
    assertThat(parse(pkt, off, RtcpParseStatus.OK).events)
        .containsExactly(
            "NACK media=aaaaaaaa pid=100 blp=101",
            "NACK media=aaaaaaaa pid=65535 blp=1000000000000000",
            "PLI sender=1 media=aaaaaaaa",
            "FIR sender=1 target=aaaaaaaa seq=7",
            "REMB sender=1 bitrate=671084 ssrcs=aaaaaaaa;",
            "TWCC media=aaaaaaaa base=5 count=3 ref=-1 fb=9 chunks=4");
  }

  @Test
  void paddingOnTheLastSubpacketIsRemovedBeforeTheBody() {
    // RR with padding bit: 4 words after header, last byte 4 = padding count
    byte[] pkt = hex("80 c9 00 01 33 33 33 33  a1 cb 00 02 44 44 44 44 00 00 00 04");
    assertThat(parse(pkt, 0, RtcpParseStatus.OK).events).containsExactly("BYE ssrc=44444444");
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("three bytes are too short", "80 c9 00", RtcpParseStatus.TOO_SHORT),
        Arguments.of(
            "version 1 in the second packet rejects the compound",
            "80 c9 00 01 33 33 33 33 41 ce 00 02 00 00 00 01 aa aa aa aa",
            RtcpParseStatus.BAD_VERSION),
        Arguments.of(
            "a length running past the datagram",
            "80 c9 00 02 33 33 33 33",
            RtcpParseStatus.BAD_LENGTH),
        Arguments.of(
            "trailing bytes shorter than a header",
            "80 c9 00 01 33 33 33 33 80 c9",
            RtcpParseStatus.BAD_LENGTH),
        Arguments.of(
            "padding on the first of two packets (RFC 3550 A.2)",
            "a0 c9 00 01 33 33 33 33 80 c9 00 01 33 33 33 33",
            RtcpParseStatus.BAD_PADDING),
        Arguments.of(
            "a padding count larger than the packet body",
            "a0 c9 00 01 33 33 33 09",
            RtcpParseStatus.BAD_PADDING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  void rejectedCompoundsReportNothing(String why, String hexPacket, RtcpParseStatus expected) {
    byte[] pkt = hex(hexPacket);
    for (int off : TestBytes.OFFSETS) {
      assertThat(parse(pkt, off, expected).events).isEmpty();
    }
  }

  static Stream<Arguments> partial() {
    return Stream.of(
        Arguments.of("an RR announcing a block it does not carry", "81 c9 00 01 33 33 33 33"),
        Arguments.of("a NACK without an FCI entry", "81 cd 00 02 00 00 00 01 aa aa aa aa"),
        Arguments.of("an SDES item longer than its packet", "81 ca 00 02 11 11 11 11 01 09 61 62"),
        Arguments.of(
            "an SDES chunk without its null terminator", "81 ca 00 02 11 11 11 11 01 02 61 62"),
        Arguments.of(
            "a REMB announcing two SSRCs but carrying one",
            "8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 02 0a 8f 5b aa aa aa aa"));
  }

  @ParameterizedTest(name = "{0} is skipped and the next packet still read")
  @MethodSource("partial")
  void inconsistentBodiesAreSkipped(String why, String hexPacket) {
    byte[] pkt = concat(hex(hexPacket), hex("81 ce 00 02 00 00 00 01 aa aa aa aa"));
    for (int off : TestBytes.OFFSETS) {
      RtcpParser parser = new RtcpParser();
      RecordingListener l = new RecordingListener();
      assertThat(parser.parse(embed(pkt, off), off, pkt.length, l))
          .isEqualTo(RtcpParseStatus.PARTIAL);
      assertThat(l.events).containsExactly("PLI sender=1 media=aaaaaaaa");
      assertThat(parser.stats().malformedSubpackets()).isEqualTo(1);
    }
  }
}
