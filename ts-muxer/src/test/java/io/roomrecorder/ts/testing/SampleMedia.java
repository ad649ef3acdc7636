package io.roomrecorder.ts.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The committed sample media under {@code src/test/resources/media} (see its README and {@code
 * make-samples.sh}), split into what a recorder hands the muxer: H.264 access units and Opus
 * packets with 90 kHz timestamps. Pure Java; no ffmpeg at test time.
 */
public final class SampleMedia {
  /** 320x180, 30 fps, 2 s (60 AUs), keyframe every 30 AUs, SPS/PPS before each IDR. */
  public static final String VIDEO_320x180 = "video-320x180-30fps-2s.h264";

  /** 480x272, 30 fps, 1 s (30 AUs): the second resolution for the mid-file change. */
  public static final String VIDEO_480x272 = "video-480x272-30fps-1s.h264";

  /** libopus 48 kHz stereo, 20 ms packets, 2 s. */
  public static final String OPUS_STEREO = "opus-48k-stereo-20ms-2s.ogg";

  /** 90 kHz ticks per video frame at 30 fps. */
  public static final long VIDEO_FRAME_TICKS = 3000;

  /** 90 kHz ticks per 20 ms Opus packet. */
  public static final long AUDIO_PACKET_TICKS = 1800;

  private SampleMedia() {}

  /** One access unit in Annex-B form, including the AUD the sample was made with. */
  public record AccessUnit(byte[] data, boolean keyframe) {
    /** The NAL unit types in order. */
    public List<Integer> nalTypes() {
      List<Integer> types = new ArrayList<>();
      for (int[] nal : nalUnits(data)) {
        types.add(data[nal[0]] & 0x1F);
      }
      return types;
    }

    /** A copy without the NAL units of the given types (their start codes go too). */
    public AccessUnit without(int... types) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int[] nal : nalUnits(data)) {
        int type = data[nal[0]] & 0x1F;
        if (Arrays.stream(types).noneMatch(t -> t == type)) {
          out.write(new byte[] {0, 0, 0, 1}, 0, 4);
          out.write(data, nal[0], nal[1] - nal[0]);
        }
      }
      return new AccessUnit(out.toByteArray(), keyframe);
    }
  }

  /** The sample's access units in decode order, split before each AUD (nal_unit_type 9). */
  public static List<AccessUnit> h264AccessUnits(String resource) {
    byte[] stream = read(resource);
    List<int[]> nals = nalUnits(stream);
    List<AccessUnit> units = new ArrayList<>();
    int auStart = -1;
    boolean key = false;
    for (int i = 0; i <= nals.size(); i++) {
      boolean boundary = i == nals.size() || (stream[nals.get(i)[0]] & 0x1F) == 9;
      if (boundary && auStart >= 0) {
        int end = i == nals.size() ? stream.length : startCodeStart(stream, nals.get(i)[0]);
        units.add(new AccessUnit(Arrays.copyOfRange(stream, auStart, end), key));
      }
      if (i < nals.size()) {
        if (boundary) {
          auStart = startCodeStart(stream, nals.get(i)[0]);
          key = false;
        }
        key |= (stream[nals.get(i)[0]] & 0x1F) == 5;
      }
    }
    return units;
  }

  /** The Opus packets of an Ogg Opus resource (RFC 7845), without the OpusHead/OpusTags headers. */
  public static List<byte[]> opusPackets(String resource) {
    byte[] ogg = read(resource);
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    int p = 0;
    while (p + 27 <= ogg.length) {
      if (ogg[p] != 'O' || ogg[p + 1] != 'g' || ogg[p + 2] != 'g' || ogg[p + 3] != 'S') {
        throw new IllegalArgumentException("not an Ogg page at " + p);
      }
      int segments = ogg[p + 26] & 0xFF;
      int data = p + 27 + segments;
      for (int s = 0; s < segments; s++) {
        int lacing = ogg[p + 27 + s] & 0xFF;
        packet.write(ogg, data, lacing);
        data += lacing;
        if (lacing < 255) {
          packets.add(packet.toByteArray());
          packet.reset();
        }
      }
      p = data;
    }
    if (packets.size() < 2 || !new String(packets.get(0), 0, 8).equals("OpusHead")) {
      throw new IllegalArgumentException(resource + " is not Ogg Opus");
    }
    return new ArrayList<>(packets.subList(2, packets.size()));
  }

  /** Bytes of a resource under {@code /media/}. */
  public static byte[] read(String resource) {
    try (InputStream in = SampleMedia.class.getResourceAsStream("/media/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /media/" + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** [start of NAL header, end) of each NAL unit in an Annex-B buffer. */
  static List<int[]> nalUnits(byte[] b) {
    List<int[]> nals = new ArrayList<>();
    int start = -1;
    for (int i = 0; i + 2 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (start >= 0) {
          nals.add(new int[] {start, trimZeros(b, start, i)});
        }
        start = i + 3;
        i += 2;
      }
    }
    if (start >= 0 && start < b.length) {
      nals.add(new int[] {start, b.length});
    }
    return nals;
  }

  private static int trimZeros(byte[] b, int start, int end) {
    while (end > start + 1 && b[end - 1] == 0) {
      end--;
    }
    return end;
  }

  private static int startCodeStart(byte[] b, int nalHeader) {
    int s = nalHeader - 3;
    return s > 0 && b[s - 1] == 0 ? s - 1 : s;
  }
}
