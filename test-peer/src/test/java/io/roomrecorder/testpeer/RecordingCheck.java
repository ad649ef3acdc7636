package io.roomrecorder.testpeer;

import io.roomrecorder.testpeer.media.AnnexB;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.ts.reader.TsReader;
import io.roomrecorder.ts.reader.TsSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a recorded TS file with our {@link TsReader}, finds every video access unit and Opus packet
 * of the sample clip in it by its bytes, and lines them up with the publisher's {@link SendLog}:
 * which frames arrived intact, whether they are in sending order, and how far each stream's PTS is
 * from the capture time the sender announced (A/V sync).
 */
final class RecordingCheck {
  private static final int H264 = 0x1B;

  /** A frame found in the file and the log entry it matched ({@code -1} when none). */
  record Found(long pts90k, int clipIndex, int logIndex) {}

  /**
   * @param videoUnknown video access units whose slices are not any clip frame (corrupted)
   * @param audioUnknown Opus packets that are not any clip packet
   * @param videoOutOfOrder frames that do not follow the previous one in sending order
   * @param avOffsetMs median of (video PTS − capture) minus median of (audio PTS − capture): 0 when
   *     the file reproduces the sender's sync
   * @param videoSpreadMs max − min of (video PTS − capture): timing preserved within the stream
   */
  record Result(
      TsSummary summary,
      List<Found> video,
      List<Found> audio,
      int videoUnknown,
      int audioUnknown,
      int videoOutOfOrder,
      int audioOutOfOrder,
      double avOffsetMs,
      double videoSpreadMs,
      double audioSpreadMs) {

    long firstVideoLogIndex() {
      return video.isEmpty() ? -1 : video.get(0).logIndex();
    }
  }

  private RecordingCheck() {}

  static Result analyze(Path ts, SendLog log, SampleClip clip) throws IOException {
    Map<ByteBuffer, Integer> videoKeys = new HashMap<>();
    for (int i = 0; i < clip.video().size(); i++) {
      videoKeys.putIfAbsent(sliceKey(clip.video().get(i).nalUnits()), i);
    }
    Map<ByteBuffer, Integer> audioKeys = new HashMap<>();
    for (int i = 0; i < clip.audio().size(); i++) {
      audioKeys.putIfAbsent(ByteBuffer.wrap(clip.audio().get(i)), i);
    }
    List<long[]> video = new ArrayList<>(); // pts, clip index
    List<long[]> audio = new ArrayList<>();
    int[] unknown = new int[2];
    TsSummary summary;
    try (InputStream in = Files.newInputStream(ts)) {
      summary =
          TsReader.read(
              in,
              (pid, streamType, pts, payload, off, len) -> {
                byte[] pes = Arrays.copyOfRange(payload, off, off + len);
                if (streamType == H264) {
                  Integer i = videoKeys.get(sliceKey(AnnexB.nalUnits(pes)));
                  if (i == null) {
                    unknown[0]++;
                  } else {
                    video.add(new long[] {pts, i});
                  }
                } else {
                  int k = 0;
                  for (byte[] packet : opusPackets(pes)) {
                    Integer i = audioKeys.get(ByteBuffer.wrap(packet));
                    if (i == null) {
                      unknown[1]++;
                    } else {
                      audio.add(new long[] {pts + k * 1800L, i});
                    }
                    k++;
                  }
                }
              });
    }
    List<SendLog.VideoFrame> vlog = log.video();
    List<SendLog.AudioPacket> alog = log.audio();
    int[] vOut = new int[1];
    List<Found> vFound = match(video, vlog.size(), j -> vlog.get(j).clipIndex(), vOut);
    int[] aOut = new int[1];
    List<Found> aFound = match(audio, alog.size(), j -> alog.get(j).clipIndex(), aOut);
    double[] vd =
        vFound.stream()
            .filter(f -> f.logIndex() >= 0)
            .mapToDouble(f -> f.pts90k() / 90.0 - vlog.get(f.logIndex()).captureMicros() / 1000.0)
            .sorted()
            .toArray();
    double[] ad =
        aFound.stream()
            .filter(f -> f.logIndex() >= 0)
            .mapToDouble(f -> f.pts90k() / 90.0 - alog.get(f.logIndex()).captureMicros() / 1000.0)
            .sorted()
            .toArray();
    if (Boolean.getBoolean("recordingcheck.debug")) {
      StringBuilder sb = new StringBuilder();
      for (Found f : aFound) {
        if (f.logIndex() >= 0) {
          sb.append(
              String.format(
                  "%d:%.1f ",
                  f.logIndex(),
                  f.pts90k() / 90.0 - alog.get(f.logIndex()).captureMicros() / 1000.0));
        }
      }
      org.slf4j.LoggerFactory.getLogger(RecordingCheck.class).info("audio deltas {}", sb);
    }
    double offset = vd.length == 0 || ad.length == 0 ? Double.NaN : median(vd) - median(ad);
    return new Result(
        summary,
        vFound,
        aFound,
        unknown[0],
        unknown[1],
        vOut[0],
        aOut[0],
        offset,
        vd.length == 0 ? Double.NaN : vd[vd.length - 1] - vd[0],
        ad.length == 0 ? Double.NaN : ad[ad.length - 1] - ad[0]);
  }

