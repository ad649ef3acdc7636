package io.roomrecorder.testpeer.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {

  record Payload(byte[] bytes, boolean marker) {}

  static List<Payload> packetize(AccessUnit au, int max) {
    List<Payload> out = new ArrayList<>();
    new H264Packetizer(max)
        .packetize(
            au,
            (buf, off, len, marker) ->
                out.add(new Payload(java.util.Arrays.copyOfRange(buf, off, off + len), marker)));
    return out;
  }

  @Test
  void parameterSetsAndASmallSliceAreAggregatedIntoOneStapA() {
    byte[] sps = {0x67, 0x42, 0, 0x1f};
    byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    byte[] idr = {0x65, (byte) 0x88, 1, 2, 3};
    List<Payload> out = packetize(new AccessUnit(List.of(sps, pps, idr), true), 1200);
    assertThat(out).hasSize(1);
    byte[] p = out.get(0).bytes();
    assertThat(p[0] & 0x1F).isEqualTo(H264Packetizer.STAP_A);
    assertThat(p[0] & 0x60).as("NRI is the maximum of the aggregated units").isEqualTo(0x60);
    assertThat(p).hasSize(1 + 2 + 4 + 2 + 4 + 2 + 5);
    assertThat(out.get(0).marker()).isTrue();
  }

  @Test
  void aLargeSliceIsFragmentedIntoFuAWithStartAndEndBits() {
    byte[] idr = new byte[5000];
    idr[0] = 0x65;
    for (int i = 1; i < idr.length; i++) {
      idr[i] = (byte) i;
    }
    List<Payload> out = packetize(new AccessUnit(List.of(idr), true), 1200);
    assertThat(out).hasSize((4999 + 1197) / 1198);
    ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
    rebuilt.write((out.get(0).bytes()[0] & 0xE0) | (out.get(0).bytes()[1] & 0x1F));
    for (int i = 0; i < out.size(); i++) {
      byte[] p = out.get(i).bytes();
      assertThat(p.length).isLessThanOrEqualTo(1200);
      assertThat(p[0] & 0x1F).isEqualTo(H264Packetizer.FU_A);
      assertThat((p[1] & 0x80) != 0).as("start bit of fragment %d", i).isEqualTo(i == 0);
      assertThat((p[1] & 0x40) != 0).as("end bit of fragment %d", i).isEqualTo(i == out.size() - 1);
      assertThat(out.get(i).marker()).isEqualTo(i == out.size() - 1);
      rebuilt.write(p, 2, p.length - 2);
    }
    assertThat(rebuilt.toByteArray()).isEqualTo(idr);
  }

  @Test
  void everyAccessUnitOfTheClipEndsWithTheMarkerBitAndFitsTheLimit() {
    for (AccessUnit au : SampleClip.h264().video()) {
      List<Payload> out = packetize(au, 1100);
      for (int i = 0; i < out.size(); i++) {
        assertThat(out.get(i).bytes().length).isLessThanOrEqualTo(1100);
        assertThat(out.get(i).marker()).isEqualTo(i == out.size() - 1);
      }
    }
  }
}
