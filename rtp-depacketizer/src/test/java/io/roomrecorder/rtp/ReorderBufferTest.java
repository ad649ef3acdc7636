package io.roomrecorder.rtp;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.rtp.rtcp.ReceptionReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReorderBufferTest {
  static final long SSRC = 0x1234L;
  static final int PT = 96;
  static final int RTX_PT = 97;

  /**
   * Runs a trace. Steps, separated by spaces: {@code 5@10} pushes media seq 5 at 10 ms (timestamp
   * 3000 × seq, payload = seq), {@code 5:7@10} pushes seq 5 with timestamp 7, {@code x5@10} pushes
   * an RTX packet carrying OSN 5, {@code t=30} only advances the clock, {@code eos} ends the
   * stream. After each step the buffer is drained; the output lists {@code P<seq64>} for packets
   * (checked against their payload), {@code L<first>x<count>} for losses and {@code R} for
   * restarts.
   */
  static String run(ReorderBuffer b, String trace) {
    List<String> out = new ArrayList<>();
    int rtxSeq = 1000;
    long now = 0;
    boolean restarted = false;
    for (String step : trace.trim().split("\\s+")) {
      if (step.startsWith("t=")) {
        now = Long.parseLong(step.substring(2));
      } else if (step.equals("eos")) {
        b.endOfStream();
      } else {
        boolean rtx = step.startsWith("x");
        String s = rtx ? step.substring(1) : step;
        now = Long.parseLong(s.substring(s.indexOf('@') + 1));
        String seqPart = s.substring(0, s.indexOf('@'));
        int seq = Integer.parseInt(seqPart.split(":")[0]);
        long ts = seqPart.contains(":") ? Long.parseLong(seqPart.split(":")[1]) : 3000L * seq;
        byte[] payload = {(byte) (seq >>> 8), (byte) seq, 9};
        byte[] pkt;
        if (rtx) {
          byte[] p2 = {(byte) (seq >>> 8), (byte) seq, (byte) (seq >>> 8), (byte) seq, 9};
          pkt = rtp(RTX_PT, false, rtxSeq++, ts & 0xFFFFFFFFL, 0x9999L, p2);
        } else {
          pkt = rtp(PT, false, seq, ts & 0xFFFFFFFFL, SSRC, payload);
        }
        byte[] buf = embed(pkt, 7);
        b.push(buf, 7, pkt.length, now);
        Arrays.fill(buf, (byte) 0); // the buffer must have copied
      }
      for (ReorderBuffer.Event e; (e = b.poll(now)) != ReorderBuffer.Event.NONE; ) {
        switch (e) {
          case PACKET -> {
            RtpPacket p = b.packet();
            byte[] d = p.buffer();
            int wire = ((d[p.payloadOffset()] & 0xFF) << 8) | (d[p.payloadOffset() + 1] & 0xFF);
            assertThat(wire).as("payload matches sequence").isEqualTo(p.sequenceNumber());
            assertThat(p.payloadType()).isEqualTo(PT);
            assertThat(p.ssrc()).isEqualTo(SSRC);
            if (!restarted) { // after a restart the 64-bit numbering continues the old run
              assertThat(p.extendedSequence() & 0xFFFF).isEqualTo(p.sequenceNumber());
            }
            assertThat(p.extendedTimestamp() & 0xFFFFFFFFL).isEqualTo(p.timestamp());
            out.add("P" + p.extendedSequence());
          }
          case LOST -> out.add("L" + b.lostFirst() + "x" + b.lostCount());
          case RESTART -> {
            out.add("R");
            restarted = true;
          }
          case NONE -> throw new AssertionError();
        }
      }
      assertThat(b.stats().balanced()).as("accounting after %s: %s", step, b.stats()).isTrue();
    }
    return String.join(" ", out);
  }

  static ReorderBuffer buffer() {
    return new ReorderBuffer(
        ReorderConfig.builder(90000).maxPackets(8).holdTimeMs(100).rtx(RTX_PT, PT).build());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "packets in order are emitted at once | 1@0 2@1 3@2 | P1 P2 P3",
        "the first packet to arrive need not be the first sent | 2@0 1@1 3@2 | P1 P2 P3",
        "a lone first packet waits the startup delay for an earlier one | 5@0 t=19 t=20 | P5",
        "a first packet's predecessor beyond MAX_MISORDER is not waited for"
            + " | 200@0 50@1 t=20 201@21 | P200 P201",
        "the sequence wraps at 65535 into 64 bits | 65534@0 65535@1 0@2 1@3"
            + " | P65534 P65535 P65536 P65537",
        "a reordered packet waits for its predecessor | 1@0 3@1 2@2 | P1 P2 P3",
        "reordering across the wrap | 65535@0 1@1 0@2 | P65535 P65536 P65537",
        "a duplicate is dropped | 1@0 2@1 2@2 3@3 | P1 P2 P3",
        "a duplicate of a buffered packet is dropped | 1@0 3@1 3@2 2@3 | P1 P2 P3",
        "a gap is held for the hold time, then reported lost | 1@0 3@10 t=109 t=110 | P1 L2x1 P3",
        "a late packet after its gap was given up is dropped | 1@0 3@0 t=100 2@120 4@121"
            + " | P1 L2x1 P3 P4",
        "an RTX retransmission fills the gap | 1@0 3@1 x2@30 | P1 P2 P3",
        "an RTX copy of a packet already there is a duplicate | 1@0 2@1 x2@30 3@31 | P1 P2 P3",
        "an RTX copy of an emitted packet is too old | 1@0 2@1 x1@30 | P1 P2",
        "more pending than maxPackets gives up the gap | 1@0 3@1 4@2 5@3 6@4 7@5 8@6 9@7 10@8"
            + " | P1 L2x1 P3 P4 P5 P6 P7 P8 P9 P10",
        "a burst loss is one event | 1@0 5@1 t=101 | P1 L2x3 P5",
        "a sender restart is reported, not counted as loss | 1@0 2@1 40000@2 40001@3 40002@4"
            + " | P1 P2 R P3 P4 P5",
        "a restart after a gap flushes the old run first | 1@0 3@1 40000@2 40001@3"
            + " | P1 L2x1 P3 R P4 P5",
        "a single wild packet is dropped when not confirmed | 1@0 2@1 40000@2 3@3 | P1 P2 P3",
        "a backward jump beyond MAX_MISORDER confirmed twice is a restart"
            + " | 20000@0 20001@1 5@2 6@3 | P20000 P20001 R P20002 P20003",
        "end of stream emits what is buffered | 1@0 3@1 6@2 eos | P1 L2x1 P3 L4x2 P6",
        "media time beyond 2 s gives up the gap | 1:0@0 3:180001@1 | P1 L2x1 P3",
      })
  void traces(String sentence, String trace, String expected) {
    assertThat(run(buffer(), trace)).isEqualTo(expected);
  }

  @Test
  void timestampsWidenAcrossTheir32BitWrap() {
    ReorderBuffer b = buffer();
    assertThat(run(b, "1:4294964296@0 2:4294967295@1 3:2999@2")).isEqualTo("P1 P2 P3");
    // emitted packet 3 carries 2^32 + 2999
    assertThat(b.packet().extendedTimestamp()).isEqualTo(4294967296L + 2999);
  }

  @Test
  void everyPushIsAccountedFor() {
    ReorderBuffer b = buffer();
    run(b, "1@0 3@1 3@2 x3@3 2@4 40000@5 5@6 t=200 x1@201");
    ReorderStats s = b.stats();
    assertThat(s.received()).isEqualTo(8);
    assertThat(s.duplicates()).isEqualTo(2);
    assertThat(s.heldPending()).isEqualTo(1);
    assertThat(s.lost()).isEqualTo(1);
    assertThat(s.tooOld()).isEqualTo(1);
    assertThat(s.emitted()).isEqualTo(4);
    assertThat(s.balanced()).isTrue();
  }

  @Test
  void packetsFromAnotherSsrcAreDroppedAndCounted() {
    ReorderBuffer b = buffer();
    run(b, "1@0");
    byte[] other = rtp(PT, false, 2, 0, 0x5555, new byte[] {0, 2});
    assertThat(b.push(other, 0, other.length, 1)).isEqualTo(ReorderBuffer.PushResult.WRONG_SSRC);
    assertThat(b.stats().wrongSsrc()).isEqualTo(1);
    assertThat(b.stats().balanced()).isTrue();
  }

  @Test
  void rtxPaddingProbesAreDroppedAndCounted() {
    ReorderBuffer b = buffer();
    run(b, "1@0");
    byte[] probe = rtp(RTX_PT, false, 77, 0, 0x9999, new byte[0]);
    assertThat(b.push(probe, 0, probe.length, 1)).isEqualTo(ReorderBuffer.PushResult.RTX_PADDING);
    assertThat(b.stats().rtxPadding()).isEqualTo(1);
  }

  @Test
  void probationDropsPacketsUntilMinSequentialInARow() {
    ReorderBuffer b =
        new ReorderBuffer(ReorderConfig.builder(90000).minSequential(3).holdTimeMs(100).build());
    assertThat(run(b, "10@0 20@1 21@2 22@3 23@4")).isEqualTo("P22 P23");
    assertThat(b.stats().probation()).isEqualTo(3);
    assertThat(b.stats().balanced()).isTrue();
  }

  @Test
  void withoutDrainingTheStorageRunsOutAndSaysSo() {
    ReorderBuffer b = new ReorderBuffer(ReorderConfig.builder(90000).maxPackets(2).build());
    ReorderBuffer.PushResult last = null;
    for (int i = 1; i <= 5; i++) {
      byte[] p = rtp(PT, false, i, 0, SSRC, new byte[] {1});
      last = b.push(p, 0, p.length, 0);
    }
    assertThat(last).isEqualTo(ReorderBuffer.PushResult.BUFFER_FULL);
    assertThat(b.stats().bufferFull()).isEqualTo(1);
    assertThat(b.stats().balanced()).isTrue();
  }

  @Test
  void jumpsPushedWithoutDrainingNeverOverwriteAPendingPacket() {
    ReorderBuffer b = new ReorderBuffer(ReorderConfig.builder(90000).maxPackets(8).build());
    List<ReorderBuffer.PushResult> results = new ArrayList<>();
    for (int seq = 1; seq < 20000; seq += 2999) {
      byte[] p = rtp(PT, false, seq, 0, SSRC, new byte[] {(byte) (seq >>> 8), (byte) seq});
      results.add(b.push(p, 0, p.length, 0));
    }
    assertThat(results).contains(ReorderBuffer.PushResult.BUFFER_FULL);
    b.endOfStream();
    List<Long> emitted = new ArrayList<>();
    for (ReorderBuffer.Event e; (e = b.poll(0)) != ReorderBuffer.Event.NONE; ) {
      if (e == ReorderBuffer.Event.PACKET) {
        RtpPacket p = b.packet();
        int payload =
            ((p.buffer()[p.payloadOffset()] & 0xFF) << 8)
                | (p.buffer()[p.payloadOffset() + 1] & 0xFF);
        assertThat(payload).isEqualTo(p.sequenceNumber());
        emitted.add(p.extendedSequence());
      }
    }
    assertThat(emitted).startsWith(1L, 3000L).isSorted();
    assertThat(b.stats().balanced()).isTrue();
  }

  @Test
  void nacksWaitTheDelayThenRepeatPerRttUpToTheRetryLimit() {
    ReorderBuffer b =
        new ReorderBuffer(
            ReorderConfig.builder(90000).holdTimeMs(1000).nack(10, 2).maxPackets(64).build());
    run(b, "65534@0 2@0");
    int[] seqs = new int[16];
    assertThat(b.collectNacks(5, 20, seqs)).isZero();
    int n = b.collectNacks(10, 20, seqs);
    assertThat(Arrays.copyOf(seqs, n)).containsExactly(65535, 0, 1);
    assertThat(b.collectNacks(20, 20, seqs)).isZero();
    run(b, "0@25");
    n = b.collectNacks(30, 20, seqs);
    assertThat(Arrays.copyOf(seqs, n)).containsExactly(65535, 1);
    assertThat(b.collectNacks(100, 20, seqs)).isZero(); // two tries each
    assertThat(b.stats().nacksRequested()).isEqualTo(5);
  }

  @Test
  void receptionReportFollowsRfc3550AppendixA3() {
    ReorderBuffer b = buffer();
    // 10 expected (1..10), 7 received, steady arrival (transit constant: jitter 0)
    String trace =
        Arrays.stream(new int[] {1, 2, 4, 5, 7, 9, 10})
            .mapToObj(i -> i + ":" + (i * 40 * 90) + "@" + (i * 40))
            .collect(Collectors.joining(" "));
    run(b, trace + " t=1000");
    ReceptionReport r = new ReceptionReport();
    b.fillReport(r, 0x3f008000L, 900, 1000);
    assertThat(r.sourceSsrc).isEqualTo(SSRC);
    assertThat(r.cumulativeLost).isEqualTo(3);
    assertThat(r.fractionLost).isEqualTo(3 * 256 / 10);
    assertThat(r.extendedHighestSequence).isEqualTo(10);
    assertThat(r.jitter).isZero();
    assertThat(r.lastSenderReport).isEqualTo(0x3f008000L);
    assertThat(r.delaySinceLastSenderReport).isEqualTo(100 * 65536 / 1000);
    b.fillReport(r, 0, 0, 2000);
    assertThat(r.fractionLost).isZero(); // nothing new expected since the last report
    assertThat(r.delaySinceLastSenderReport).isZero();
  }

  @Test
  void jitterGrowsWhenArrivalsWobble() {
    ReorderBuffer b = buffer();
    run(b, "1@0 2@60 3@60 4@140 5@140");
    ReceptionReport r = new ReceptionReport();
    b.fillReport(r, 0, 0, 200);
    assertThat(r.jitter).isPositive();
  }
}
