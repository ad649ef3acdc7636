package io.roomrecorder.testpeer.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A bundled sample clip: 10 s of 640x360 30 fps video and 48 kHz stereo Opus in 20 ms packets.
 * {@link #h264()} carries H.264 (keyframes every 30 frames), {@link #vp8()} VP8 (300 frames,
 * keyframes every 60) with the same Opus audio. Immutable and thread-safe; each loaded once.
 */
public final class SampleClip {
  /** Video frame rate of the clip, frames per second. */
  public static final int VIDEO_FPS = 30;

  /** Duration of one Opus packet of the clip in 48 kHz samples (20 ms). */
  public static final int AUDIO_SAMPLES_PER_PACKET = 960;

  public static final int WIDTH = 640;
  public static final int HEIGHT = 360;

  private static volatile SampleClip h264;
  private static volatile SampleClip vp8;

  private final VideoCodec codec;
  private final List<AccessUnit> video;
  private final List<byte[]> audio;

  /** An H.264 clip (what {@link BitrateFiller} pads). */
  SampleClip(List<AccessUnit> video, List<byte[]> audio) {
    this(VideoCodec.H264, video, audio);
  }

  SampleClip(VideoCodec codec, List<AccessUnit> video, List<byte[]> audio) {
    this.codec = codec;
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

  /**
   * The bundled VP8 + Opus clip: the frames of {@code clip-vp8.ivf} (each an {@link AccessUnit}
   * with one element, the whole frame; keyframe per RFC 6386 §9.1) and the Opus of the H.264 clip.
   */
  public static SampleClip vp8() {
    SampleClip clip = vp8;
    if (clip == null) {
      synchronized (SampleClip.class) {
        clip = vp8;
        if (clip == null) {
          List<AccessUnit> frames =
              Ivf.frames(resource("clip/clip-vp8.ivf")).stream()
                  .map(f -> new AccessUnit(List.of(f), Ivf.isVp8Keyframe(f)))
                  .toList();
          clip = new SampleClip(VideoCodec.VP8, frames, h264().audio());
          vp8 = clip;
        }
      }
    }
    return clip;
  }

  /** The bundled clip of {@code codec}. */
  public static SampleClip of(VideoCodec codec) {
    return codec == VideoCodec.VP8 ? vp8() : h264();
  }

  /** The codec of {@link #video()}. */
  public VideoCodec codec() {
    return codec;
  }

  /** The video frames in decoding order (for VP8 each holds one element, the frame). */
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
