package io.roomrecorder.webm.reader;

import io.roomrecorder.webm.ebml.EbmlWriter;
import io.roomrecorder.webm.ebml.MatroskaId;

/**
 * Builds small WebM files element by element with {@link EbmlWriter}, to give the reader exactly
 * the defect a test is about. The Segment and Clusters have unknown sizes, as a live recording's.
 */
final class WebmBuilder {
  private final EbmlWriter w = new EbmlWriter(1024);

  static WebmBuilder webm() {
    return new WebmBuilder().ebmlHeader("webm");
  }

  WebmBuilder ebmlHeader(String docType) {
    int m = w.startMaster(MatroskaId.EBML);
    w.uint(MatroskaId.EBML_VERSION, 1).string(MatroskaId.DOC_TYPE, docType);
    w.endMaster(m);
    return this;
  }

  WebmBuilder segment() {
    w.id(MatroskaId.SEGMENT).unknownSize();
    return this;
  }

  WebmBuilder info(long timestampScaleNs) {
    int m = w.startMaster(MatroskaId.INFO);
    w.uint(MatroskaId.TIMESTAMP_SCALE, timestampScaleNs);
    w.endMaster(m);
    return this;
  }

  WebmBuilder tracks(boolean video, boolean audio) {
    int m = w.startMaster(MatroskaId.TRACKS);
    if (video) {
      int e = w.startMaster(MatroskaId.TRACK_ENTRY);
      w.uint(MatroskaId.TRACK_NUMBER, 1)
          .uint(MatroskaId.TRACK_TYPE, MatroskaId.TRACK_TYPE_VIDEO)
          .string(MatroskaId.CODEC_ID, "V_VP8");
      int v = w.startMaster(MatroskaId.VIDEO);
      w.uint(MatroskaId.PIXEL_WIDTH, 640).uint(MatroskaId.PIXEL_HEIGHT, 360);
      w.endMaster(v);
      w.endMaster(e);
    }
    if (audio) {
      int e = w.startMaster(MatroskaId.TRACK_ENTRY);
      w.uint(MatroskaId.TRACK_NUMBER, 2)
          .uint(MatroskaId.TRACK_TYPE, MatroskaId.TRACK_TYPE_AUDIO)
          .string(MatroskaId.CODEC_ID, "A_OPUS");
      int a = w.startMaster(MatroskaId.AUDIO);
      w.float64(MatroskaId.SAMPLING_FREQUENCY, 48_000).uint(MatroskaId.CHANNELS, 2);
      w.endMaster(a);
      w.endMaster(e);
    }
    w.endMaster(m);
    return this;
  }

  /** The usual start: EBML header, Segment, Info (1 ms), Tracks with video 1 and audio 2. */
  static WebmBuilder recording() {
    return webm().segment().info(1_000_000).tracks(true, true);
  }

  WebmBuilder cluster(long timestamp) {
    w.id(MatroskaId.CLUSTER).unknownSize();
    w.uint(MatroskaId.TIMESTAMP, timestamp);
    return this;
  }

  /** A Cluster with no Timestamp child. */
  WebmBuilder clusterWithoutTimestamp() {
    w.id(MatroskaId.CLUSTER).unknownSize();
    return this;
  }

  /** A SimpleBlock of track {@code track} with {@code payload} filler octets. */
  WebmBuilder simpleBlock(int track, int relative, boolean key, int payload) {
    byte[] d = blockData(track, relative, key ? 0x80 : 0, payload);
    w.binary(MatroskaId.SIMPLE_BLOCK, d, 0, d.length);
    return this;
  }

  /** A SimpleBlock with Xiph lacing of {@code frames} frames (only the count is looked at). */
  WebmBuilder lacedSimpleBlock(int track, int relative, int frames) {
    byte[] d = blockData(track, relative, 0x80 | 0x02, 8);
    d[4] = (byte) (frames - 1);
    w.binary(MatroskaId.SIMPLE_BLOCK, d, 0, d.length);
    return this;
  }

  /** A BlockGroup holding a Block and, when {@code referenced}, a ReferenceBlock. */
  WebmBuilder blockGroup(int track, int relative, boolean referenced) {
    int g = w.startMaster(MatroskaId.BLOCK_GROUP);
    byte[] d = blockData(track, relative, 0, 20);
    w.binary(0xA1, d, 0, d.length);
    if (referenced) {
      w.id(0xFB).size(1).bytes(new byte[] {(byte) 0xDF}, 0, 1); // ReferenceBlock -33
    }
    w.endMaster(g);
    return this;
  }

  /** An arbitrary element of {@code size} zero octets. */
  WebmBuilder element(int id, int size) {
    w.binary(id, new byte[size], 0, size);
    return this;
  }

  /** Raw octets. */
  WebmBuilder raw(byte[] b) {
    w.bytes(b, 0, b.length);
    return this;
  }

  /** Raw octets given as ints 0..255. */
  WebmBuilder raw(int... octets) {
    byte[] b = new byte[octets.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) octets[i];
    }
    return raw(b);
  }

  private static byte[] blockData(int track, int relative, int flags, int payload) {
    byte[] d = new byte[4 + payload];
    d[0] = (byte) (0x80 | track);
    d[1] = (byte) (relative >> 8);
    d[2] = (byte) relative;
    d[3] = (byte) flags;
    return d;
  }

  byte[] bytes() {
    return w.toByteArray();
  }
}
