package io.roomrecorder.datachannel.dcep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DcepMessageTest {

  @Test
  void anOpenAsChromeSendsItForSendChannelParses() {
    // RFC 8832 §5.1: reliable ordered, priority 256, label "sendChannel", no protocol.
    byte[] label = "sendChannel".getBytes();
    byte[] wire = new byte[12 + label.length];
    wire[0] = 0x03;
    wire[2] = 0x01;
    wire[9] = (byte) label.length;
    System.arraycopy(label, 0, wire, 12, label.length);
    DcepMessage m = DcepMessage.parse(wire, 0, wire.length);
    assertThat(m).isEqualTo(new DcepMessage.Open(0, 256, 0, "sendChannel", ""));
  }

  @ParameterizedTest(name = "an OPEN survives a round trip at offset {0} with junk around it")
  @ValueSource(ints = {0, 1, 9})
  void openRoundTrips(int off) {
    DcepMessage.Open open = new DcepMessage.Open(0x81, 512, 0xFFFF_FFFFL, "läbel", "proto");
    byte[] enc = open.encode();
    byte[] framed = new byte[enc.length + off + 5];
    new Random(off).nextBytes(framed);
    System.arraycopy(enc, 0, framed, off, enc.length);
    assertThat(DcepMessage.parse(framed, off, enc.length)).isEqualTo(open);
    assertThat(open.unordered()).isTrue();
    assertThat(open.reliabilityType()).isEqualTo(DcepMessage.CHANNEL_PARTIAL_RELIABLE_REXMIT);
  }

  @Test
  void anAckIsOneByte() {
    assertThat(DcepMessage.parse(new byte[] {2}, 0, 1)).isEqualTo(new DcepMessage.Ack());
    assertThat(DcepMessage.parse(new byte[] {2, 0}, 0, 2)).isNull();
  }

  @Test
  void lengthsThatDoNotAddUpAndUnknownTypesAreRejected() {
    byte[] enc = new DcepMessage.Open(0, 256, 0, "a", "b").encode();
    assertThat(DcepMessage.parse(enc, 0, enc.length - 1)).isNull();
    byte[] longer = java.util.Arrays.copyOf(enc, enc.length + 1);
    assertThat(DcepMessage.parse(longer, 0, longer.length)).isNull();
    enc[1] = 0x03; // channel type 3 does not exist
    assertThat(DcepMessage.parse(enc, 0, enc.length)).isNull();
    assertThat(DcepMessage.parse(new byte[] {9}, 0, 1)).isNull();
    assertThat(DcepMessage.parse(new byte[0], 0, 0)).isNull();
  }

  @Test
  void randomAndMutatedInputNeverThrows() {
    Random r = new Random(7);
    byte[] valid = new DcepMessage.Open(0x02, 256, 1000, "label", "protocol").encode();
    for (int i = 0; i < 100_000; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[r.nextInt(40)];
        r.nextBytes(b);
        if (b.length > 0) {
          b[0] = (byte) (2 + r.nextInt(2));
        }
      } else {
        b = valid.clone();
        b[r.nextInt(b.length)] = (byte) r.nextInt();
      }
      DcepMessage.parse(b, 0, b.length);
    }
  }
}
