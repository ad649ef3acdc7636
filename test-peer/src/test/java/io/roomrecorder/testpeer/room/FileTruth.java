package io.roomrecorder.testpeer.room;

import io.roomrecorder.testpeer.SendLog;
import io.roomrecorder.testpeer.media.AccessUnit;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lines a recorded TS file up with what its publisher sent: every H.264 access unit and Opus packet
 * in the file is recognised by its bytes (the sample clip's), then matched in sending order to the
 * publisher's {@link SendLog}, which knows the wall-clock time each one was captured. From that
 * follow the A/V offset of the file against the sender's truth and which sent frames are missing.
 *
 * <p>Clip frames repeat (the clip loops, identical Opus packets recur), so a frame is matched to
 * the next log entry, after the previous match, whose clip frame has the same bytes.
 */
final class FileTruth {
  private static final int H264 = 0x1B;

  /** One frame found in the file: its PTS (90 kHz) and the log entry it matched, -1 if none. */
  record Found(long pts90k, int logIndex, long captureMicros) {
    boolean matched() {
      return logIndex >= 0;
    }

    /** PTS minus capture time, ms (constant within a stream when timing is preserved). */
    double deltaMs() {
      return pts90k / 90.0 - captureMicros / 1000.0;
    }
  }

  /**
   * @param summary what our TS reader saw (continuity, PTS order)
   * @param video access units in file order
   * @param audio Opus packets in file order
   */
  record Result(TsSummary summary, List<Found> video, List<Found> audio) {
    long videoUnmatched() {
      return video.stream().filter(f -> !f.matched()).count();
    }

    long audioUnmatched() {
      return audio.stream().filter(f -> !f.matched()).count();
    }

    /**
     * The file's A/V offset minus the sender's, from the first video and first audio frame only:
     * (video PTS − audio PTS) − (video capture − audio capture), ms. 0 is perfect sync.
     */
    double firstFrameOffsetMs() {
      Found v = video.stream().filter(Found::matched).findFirst().orElseThrow();
      Found a = audio.stream().filter(Found::matched).findFirst().orElseThrow();
      return v.deltaMs() - a.deltaMs();
    }

    /** As {@link #firstFrameOffsetMs()}, over medians of every frame's PTS − capture. */
    double medianOffsetMs() {
      return median(video) - median(audio);
    }

    /** Max − min of PTS − capture over the video frames, ms: the stream's timing preserved. */
    double videoSpreadMs() {
      double[] d = deltas(video);
      return d[d.length - 1] - d[0];
    }

    double audioSpreadMs() {
      double[] d = deltas(audio);
      return d[d.length - 1] - d[0];
    }

    /** Log index of the first and the last video frame in the file. */
    int firstVideoLogIndex() {
      return video.stream().filter(Found::matched).findFirst().orElseThrow().logIndex();
    }

    int lastVideoLogIndex() {
      return video.stream().filter(Found::matched).reduce((x, y) -> y).orElseThrow().logIndex();
    }

    private static double median(List<Found> found) {
      double[] d = deltas(found);
      return d[d.length / 2];
    }

    private static double[] deltas(List<Found> found) {
      return found.stream().filter(Found::matched).mapToDouble(Found::deltaMs).sorted().toArray();
    }
  }

  /** One frame or packet the publisher sent: its place in the clip and its capture time. */
  record Sent(int clipIndex, long captureMicros) {}

  private FileTruth() {}

  static Result analyze(Path ts, SendLog log, SampleClip clip) throws IOException {
    return analyze(
        ts,
        log.video().stream().map(f -> new Sent(f.clipIndex(), f.captureMicros())).toList(),
        log.audio().stream().map(a -> new Sent(a.clipIndex(), a.captureMicros())).toList(),
        clip);
  }

  /** As above, with the send log as lists (e.g. read back from another process). */
  static Result analyze(Path ts, List<Sent> vlog, List<Sent> alog, SampleClip clip)
      throws IOException {
    Map<ByteBuffer, Set<Integer>> videoKeys = new HashMap<>();
    for (int i = 0; i < clip.video().size(); i++) {
      videoKeys.computeIfAbsent(sliceKey(clip.video().get(i)), k -> new HashSet<>()).add(i);
    }
    Map<ByteBuffer, Set<Integer>> audioKeys = new HashMap<>();
    for (int i = 0; i < clip.audio().size(); i++) {
      audioKeys.computeIfAbsent(ByteBuffer.wrap(clip.audio().get(i)), k -> new HashSet<>()).add(i);
    }
    List<Found> video = new ArrayList<>();
    List<Found> audio = new ArrayList<>();
    int[] next = new int[2]; // next log index to match, video and audio
    TsSummary summary;
    try (InputStream in = Files.newInputStream(ts)) {
      summary =
          TsReader.read(
              in,
              (pid, streamType, pts, payload, off, len) -> {
                byte[] pes = Arrays.copyOfRange(payload, off, off + len);
                if (streamType == H264) {
                  Set<Integer> clipIndices =
                      videoKeys.getOrDefault(
                          sliceKey(new AccessUnit(AnnexB.nalUnits(pes), false)), Set.of());
                  int k = next[0];
                  while (k < vlog.size() && !clipIndices.contains(vlog.get(k).clipIndex())) {
                    k++;
                  }
                  if (k < vlog.size()) {
                    video.add(new Found(pts, k, vlog.get(k).captureMicros()));
                    next[0] = k + 1;
                  } else {
                    video.add(new Found(pts, -1, 0));
                  }
                } else {
                  long packetPts = pts;
                  for (byte[] packet : opusPackets(pes)) {
                    Set<Integer> clipIndices =
                        audioKeys.getOrDefault(ByteBuffer.wrap(packet), Set.of());
                    int k = next[1];
                    while (k < alog.size() && !clipIndices.contains(alog.get(k).clipIndex())) {
                      k++;
                    }
                    if (k < alog.size()) {
                      audio.add(new Found(packetPts, k, alog.get(k).captureMicros()));
                      next[1] = k + 1;
                    } else {
                      audio.add(new Found(packetPts, -1, 0));
                    }
                    // 20 ms Opus packets: 960 samples at 48 kHz = 1800 ticks at 90 kHz.
                    packetPts += 1800;
                  }
                }
              });
    }
    return new Result(summary, video, audio);
  }

  /** The slice NAL units (types 1 and 5) of an access unit, concatenated. */
  private static ByteBuffer sliceKey(AccessUnit au) {
    ByteBuffer key = ByteBuffer.allocate(au.nalUnits().stream().mapToInt(n -> n.length).sum());
    for (byte[] nal : au.nalUnits()) {
      int type = nal.length == 0 ? 0 : nal[0] & 0x1F;
      if (type == 1 || type == 5) {
        key.put(nal);
      }
    }
    key.flip();
    return key;
  }

  /**
   * The Opus packets of one PES, each behind an opus_control_header (ETSI TS 102 366 Annex ..., as
   * FFmpeg writes and reads it): 0x7FE0 prefix with trim and extension flags, then the size as a
   * run of 255s plus a final byte.
   */
  static List<byte[]> opusPackets(byte[] pes) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos + 2 < pes.length && (pes[pos] & 0xFF) == 0x7F && (pes[pos + 1] & 0xE0) == 0xE0) {
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
