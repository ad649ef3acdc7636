package io.roomrecorder.webm.testing;

import io.roomrecorder.webm.WebmMuxer;
import io.roomrecorder.webm.WebmMuxerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The process the kill -9 test kills: records the samples in a loop into the file named by its
 * argument, paced at about 5x real time, flushing every second of media and then printing {@code
 * flushed <ms>} so the parent knows what must be on disk. It never closes the muxer.
 */
public final class RecordUntilKilled {
  private RecordUntilKilled() {}

  public static void main(String[] args) throws InterruptedException {
    List<Frame> video = Samples.vp8Small();
    List<Frame> audio = Samples.opus().subList(0, 100); // exactly 2 s, so loops join seamlessly
    WebmMuxer muxer =
        new WebmMuxer(
            WebmMuxerConfig.videoAndAudio(320, 180, 2), new FileWebmSink(Path.of(args[0])));
    long loopTicks = 180_000;
    int a = 0;
    long nextFlush = 90_000;
    for (int loop = 0; ; loop++) {
      for (Frame v : video) {
        long pts = v.pts90k() + loop * loopTicks;
        while (a < audio.size() && audio.get(a).pts90k() + loop * loopTicks <= pts) {
          byte[] d = audio.get(a).data();
          muxer.writeAudio(d, 0, d.length, audio.get(a).pts90k() + loop * loopTicks);
          a++;
        }
        muxer.writeVideo(v.data(), 0, v.data().length, pts, v.keyframe());
        if (pts >= nextFlush) {
          muxer.flush();
          System.out.println("flushed " + pts / 90);
          System.out.flush();
          nextFlush += 90_000;
        }
        Thread.sleep(7);
      }
      for (; a < audio.size(); a++) { // the loop's last audio packets, after its last frame
        byte[] d = audio.get(a).data();
        muxer.writeAudio(d, 0, d.length, audio.get(a).pts90k() + loop * loopTicks);
      }
      a = 0;
    }
  }
}
