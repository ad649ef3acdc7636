package io.roomrecorder.webm.testing;

import io.roomrecorder.webm.InMemoryWebmSink;
import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import io.roomrecorder.webm.WebmSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Feeds frames to a muxer in presentation order, as a recorder with a common clock would. */
public final class Feed {
  private Feed() {}

  private record Item(Frame frame, boolean video) {}

  /**
   * A whole file: {@code video} and {@code audio} interleaved (flushed every second) and closed.
   *
   * @param seekable false: the muxer gets an append-only sink (a pipe or an append-only file), so
   *     it can never go back to finalize the header
   */
  public static byte[] muxToBytes(
      WebmMuxerConfig config, boolean seekable, List<Frame> video, List<Frame> audio) {
    InMemoryWebmSink memory = new InMemoryWebmSink();
    WebmMuxer muxer = new WebmMuxer(config, seekable ? memory : appendOnly(memory));
    interleave(muxer, video, audio, 90_000);
    muxer.close();
    return memory.toByteArray();
  }

  /** A sink that cannot rewrite, writing through to {@code memory}. */
  public static WebmSink appendOnly(InMemoryWebmSink memory) {
    return new WebmSink() {
      @Override
      public void write(byte[] buf, int off, int len) {
        memory.write(buf, off, len);
      }

      @Override
      public void flush() {
        memory.flush();
      }
    };
  }

  /**
   * Writes {@code video} and {@code audio} interleaved by pts (video first on ties); {@code
   * flushEvery90k} &gt; 0 flushes whenever that much media time has passed since the last flush.
   *
   * @return how many frames the muxer accepted
   */
  public static int interleave(
      WebmMuxer muxer, List<Frame> video, List<Frame> audio, long flushEvery90k) {
    List<Item> items = new ArrayList<>();
    video.forEach(f -> items.add(new Item(f, true)));
    audio.forEach(f -> items.add(new Item(f, false)));
    items.sort(
        Comparator.comparingLong((Item i) -> i.frame().pts90k()).thenComparing(i -> !i.video()));
    int accepted = 0;
    long lastFlush = items.isEmpty() ? 0 : items.get(0).frame().pts90k();
    for (Item i : items) {
      byte[] d = i.frame().data();
      boolean ok =
          i.video()
              ? muxer.writeVideo(d, 0, d.length, i.frame().pts90k(), i.frame().keyframe())
              : muxer.writeAudio(d, 0, d.length, i.frame().pts90k());
      if (ok) {
        accepted++;
      }
      if (flushEvery90k > 0 && i.frame().pts90k() - lastFlush >= flushEvery90k) {
        muxer.flush();
        lastFlush = i.frame().pts90k();
      }
    }
    return accepted;
  }

  /** The frames of {@code frames} shifted by {@code ticks}. */
  public static List<Frame> shift(List<Frame> frames, long ticks) {
    return frames.stream().map(f -> f.shifted(ticks)).toList();
  }

  /** {@code a} followed by {@code b} shifted to start one frame after {@code a}'s last frame. */
  public static List<Frame> concat(List<Frame> a, List<Frame> b, long frameTicks) {
    List<Frame> out = new ArrayList<>(a);
    long start = a.get(a.size() - 1).pts90k() + frameTicks - b.get(0).pts90k();
    out.addAll(shift(b, start));
    return out;
  }
}
