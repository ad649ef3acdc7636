package io.roomrecorder.bench;

import io.roomrecorder.webm.InMemoryWebmSink;
import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.WebmSink;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WebM mux throughput on one core for a 2.5 Mbit/s VP8 + 32 kbit/s Opus participant. One operation
 * is one second of media: 30 VP8 frames (a 40 kB key frame, then 29 interframes of 9.4 kB, so 2.5
 * Mbit/s) and 50 Opus packets of 80 bytes, interleaved by time; 316,600 bytes of payload. The muxer
 * runs on for the whole trial (Clusters every key frame, timestamps increasing), never closed. The
 * {@code payloadMB} counter is megabytes (10^6) of payload muxed per second; {@code ops/s} is how
 * many participants one core could mux in real time.
 *
 * <p>{@code sink=discard} measures the muxer alone (EBML framing, VP8/Opus header checks, timeline,
 * Cluster/Cue bookkeeping); {@code sink=memory} adds copying every byte into a byte array, as a
 * buffered file sink would.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package
 * java -jar bench/target/benchmarks.jar WebmMux -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WebmMuxBenchmark {
  static final int FPS = 30;
  static final int KEYFRAME_BYTES = 40_000;
  static final int INTERFRAME_BYTES = 9_400;
  static final int OPUS_BYTES = 80;
  static final int OPUS_PER_SECOND = 50;
  static final long PAYLOAD_PER_SECOND =
      KEYFRAME_BYTES + (FPS - 1L) * INTERFRAME_BYTES + (long) OPUS_PER_SECOND * OPUS_BYTES;

  @Param({"discard", "memory"})
  public String sink;

  private WebmMuxer muxer;
  private InMemoryWebmSink memory;
  private byte[] keyframe;
  private byte[] interframe;
  private byte[] opus;
  private long second;

  /** Payload megabytes muxed, reported by JMH as a rate (MB/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Payload {
    public double payloadMB;
  }

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(2500);
    keyframe = vp8Frame(random, KEYFRAME_BYTES, true);
    interframe = vp8Frame(random, INTERFRAME_BYTES, false);
    opus = new byte[OPUS_BYTES];
    random.nextBytes(opus);
    opus[0] = (byte) 0xFC; // TOC: CELT fullband 20 ms, stereo, one frame
    WebmSink target;
    if (sink.equals("memory")) {
      memory = new InMemoryWebmSink(8 << 20);
      target = memory;
    } else {
      target =
          new WebmSink() {
            @Override
            public void write(byte[] buf, int off, int len) {}

            @Override
            public void flush() {}
          };
    }
    muxer = new WebmMuxer(WebmMuxerConfig.videoAndAudio(1280, 720, 2), target);
  }

  /** A VP8 frame whose header (RFC 6386 §9.1) is valid; the partitions are random bytes. */
  private static byte[] vp8Frame(Random random, int size, boolean key) {
    byte[] f = new byte[size];
    random.nextBytes(f);
    int header = key ? 10 : 3;
    int tag = (key ? 0 : 1) | (1 << 4) | ((size - header) / 2 << 5);
    f[0] = (byte) tag;
    f[1] = (byte) (tag >>> 8);
    f[2] = (byte) (tag >>> 16);
    if (key) {
      f[3] = (byte) 0x9d;
      f[4] = 0x01;
      f[5] = 0x2a;
      f[6] = (byte) 1280;
      f[7] = (byte) (1280 >>> 8);
      f[8] = (byte) 720;
      f[9] = (byte) (720 >>> 8);
    }
    return f;
  }

  /** Muxes one second of media. */
  @Benchmark
  public long oneSecondOfMedia(Payload payload) {
    long base = second * 90_000;
    int audio = 0;
    for (int v = 0; v < FPS; v++) {
      long videoPts = base + v * 3000L;
      while (audio < OPUS_PER_SECOND && base + audio * 1800L <= videoPts) {
        muxer.writeAudio(opus, 0, OPUS_BYTES, base + audio * 1800L);
        audio++;
      }
      byte[] f = v == 0 ? keyframe : interframe;
      muxer.writeVideo(f, 0, f.length, videoPts, v == 0);
    }
    for (; audio < OPUS_PER_SECOND; audio++) {
      muxer.writeAudio(opus, 0, OPUS_BYTES, base + audio * 1800L);
    }
    muxer.flush();
    if (memory != null && memory.size() > (64 << 20)) {
      memory.clear(); // keep the heap flat; the muxer only appends until close
    }
    second++;
    payload.payloadMB += PAYLOAD_PER_SECOND / 1e6;
    return second;
  }
}
