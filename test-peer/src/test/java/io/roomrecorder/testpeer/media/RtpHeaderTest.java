package io.roomrecorder.testpeer.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {

  @Test
  void writesTheFixedHeaderWithUnsignedSsrc() {
    byte[] buf = new byte[20];
    int len = RtpHeader.write(buf, 2, 102, true, 0xABCD, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0, null);
    assertThat(len).isEqualTo(12);
    assertThat(buf[2] & 0xFF).isEqualTo(0x80);
    assertThat(buf[3] & 0xFF).isEqualTo(0x80 | 102);
    assertThat(((buf[4] & 0xFF) << 8) | (buf[5] & 0xFF)).isEqualTo(0xABCD);
    for (int i = 6; i < 14; i++) {
      assertThat(buf[i] & 0xFF).isEqualTo(0xFF);
    }
  }

  @Test
  void writesTheMidAsAOneByteHeaderExtension() {
    byte[] buf = new byte[32];
    int len = RtpHeader.write(buf, 0, 111, false, 1, 2, 3, 9, "1");
    assertThat(len).isEqualTo(12 + 4 + 4);
    assertThat(buf[0] & 0x10).as("X bit").isEqualTo(0x10);
    assertThat(buf[12] & 0xFF).isEqualTo(0xBE);
    assertThat(buf[13] & 0xFF).isEqualTo(0xDE);
    assertThat(buf[15]).isEqualTo((byte) 1);
    assertThat(buf[16] & 0xFF).isEqualTo(9 << 4);
    assertThat(buf[17]).isEqualTo((byte) '1');
  }

  @Test
  void senderReportCarriesNtpTimeFromTheUnixClock() {
    byte[] buf = new byte[28];
    SenderReport.write(buf, 0, 0x1234, 1_500_000L, 90_000, 7, 700);
    assertThat(buf[1] & 0xFF).isEqualTo(200);
    long seconds =
        ((buf[8] & 0xFFL) << 24)
            | ((buf[9] & 0xFF) << 16)
            | ((buf[10] & 0xFF) << 8)
            | (buf[11] & 0xFF);
    long fraction =
        ((buf[12] & 0xFFL) << 24)
            | ((buf[13] & 0xFF) << 16)
            | ((buf[14] & 0xFF) << 8)
            | (buf[15] & 0xFF);
    assertThat(seconds).isEqualTo(1 + SenderReport.NTP_UNIX_OFFSET_SECONDS);
    assertThat(fraction).isEqualTo(1L << 31);
  }
}
