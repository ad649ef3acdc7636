package io.roomrecorder.webm.testing;

import io.roomrecorder.webm.WebmMuxer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Feeds frames to a muxer in presentation order, as a recorder with a common clock would. */
public final class Feed {
  private Feed() {}

  private record Item(Frame frame, boolean video) {}

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
