package io.roomrecorder.rtp;

import static io.roomrecorder.rtp.TestBytes.embed;
import static io.roomrecorder.rtp.TestBytes.hex;
import static io.roomrecorder.rtp.TestBytes.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/**
 * Drives a trace of RTP packets through a real {@link ReorderBuffer} into a depacketizer. A trace
 * is a list of {@code seq/ts[/m]:payloadhex} separated by spaces or newlines ({@code m} = marker);
 * packets are pushed in trace order at 1 ms intervals, each at a non-zero offset in an array full
 * of junk, and the array is overwritten after the push.
 */
public final class PacketTrace {
  private PacketTrace() {}

  public static final long SSRC = 0xCAFEL;

  public static void run(String trace, int pt, Depacketizer d, long endMs) {
    ReorderBuffer buffer =
        new ReorderBuffer(ReorderConfig.builder(90000).holdTimeMs(50).maxPackets(64).build());
    long now = 0;
    for (String step : trace.trim().split("\\s+")) {
      String[] head = step.split(":")[0].split("/");
      String payloadHex = step.substring(step.indexOf(':') + 1);
      int seq = Integer.parseInt(head[0]);
      long ts = Long.parseLong(head[1]);
      boolean marker = head.length > 2 && head[2].equals("m");
      byte[] pkt = rtp(pt, marker, seq, ts, SSRC, hex(payloadHex));
      pushAndDrain(buffer, pkt, d, now++);
    }
    drain(buffer, d, endMs);
    buffer.endOfStream();
    drain(buffer, d, endMs);
    d.flush();
    assertThat(d.stats().balanced()).as("%s", d.stats()).isTrue();
    assertThat(buffer.stats().balanced()).isTrue();
  }

  public static void pushAndDrain(ReorderBuffer buffer, byte[] pkt, Depacketizer d, long now) {
    byte[] buf = embed(pkt, 13);
    buffer.push(buf, 13, pkt.length, now);
    Arrays.fill(buf, (byte) 0x5A);
    drain(buffer, d, now);
  }

  public static void drain(ReorderBuffer buffer, Depacketizer d, long now) {
    for (ReorderBuffer.Event e; (e = buffer.poll(now)) != ReorderBuffer.Event.NONE; ) {
      switch (e) {
        case PACKET -> d.handle(buffer.packet());
        case LOST -> d.handleLoss(buffer.lostFirst(), buffer.lostCount());
        case RESTART, NONE -> {}
      }
    }
  }
}
