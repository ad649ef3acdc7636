package io.roomrecorder.testpeer.media;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Opus packets out of an Ogg Opus file (RFC 3533 pages, RFC 7845 mapping), skipping the
 * OpusHead and OpusTags header packets.
 */
public final class OggOpus {
  private OggOpus() {}

  /**
   * Returns the audio packets of {@code file}.
   *
   * @throws IllegalArgumentException when the file is not Ogg or is truncated
   */
  public static List<byte[]> packets(byte[] file) {
    List<byte[]> packets = new ArrayList<>();
    ByteArrayOutputStream partial = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < file.length) {
      // RFC 3533 §6: "OggS", version, header type, granule(8), serial(4), seq(4), crc(4), n, lacing
      if (pos + 27 > file.length
          || file[pos] != 'O'
          || file[pos + 1] != 'g'
          || file[pos + 2] != 'g'
          || file[pos + 3] != 'S') {
        throw new IllegalArgumentException("not an Ogg page at offset " + pos);
      }
      int segments = file[pos + 26] & 0xFF;
      int data = pos + 27 + segments;
      if (data > file.length) {
        throw new IllegalArgumentException("truncated Ogg page at offset " + pos);
      }
      for (int s = 0; s < segments; s++) {
        int lacing = file[pos + 27 + s] & 0xFF;
        if (data + lacing > file.length) {
          throw new IllegalArgumentException("truncated Ogg segment at offset " + data);
        }
        partial.write(file, data, lacing);
        data += lacing;
        if (lacing < 255) {
          packets.add(partial.toByteArray());
          partial.reset();
        }
      }
      pos = data;
    }
    List<byte[]> audio = new ArrayList<>();
    for (byte[] p : packets) {
      if (!startsWith(p, "OpusHead") && !startsWith(p, "OpusTags")) {
        audio.add(p);
      }
    }
    return audio;
  }

  private static boolean startsWith(byte[] p, String magic) {
    if (p.length < magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (p[i] != magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
