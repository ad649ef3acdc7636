package io.roomrecorder.webm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed samples (src/test/resources/samples, made by make-samples.sh) as frame lists: VP8
 * from IVF files, Opus packets from an Ogg Opus file (RFC 3533 pages, RFC 7845 packets).
 */
public final class Samples {
  private Samples() {}

  /** 2 s of 320x180 VP8 at 30 fps, key frame every 30 frames. */
  public static List<Frame> vp8Small() {
    return readIvf("/samples/vp8-320x180.ivf");
  }

  /** 2 s of 640x360 VP8 at 30 fps, key frame every 30 frames. */
  public static List<Frame> vp8Large() {
    return readIvf("/samples/vp8-640x360.ivf");
  }

  /** 2 s of stereo Opus, 20 ms packets. */
  public static List<Frame> opus() {
    return readOggOpus("/samples/opus-stereo.ogg");
  }

  static byte[] resource(String name) {
    try (InputStream in = Samples.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * IVF: a 32-octet file header ("DKIF", version, header length, FourCC, width, height, time base
   * rate and scale, frame count) then frames, each a 12-octet header (size, 64-bit pts) and data.
   * All little-endian.
   */
  public static List<Frame> readIvf(String name) {
    ByteBuffer b = ByteBuffer.wrap(resource(name)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getInt(0) != 0x46494B44) { // "DKIF"
      throw new IllegalStateException(name + " is not IVF");
    }
    int headerLength = b.getShort(6) & 0xFFFF;
    long rate = b.getInt(16) & 0xFFFFFFFFL;
    long scale = b.getInt(20) & 0xFFFFFFFFL;
    List<Frame> frames = new ArrayList<>();
    b.position(headerLength);
    while (b.remaining() >= 12) {
      int size = b.getInt();
      long pts = b.getLong();
      byte[] data = new byte[size];
      b.get(data);
      frames.add(new Frame(data, pts * scale * 90_000 / rate, (data[0] & 1) == 0));
    }
    return frames;
  }

  /**
   * Ogg Opus: pages ("OggS", version, header type, granule position, serial, sequence, CRC, segment
   * count, lacing values); a packet ends at a lacing value below 255. The first two packets are
   * OpusHead and OpusTags; the rest are audio, timed here from their TOC-derived durations.
   */
  public static List<Frame> readOggOpus(String name) {
    byte[] file = resource(name);
    List<byte[]> packets = new ArrayList<>();
    java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
    int pos = 0;
    while (pos + 27 <= file.length) {
      if (file[pos] != 'O'
          || file[pos + 1] != 'g'
          || file[pos + 2] != 'g'
          || file[pos + 3] != 'S') {
        throw new IllegalStateException(name + ": lost Ogg page sync at " + pos);
      }
      int segments = file[pos + 26] & 0xFF;
      int data = pos + 27 + segments;
      for (int i = 0; i < segments; i++) {
        int lacing = file[pos + 27 + i] & 0xFF;
        current.write(file, data, lacing);
        data += lacing;
        if (lacing < 255) {
          packets.add(current.toByteArray());
          current.reset();
        }
      }
      pos = data;
    }
    List<Frame> frames = new ArrayList<>();
    long samples = 0;
    for (byte[] p : packets.subList(2, packets.size())) {
      frames.add(new Frame(p, samples * 15 / 8, true)); // 48 kHz samples -> 90 kHz ticks
      samples += io.roomrecorder.webm.codec.OpusPacket.samples(p, 0, p.length);
    }
    return frames;
  }
}