  /**
   * Matches frames to log entries in order: each frame takes the next log entry (after the previous
   * match) with its clip index; skipped entries are frames that never made it into the file.
   */
  private static List<Found> match(
      List<long[]> frames,
      int logSize,
      java.util.function.IntUnaryOperator clipIndexAt,
      int[] out) {
    List<Found> found = new ArrayList<>();
    int j = 0;
    for (long[] f : frames) {
      int k = j;
      while (k < logSize && clipIndexAt.applyAsInt(k) != (int) f[1]) {
        k++;
      }
      if (k < logSize) {
        found.add(new Found(f[0], (int) f[1], k));
        j = k + 1;
      } else {
        out[0]++;
        found.add(new Found(f[0], (int) f[1], -1));
      }
    }
    return found;
  }

  private static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  /** The slice NAL units (types 1 and 5) of an access unit, concatenated. */
  private static ByteBuffer sliceKey(List<byte[]> nals) {
    int n = 0;
    for (byte[] nal : nals) {
      if (isSlice(nal)) {
        n += nal.length;
      }
    }
    byte[] key = new byte[n];
    int pos = 0;
    for (byte[] nal : nals) {
      if (isSlice(nal)) {
        System.arraycopy(nal, 0, key, pos, nal.length);
        pos += nal.length;
      }
    }
    return ByteBuffer.wrap(key);
  }

  private static boolean isSlice(byte[] nal) {
    int type = nal.length == 0 ? 0 : nal[0] & 0x1F;
    return type == 1 || type == 5;
  }

  /** Opus packets of one PES: each behind an opus_control_header (ETSI TS 102 366 Annex ... ). */
  static List<byte[]> opusPackets(byte[] pes) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 2 < pes.length) {
      if ((pes[pos] & 0xFF) != 0x7F || (pes[pos + 1] & 0xE0) != 0xE0) {
        break;
      }
      boolean startTrim = (pes[pos + 1] & 0x10) != 0;
      boolean endTrim = (pes[pos + 1] & 0x08) != 0;
      boolean extension = (pes[pos + 1] & 0x04) != 0;
      pos += 2;
      int size = 0;
      int v;
      do {
        if (pos >= pes.length) {
          return out;
        }
        v = pes[pos++] & 0xFF;
        size += v;
      } while (v == 255);
      pos += (startTrim ? 2 : 0) + (endTrim ? 2 : 0);
      if (extension && pos < pes.length) {
        pos += 1 + (pes[pos] & 0xFF);
      }
      if (pos + size > pes.length) {
        break;
      }
      out.add(Arrays.copyOfRange(pes, pos, pos + size));
      pos += size;
    }
    return out;
  }
}
