package io.roomrecorder.rtp.rtcp;

import static io.roomrecorder.rtp.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtcpWriterTest {
  private static final int OFF = 5; // builders write at an offset inside a larger array

  private static RecordingListener reparse(byte[] out, int len) {
    RecordingListener l = new RecordingListener();
    assertThat(new RtcpParser().parse(out, OFF, len, l)).isEqualTo(RtcpParseStatus.OK);
    return l;
  }

  @Test
  void aCompoundOfReceiverReportAndCnameParsesBack() {
    ReceptionReport r = new ReceptionReport();
    r.sourceSsrc = 0x22222222L;
    r.fractionLost = 64;
    r.cumulativeLost = -2;
    r.extendedHighestSequence = 65541;
    r.jitter = 32;
    r.lastSenderReport = 0x3f008000L;
    r.delaySinceLastSenderReport = 65536;
    byte[] out = new byte[200];
    int n = RtcpWriter.receiverReport(out, OFF, 0x11111111L, new ReceptionReport[] {r}, 1);
    n += RtcpWriter.sdesCname(out, OFF + n, 0x11111111L, "ab".getBytes(StandardCharsets.UTF_8));
    assertThat(n).isEqualTo(32 + 16);
    assertThat(Arrays.copyOfRange(out, OFF, OFF + n))
        .isEqualTo(
            hex(
                "81 c9 00 07 11 11 11 11 22 22 22 22 40 ff ff fe 00 01 00 05 00 00 00 20"
                    + " 3f 00 80 00 00 01 00 00  81 ca 00 03 11 11 11 11 01 02 61 62 00 00 00 00"));
    assertThat(reparse(out, n).events)
        .containsExactly(
            "RB from=11111111 source=22222222 fraction=64 lost=-2 highest=65541 jitter=32"
                + " lsr=3f008000 dlsr=65536",
            "SDES ssrc=11111111 type=1 text=ab");
  }

  @Test
  void aCnameFillingItsLastWordExactlyGetsAWholeWordOfNulls() {
    byte[] out = new byte[64];
    int n = RtcpWriter.sdesCname(out, OFF, 1, "abcdef".getBytes(StandardCharsets.UTF_8));
    // 4 + 4 + 2 + 6 = 16 bytes of content: the terminating null needs a fresh word
    assertThat(n).isEqualTo(20);
    assertThat(reparse(out, n).events).containsExactly("SDES ssrc=1 type=1 text=abcdef");
  }

  @ParameterizedTest(name = "NACK for {0} encodes as {1}")
  @CsvSource({
    "'100', 'pid=100 blp=0'",
    "'100 101 103 116', 'pid=100 blp=1000000000000101'",
    "'100 117', 'pid=100 blp=0|pid=117 blp=0'",
    "'65534 65535 0 1', 'pid=65534 blp=111'",
    "'5 5 6', 'pid=5 blp=1'"
  })
  void nackPacksSequenceNumbersIntoPidAndBitmask(String seqs, String expected) {
    int[] s = Arrays.stream(seqs.split(" ")).mapToInt(Integer::parseInt).toArray();
    byte[] out = new byte[100];
    int n = RtcpWriter.nack(out, OFF, 1, 0xaaaaaaaaL, s, s.length);
    String[] fci = expected.split("\\|");
    assertThat(n).isEqualTo(12 + 4 * fci.length);
    assertThat(reparse(out, n).events)
        .containsExactly(
            Arrays.stream(fci).map(f -> "NACK media=aaaaaaaa " + f).toArray(String[]::new));
  }

  @Test
  void pliAndFirAreTheirRfcSizes() {
    byte[] out = new byte[64];
    int n = RtcpWriter.pli(out, OFF, 1, 0xaaaaaaaaL);
    n += RtcpWriter.fir(out, OFF + n, 1, 0xaaaaaaaaL, 300);
    assertThat(n).isEqualTo(12 + 20);
    assertThat(reparse(out, n).events)
        .containsExactly("PLI sender=1 media=aaaaaaaa", "FIR sender=1 target=aaaaaaaa seq=44");
  }

  @ParameterizedTest(name = "REMB of {0} bps is carried as {1} bps")
  @CsvSource({
    "0, 0",
    "262143, 262143",
    "671085, 671084",
    "2500000, 2500000",
    "30000001, 30000000",
    "33554431, 33554304"
  })
  void rembEncodesMantissaAndExponentRoundingDown(long bps, long expected) {
    byte[] out = new byte[64];
    int n = RtcpWriter.remb(out, OFF, 1, bps, new long[] {0xaL, 0xbL}, 2);
    assertThat(n).isEqualTo(28);
    assertThat(reparse(out, n).events)
        .containsExactly("REMB sender=1 bitrate=" + expected + " ssrcs=a;b;");
  }

  @Test
  void byeParsesBack() {
    byte[] out = new byte[16];
    int n = RtcpWriter.bye(out, OFF, 0x1234);
    assertThat(reparse(out, n).events).containsExactly("BYE ssrc=1234");
  }

  @Test
  void tooSmallAnOutputArrayIsACallerBugNamedBeforeWriting() {
    byte[] out = new byte[11];
    assertThatThrownBy(() -> RtcpWriter.pli(out, 0, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12 bytes");
    assertThat(out).containsOnly(0);
  }
}
