package io.roomrecorder.testpeer.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bundled sample clip: 10 s of 640x360 30 fps H.264 and 48 kHz stereo Opus in 20 ms packets.
 * Immutable and thread-safe; loaded once.
 */
public final class SampleClip {
  /** Video frame rate of the clip, frames per second. */
  public static final int VIDEO_FPS = 30;

  /** Duration of one Opus packet of the clip in 48 kHz samples (20 ms). */
  public static final int AUDIO_SAMPLES_PER_PACKET = 960;

  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;

  private static volatile SampleClip h264;

  private final List<AccessUnit> video;
  private final List<byte[]> audio;

  SampleClip(List<AccessUnit> video, List<byte[]> audio) {
    this.video = List.copyOf(video);
    this.audio = List.copyOf(audio);
  }

  /** The bundled H.264 + Opus clip. */
  public static SampleClip h264() {
    SampleClip clip = h264;
    if (clip == null) {
      synchronized (SampleClip.class) {
        clip = h264;
        if (clip == null) {
          clip =
              new SampleClip(
                  AnnexB.accessUnits(AnnexB.nalUnits(resource("clip/clip.h264"))),
                  OggOpus.packets(resource("clip/clip.ogg")));
          h264 = clip;
        }
      }
    }
    return clip;
  }

  public List<AccessUnit> video() {
    return video;
  }

  public List<byte[]> audio() {
    return audio;
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        SampleClip.class.getResourceAsStream("/io/roomrecorder/testpeer/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
