package io.roomrecorder.bench;

import io.roomrecorder.ts.TsMuxer;
import io.roomrecorder.ts.TsMuxerConfig;
import io.roomrecorder.ts.TsSink;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * ts-muxer throughput on a 2.5 Mbit/s 720p30 H.264 + 64 kbit/s Opus stream (synthetic access units
 * of realistic sizes: a 60 kB IDR with SPS/PPS every 2 s, ~9.6 kB P-frames, 160-byte 20 ms Opus
 * packets; browser-like, so the muxer inserts an AUD in every access unit).
 *
 * <p>One operation muxes 2 s of media (60 video access units, 100 Opus packets). The auxiliary
 * counters {@code payloadBytes} and {@code tsPackets} are reported per second: payload MB/s =
 * payloadBytes / 1e6, ns per TS packet = 1e9 / tsPackets.
 *
 * <pre>java -jar bench/target/benchmarks.jar TsMux -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class TsMuxBenchmark {
  static final int FRAMES = 60;
  static final int AUDIO_PACKETS = 100;
  static final int KEYFRAME_BYTES = 60_000;
  static final int PFRAME_BYTES = (2_500_000 / 8 * 2 - KEYFRAME_BYTES) / (FRAMES - 1);

  byte[][] video;
  byte[][] audio;
  long pts;
  TsMuxer muxer;
  CountingSink sink;

  /** Reported per second by JMH. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counters {
    public long payloadBytes;
    public long tsPackets;

    @Setup(Level.Iteration)
    public void reset() {
      payloadBytes = 0;
      tsPackets = 0;
    }
  }

  /** Consumes packets the cheapest way that still reads them. */
  static final class CountingSink implements TsSink {
    long bytes;
    int check;

    @Override
    public void write(byte[] buf, int off, int len) {
      bytes += len;
      check ^= buf[off + len - 1];
    }

    @Override
    public void flush() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(1);
    video = new byte[FRAMES][];
    for (int i = 0; i < FRAMES; i++) {
      boolean key = i == 0;
      byte[] au = new byte[key ? KEYFRAME_BYTES : PFRAME_BYTES];
      random.nextBytes(au);
      int p = 0;
      if (key) {
        byte[] spsPps = {
          0,
          0,
          0,
          1,
          0x67,
          0x42,
          (byte) 0xC0,
          0x1F,
          (byte) 0x8C,
          (byte) 0x8D,
          0x40,
          0x50,
          0x1E,
          (byte) 0x90,
          0,
          0,
          0,
          1,
          0x68,
          (byte) 0xCE,
          0x3C,
          (byte) 0x80
        };
        System.arraycopy(spsPps, 0, au, 0, spsPps.length);
        p = spsPps.length;
      }
      au[p] = 0;
      au[p + 1] = 0;
      au[p + 2] = 0;
      au[p + 3] = 1;
      au[p + 4] = (byte) (key ? 0x65 : 0x41);
      video[i] = au;
    }
    audio = new byte[AUDIO_PACKETS][];
    for (int i = 0; i < AUDIO_PACKETS; i++) {
      audio[i] = new byte[160];
      random.nextBytes(audio[i]);
      audio[i][0] = (byte) 0xFC; // CELT FB 20 ms, one frame
    }
    sink = new CountingSink();
    muxer = new TsMuxer(TsMuxerConfig.videoAndAudio(2), sink);
  }

  @Benchmark
  public void muxTwoSecondsOf720p(Counters counters, Blackhole bh) {
    long before = muxer.stats().payloadBytes();
    long packetsBefore = sink.bytes / 188;
    int a = 0;
    for (int v = 0; v < FRAMES; v++) {
      long vp = pts + v * 3000L;
      while (a < AUDIO_PACKETS && pts + a * 1800L <= vp) {
        byte[] p = audio[a];
        muxer.writeAudio(p, 0, p.length, pts + a * 1800L);
        a++;
      }
      byte[] au = video[v];
      muxer.writeVideo(au, 0, au.length, vp, v == 0);
    }
    while (a < AUDIO_PACKETS) {
      byte[] p = audio[a];
      muxer.writeAudio(p, 0, p.length, pts + a * 1800L);
      a++;
    }
    muxer.flush();
    pts += FRAMES * 3000L;
    counters.payloadBytes += muxer.stats().payloadBytes() - before;
    counters.tsPackets += sink.bytes / 188 - packetsBefore;
    bh.consume(sink.check);
  }
}
