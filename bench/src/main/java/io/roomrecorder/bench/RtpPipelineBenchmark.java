package io.roomrecorder.bench;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.RtpPacket;
import io.roomrecorder.rtp.RtpParseStatus;
import io.roomrecorder.rtp.h264.H264Depacketizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The receive path of one video stream: RTP parse → reorder buffer → H.264 depacketizer, for
 * 1,200-byte packets (FU-A fragments of a 30 fps stream: 60 kB keyframes every 2 s, 4–20 kB delta
 * frames, SPS/PPS in a STAP-A before each keyframe). Scores are packets per second (one operation =
 * one packet). Sequence numbers and timestamps are rewritten as the batch is replayed, so the
 * buffer sees an endless in-order stream (the {@code reordered} variant swaps every 50th pair).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar Rtp -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtpPipelineBenchmark {
  static final int PACKET_SIZE = 1200;
  static final int FRAMES = 120;
  static final int BATCH = 1024;

  private byte[][] packets;
  private int[] frameOfPacket;
  private int cursor;
  private int seq;
  private long frameBase;
  private long now;
  private ReorderBuffer buffer;
  private H264Depacketizer depacketizer;
  private final RtpPacket view = new RtpPacket();
  private Blackhole blackhole;

  @Setup(Level.Trial)
  public void setUp(Blackhole bh) {
    this.blackhole = bh;
    Random rnd = new Random(42);
    List<byte[]> out = new ArrayList<>();
    List<Integer> frames = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      boolean key = f % 60 == 0;
      int size = key ? 60_000 : 4_000 + rnd.nextInt(16_000);
      byte[] nal = new byte[size];
      rnd.nextBytes(nal);
      nal[0] = (byte) (key ? 0x65 : 0x41);
      if (key) {
        byte[] stap = {
          0x18, 0, 4, 0x67, 0x42, (byte) 0xc0, 0x1f, 0, 4, 0x68, (byte) 0xce, 0x3c, (byte) 0x80
        };
        out.add(rtp(false, stap, stap.length));
        frames.add(f);
      }
      int p = 1;
      while (p < size) {
        int n = Math.min(PACKET_SIZE - 12 - 2, size - p);
        byte[] fu = new byte[n + 2];
        fu[0] = (byte) ((nal[0] & 0xE0) | 28);
        fu[1] = (byte) ((p == 1 ? 0x80 : 0) | (p + n == size ? 0x40 : 0) | (nal[0] & 0x1F));
        System.arraycopy(nal, p, fu, 2, n);
        out.add(rtp(p + n == size, fu, fu.length));
        frames.add(f);
        p += n;
      }
    }
    packets = out.toArray(new byte[0][]);
    frameOfPacket = frames.stream().mapToInt(Integer::intValue).toArray();
    FrameListener sink =
        new FrameListener() {
          @Override
          public void onFrame(byte[] d, int off, int len, long ts, boolean key, int flags) {
            blackhole.consume(len);
            blackhole.consume(d[off + len - 1]);
          }

          @Override
          public void onDamagedFrame(long ts, DamageReason reason) {
            throw new IllegalStateException("benchmark stream damaged: " + reason);
          }
        };
    buffer = new ReorderBuffer(ReorderConfig.builder(90000).maxPacketSize(PACKET_SIZE).build());
    depacketizer = new H264Depacketizer(sink);
  }

  private static byte[] rtp(boolean marker, byte[] payload, int n) {
    byte[] b = new byte[12 + n];
    b[0] = (byte) 0x80;
    b[1] = (byte) ((marker ? 0x80 : 0) | 96);
    b[8] = 0x12;
    b[11] = 0x34;
    System.arraycopy(payload, 0, b, 12, n);
    return b;
  }

  /**
   * The next packet of the endless stream, with the next sequence number and its frame's timestamp
   * written in, as they would arrive from the wire.
   */
  private byte[] nextPacket() {
    int i = cursor;
    byte[] b = packets[i];
    int s = seq++;
    long ts = (frameBase + frameOfPacket[i]) * 3000L;
    b[2] = (byte) (s >>> 8);
    b[3] = (byte) s;
    b[4] = (byte) (ts >>> 24);
    b[5] = (byte) (ts >>> 16);
    b[6] = (byte) (ts >>> 8);
    b[7] = (byte) ts;
    if (++cursor == packets.length) {
      cursor = 0;
      frameBase += FRAMES;
    }
    return b;
  }

  private void pushAndDrain(byte[] b) {
    if (view.parse(b, 0, b.length) != RtpParseStatus.OK) {
      throw new IllegalStateException("benchmark packet malformed");
    }
    buffer.push(view, now);
    for (ReorderBuffer.Event e; (e = buffer.poll(now)) != ReorderBuffer.Event.NONE; ) {
      if (e == ReorderBuffer.Event.PACKET) {
        depacketizer.handle(buffer.packet());
      }
    }
  }

  /** Parse → reorder → depacketize, packets in order. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inOrder() {
    for (int k = 0; k < BATCH; k++) {
      now++;
      pushAndDrain(nextPacket());
    }
  }

  /** Same, with every 50th pair of packets swapped on the way. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void reordered() {
    for (int k = 0; k < BATCH; k += 2) {
      now++;
      byte[] first = nextPacket();
      byte[] second = nextPacket();
      if ((k & 63) == 0) {
        pushAndDrain(second);
        pushAndDrain(first);
      } else {
        pushAndDrain(first);
        pushAndDrain(second);
      }
    }
  }

  /**
   * Thread CPU time spent, next to the wall-clock score: on a shared machine the scheduler's share
   * hides per-core cost, so packets per CPU-second = {@code packets} / {@code cpuNanos} × 10⁹.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    public long packets;
  }

  /** {@link #inOrder} with the thread's CPU time recorded in {@link CpuTime}. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inOrderCpuTime(CpuTime cpu) {
    long start = CpuTime.THREADS.getCurrentThreadCpuTime();
    inOrder();
    cpu.cpuNanos += CpuTime.THREADS.getCurrentThreadCpuTime() - start;
    cpu.packets += BATCH;
  }

  /** The RTP header view alone. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parseOnly(Blackhole bh) {
    for (int k = 0; k < BATCH; k++) {
      byte[] b = packets[cursor];
      cursor = cursor + 1 == packets.length ? 0 : cursor + 1;
      bh.consume(view.parse(b, 0, b.length));
      bh.consume(view.payloadLength());
    }
  }
}
