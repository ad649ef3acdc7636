package io.roomrecorder.ts.reader;

import io.roomrecorder.ts.Crc32Mpeg2;
import io.roomrecorder.ts.h264.AnnexB;
import io.roomrecorder.ts.h264.SequenceParameterSet;
import io.roomrecorder.ts.opus.OpusPacket;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an MPEG transport stream (ISO/IEC 13818-1), checks it and summarises it.
 *
 * <p>Checks: sync bytes, transport errors, adaptation fields, continuity counters per PID, PAT/PMT
 * CRCs, PCR ≤ DTS and PCR spacing, increasing DTS per stream, an access unit delimiter at the start
 * of each H.264 PES, well-formed SPS and Opus control headers. Summary: streams, codecs, picture
 * sizes (from the SPS), frame counts, duration, PTS gaps, continuity errors, problems.
 *
 * <p>Sans-IO core: feed bytes in chunks of any size with {@link #accept}, then call {@link
 * #finish()}; or use {@link #read(InputStream)}. Memory is bounded (a PES is kept up to {@link
 * #MAX_PES_BYTES}, 40 MiB over all streams; problems are listed up to {@link
 * #MAX_LISTED_PROBLEMS}). Malformed input never throws; it becomes problems. Not thread-safe; one
 * instance reads one stream.
 */
public final class TsReader {
  /** Problems listed individually in the summary; beyond this they are only counted. */
  public static final int MAX_LISTED_PROBLEMS = 200;

  /** A PES larger than this is reported and cut. */
  public static final int MAX_PES_BYTES = 16 * 1024 * 1024;

  /** All PES buffers together stay below this, however many streams a hostile PMT declares. */
  private static final long MAX_HELD_BYTES = 40L * 1024 * 1024;

  /** A step between consecutive timestamps of one stream longer than this (0.5 s) is a gap. */
  public static final long GAP_THRESHOLD_90K = 45_000;

  private static final int PACKET = 188;
  private static final long WRAP = 1L << 33;
  private static final int MAX_GAPS = 100;
  private static final int MAX_STREAMS = 32;

  private final PesListener listener;
  private final byte[] partial = new byte[PACKET];
  private int partialLength;
  private long offset; // stream offset of the next byte given to accept()
  private boolean inSync = true;
  private long packets;

  private final byte[] lastCc = new byte[8192];
  private final boolean[] ccSeen = new boolean[8192];
  private final boolean[] ccDuplicate = new boolean[8192];
  private final long[] continuityErrorsByPid = new long[8192];
  private long continuityErrors;

  private final Section pat = new Section();
  private final Section pmt = new Section();
  private int pmtPid = -1;
  private int pcrPid = -1;
  private long lastPcrBase = -1;
  private long heldBytes;
  private final Map<Integer, Stream> streams = new LinkedHashMap<>();
  private final List<TsProblem> problems = new ArrayList<>();
  private final long[] problemCounts = new long[TsProblem.Kind.values().length];

  /** A reader that only checks and summarises. */
  public TsReader() {
    this(null);
  }

  /** A reader that also hands every complete PES payload to {@code listener}. */
  public TsReader(PesListener listener) {
    this.listener = listener;
  }

  /** Reads {@code in} to its end (without closing it) and returns the summary. */
  public static TsSummary read(InputStream in) throws IOException {
    return read(in, null);
  }

  /** Like {@link #read(InputStream)}, handing each PES payload to {@code listener}. */
  public static TsSummary read(InputStream in, PesListener listener) throws IOException {
    TsReader reader = new TsReader(listener);
    byte[] buf = new byte[PACKET * 512];
    int n;
    while ((n = in.read(buf)) > 0) {
      reader.accept(buf, 0, n);
    }
    return reader.finish();
  }

  /** Reads a whole in-memory stream. */
  public static TsSummary read(byte[] ts) {
    TsReader reader = new TsReader();
    reader.accept(ts, 0, ts.length);
    return reader.finish();
  }

  /** Feeds the next {@code len} bytes of the stream (borrowed for the call). */
  public void accept(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off > b.length - len) {
      throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + b.length);
    }
    int i = off;
    int end = off + len;
    while (i < end) {
      if (partialLength == 0) {
        if (b[i] != 0x47) {
          if (inSync) {
            problem(TsProblem.Kind.SYNC_LOSS, offset, -1, "expected sync byte 0x47, skipping");
            inSync = false;
          }
          i++;
          offset++;
          continue;
        }
        if (end - i >= PACKET) {
          inSync = true;
          packet(b, i, offset);
          i += PACKET;
          offset += PACKET;
          continue;
        }
      }
      int n = Math.min(PACKET - partialLength, end - i);
      System.arraycopy(b, i, partial, partialLength, n);
      partialLength += n;
      i += n;
      offset += n;
      if (partialLength == PACKET) {
        partialLength = 0;
        inSync = true;
        packet(partial, 0, offset - PACKET);
      }
    }
  }

  /** Ends the stream: completes pending PES packets and returns the summary. */
  public TsSummary finish() {
    if (partialLength > 0) {
      problem(
          TsProblem.Kind.TRUNCATED_PACKET,
          offset - partialLength,
          -1,
          "stream ends " + partialLength + " bytes into a packet");
      partialLength = 0;
    }
    for (Stream s : streams.values()) {
      s.completePes();
    }
    List<StreamSummary> summaries = new ArrayList<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (Stream s : streams.values()) {
      StreamSummary summary = s.summary();
      summaries.add(summary);
      if (summary.firstPts90k() >= 0) {
        start = Math.min(start, summary.firstPts90k());
        end = Math.max(end, summary.endPts90k());
      }
    }
    EnumMap<TsProblem.Kind, Long> counts = new EnumMap<>(TsProblem.Kind.class);
    for (TsProblem.Kind k : TsProblem.Kind.values()) {
      counts.put(k, problemCounts[k.ordinal()]);
    }
    return new TsSummary(
        offset,
        packets,
        List.copyOf(summaries),
        start == Long.MAX_VALUE ? 0 : (end - start) / 90_000.0,
        continuityErrors,
        Collections.unmodifiableMap(counts),
        List.copyOf(problems));
  }

  // --- transport packets (§2.4.3.2) -----------------------------------------------------------

  private void packet(byte[] b, int p, long at) {
    packets++;
    boolean transportError = (b[p + 1] & 0x80) != 0;
    boolean unitStart = (b[p + 1] & 0x40) != 0;
    int pid = (b[p + 1] & 0x1F) << 8 | (b[p + 2] & 0xFF);
    int afc = (b[p + 3] >> 4) & 3;
    int cc = b[p + 3] & 0x0F;
    if (transportError) {
      problem(TsProblem.Kind.TRANSPORT_ERROR, at, pid, "transport_error_indicator set");
      return;
    }
    if (pid == 0x1FFF) {
      return; // null packet
    }
    if (afc == 0) {
      problem(TsProblem.Kind.MALFORMED_ADAPTATION_FIELD, at, pid, "adaptation_field_control 00");
      return;
    }
    int payload = p + 4;
    boolean discontinuity = false;
    if ((afc & 2) != 0) {
      int afLength = b[p + 4] & 0xFF;
      if ((afc == 2 && afLength != 183) || (afc == 3 && afLength > 182)) {
        problem(
            TsProblem.Kind.MALFORMED_ADAPTATION_FIELD,
            at,
            pid,
            "adaptation_field_length " + afLength + " with adaptation_field_control " + afc);
        return;
      }
      if (afLength > 0) {
        int flags = b[p + 5] & 0xFF;
        discontinuity = (flags & 0x80) != 0;
        if ((flags & 0x10) != 0) {
          if (afLength < 7) {
            problem(TsProblem.Kind.MALFORMED_ADAPTATION_FIELD, at, pid, "PCR_flag without room");
            return;
          }
          pcr(readPcrBase(b, p + 6), pid, at);
        }
      }
      payload = p + 5 + afLength;
    }
    if ((afc & 1) != 0) {
      continuity(pid, cc, discontinuity, at);
    }
    int payloadLength = p + PACKET - payload;
    if ((afc & 1) == 0 || payloadLength <= 0) {
      return;
    }
    if (pid == 0) {
      section(pat, b, payload, payloadLength, unitStart, at, pid);
    } else if (pid == pmtPid) {
      section(pmt, b, payload, payloadLength, unitStart, at, pid);
    } else {
      Stream s = streams.get(pid);
      if (s != null) {
        s.payload(b, payload, payloadLength, unitStart, at);
      } else if (pmtPid < 0
          && unitStart
          && payloadLength >= 3
          && b[payload] == 0
          && b[payload + 1] == 0
          && b[payload + 2] == 1) {
        problem(TsProblem.Kind.PES_BEFORE_PMT, at, pid, "PES before the PAT/PMT");
      }
    }
  }

  private static long readPcrBase(byte[] b, int p) {
    return (long) (b[p] & 0xFF) << 25
        | (long) (b[p + 1] & 0xFF) << 17
        | (long) (b[p + 2] & 0xFF) << 9
        | (long) (b[p + 3] & 0xFF) << 1
        | (b[p + 4] & 0x80) >>> 7;
  }

  private void pcr(long base, int pid, long at) {
    if (pid != pcrPid) {
      return;
    }
    if (lastPcrBase >= 0) {
      long step = signed33(base - lastPcrBase);
      if (step > 9000) {
        problem(
            TsProblem.Kind.PCR_INTERVAL_EXCEEDED,
            at,
            pid,
            String.format("PCR step %.1f ms", step / 90.0));
      }
    }
    lastPcrBase = base;
  }

  /** §2.4.3.3: +1 modulo 16 per packet with payload; one duplicate allowed; reset by indicator. */
  private void continuity(int pid, int cc, boolean discontinuity, long at) {
    if (ccSeen[pid] && !discontinuity) {
      int expected = (lastCc[pid] + 1) & 0x0F;
      if (cc == lastCc[pid] && !ccDuplicate[pid]) {
        ccDuplicate[pid] = true;
        return;
      }
      if (cc != expected) {
        continuityErrors++;
        continuityErrorsByPid[pid]++;
        problem(
            TsProblem.Kind.CONTINUITY_ERROR,
            at,
            pid,
            "continuity_counter " + cc + ", expected " + expected);
      }
    }
    ccSeen[pid] = true;
    ccDuplicate[pid] = false;
    lastCc[pid] = (byte) cc;
  }

  // --- PSI (§2.4.4) ---------------------------------------------------------------------------

  /** Reassembles one PSI section at a time on one PID. */
  private static final class Section {
    final byte[] data = new byte[1024 + 3];
    int length = -1; // bytes gathered, -1 when not inside a section
  }

  private void section(Section s, byte[] b, int p, int len, boolean unitStart, long at, int pid) {
    int end = p + len;
    if (unitStart) {
      int pointer = b[p] & 0xFF;
      int before = p + 1;
      int start = before + pointer;
      if (start > end) {
        problem(TsProblem.Kind.MALFORMED_SECTION, at, pid, "pointer_field beyond the packet");
        s.length = -1;
        return;
      }
      if (s.length >= 0) {
        gather(s, b, before, start, at, pid); // the tail of the previous section
      }
      s.length = 0;
      p = start;
    } else if (s.length < 0) {
      return;
    }
    while (p < end && s.length >= 0) {
      if (s.length == 0 && (b[p] & 0xFF) == 0xFF) {
        s.length = -1; // stuffing after the last section
        return;
      }
      p = gather(s, b, p, end, at, pid);
      if (s.length == 0 && p < end) {
        continue; // another section follows in this packet
      }
    }
  }

  /** Appends section bytes; dispatches complete sections. Returns where it stopped. */
  private int gather(Section s, byte[] b, int p, int end, long at, int pid) {
    while (p < end) {
      if (s.length < 3) {
        s.data[s.length++] = b[p++];
        continue;
      }
      int total = 3 + ((s.data[1] & 0x0F) << 8 | (s.data[2] & 0xFF));
      if (total > s.data.length || total < 3 + 4 + 5) {
        problem(TsProblem.Kind.MALFORMED_SECTION, at, pid, "section_length " + (total - 3));
        s.length = -1;
        return end;
      }
      int n = Math.min(total - s.length, end - p);
      System.arraycopy(b, p, s.data, s.length, n);
      s.length += n;
      p += n;
      if (s.length == total) {
        table(s.data, total, at, pid);
        s.length = 0;
        return p;
      }
    }
    return p;
  }

  private void table(byte[] d, int length, long at, int pid) {
    if (Crc32Mpeg2.compute(d, 0, length) != 0) {
      problem(
          TsProblem.Kind.TABLE_CRC_MISMATCH,
          at,
          pid,
          "CRC_32 of table_id " + (d[0] & 0xFF) + " does not check");
      return;
    }
    int tableId = d[0] & 0xFF;
    int bodyEnd = length - 4;
    if (pid == 0 && tableId == 0x00) {
      for (int i = 8; i + 4 <= bodyEnd; i += 4) {
        int program = (d[i] & 0xFF) << 8 | (d[i + 1] & 0xFF);
        int mapPid = (d[i + 2] & 0x1F) << 8 | (d[i + 3] & 0xFF);
        if (program != 0) {
          if (pmtPid != mapPid) {
            pmtPid = mapPid;
            pmt.length = -1;
          }
          return; // the first program is the one we read
        }
      }
    } else if (pid == pmtPid && tableId == 0x02) {
      pmtSection(d, bodyEnd, at, pid);
    } else {
      problem(TsProblem.Kind.MALFORMED_SECTION, at, pid, "unexpected table_id " + tableId);
    }
  }

  private void pmtSection(byte[] d, int bodyEnd, long at, int pid) {
    if (bodyEnd < 12) {
      problem(TsProblem.Kind.MALFORMED_SECTION, at, pid, "PMT too short");
      return;
    }
    pcrPid = (d[8] & 0x1F) << 8 | (d[9] & 0xFF);
    int programInfoLength = (d[10] & 0x0F) << 8 | (d[11] & 0xFF);
    int i = 12 + programInfoLength;
    while (i + 5 <= bodyEnd) {
      int streamType = d[i] & 0xFF;
      int esPid = (d[i + 1] & 0x1F) << 8 | (d[i + 2] & 0xFF);
      int infoLength = (d[i + 3] & 0x0F) << 8 | (d[i + 4] & 0xFF);
      int descriptors = i + 5;
      int next = descriptors + infoLength;
      if (next > bodyEnd) {
        problem(TsProblem.Kind.MALFORMED_SECTION, at, pid, "ES_info_length beyond the section");
        return;
      }
      String codec = codec(streamType, d, descriptors, next);
      Stream s = streams.get(esPid);
      if (s == null && streams.size() < MAX_STREAMS && esPid != 0 && esPid != pmtPid) {
        streams.put(esPid, new Stream(esPid, streamType, codec));
      } else if (s != null && s.streamType != streamType) {
        s.streamType = streamType;
        s.codec = codec;
      }
      i = next;
    }
  }

  private static String codec(int streamType, byte[] d, int from, int to) {
    if (streamType == 0x1B) {
      return "h264";
    }
    for (int i = from; i + 2 <= to; ) {
      int tag = d[i] & 0xFF;
      int len = d[i + 1] & 0xFF;
      if (i + 2 + len > to) {
        break;
      }
      if (tag == 0x05
          && len >= 4
          && d[i + 2] == 'O'
          && d[i + 3] == 'p'
          && d[i + 4] == 'u'
          && d[i + 5] == 's'
          && streamType == 0x06) {
        return "opus";
      }
      i += 2 + len;
    }
    return "unknown";
  }

  // --- elementary streams ---------------------------------------------------------------------

  private static long signed33(long diff) {
    long d = Math.floorMod(diff, WRAP);
    return d >= WRAP / 2 ? d - WRAP : d;
  }

  private void problem(TsProblem.Kind kind, long at, int pid, String detail) {
    problemCounts[kind.ordinal()]++;
    if (problems.size() < MAX_LISTED_PROBLEMS) {
      problems.add(new TsProblem(kind, at, pid, detail));
    }
  }

  /** One elementary stream: PES reassembly and per-codec checks. */
  private final class Stream {
    final int pid;
    int streamType;
    String codec;
    byte[] pes = new byte[4096];
    int pesLength = -1; // -1: no PES being gathered
    long pesOffset;
    long pcrAtStart = -1;
    boolean pesTruncated;

    long pesPackets;
    long frames;
    long keyframes;
    long firstPts = -1;
    long lastRaw = -1;
    long lastUnwrapped = -1;
    long lastStep;
    long endPts = -1;
    final List<StreamSummary.Resolution> resolutions = new ArrayList<>();
    final List<StreamSummary.Gap> gaps = new ArrayList<>();

    Stream(int pid, int streamType, String codec) {
      this.pid = pid;
      this.streamType = streamType;
      this.codec = codec;
    }

    void payload(byte[] b, int p, int len, boolean unitStart, long at) {
      if (unitStart) {
        completePes();
        pesLength = 0;
        pesOffset = at;
        pesTruncated = false;
        pcrAtStart = lastPcrBase;
      } else if (pesLength < 0) {
        return; // joined mid-PES
      }
      if (pesTruncated) {
        return;
      }
      if (pesLength + len > pes.length) {
        int capacity = Math.min(MAX_PES_BYTES, Math.max(pes.length * 2, pesLength + len));
        if (pesLength + len > MAX_PES_BYTES || heldBytes + capacity - pes.length > MAX_HELD_BYTES) {
          problem(
              TsProblem.Kind.MALFORMED_PES,
              pesOffset,
              pid,
              "PES larger than the reader keeps (" + MAX_PES_BYTES + " bytes)");
          pesTruncated = true;
          return;
        }
        heldBytes += capacity - pes.length;
        pes = Arrays.copyOf(pes, capacity);
      }
      System.arraycopy(b, p, pes, pesLength, len);
      pesLength += len;
    }

    /** §2.4.3.6 PES header, then the codec checks. */
    void completePes() {
      int n = pesLength;
      pesLength = -1;
      if (n < 0) {
        return;
      }
      byte[] d = pes;
      if (n < 9 || d[0] != 0 || d[1] != 0 || d[2] != 1) {
        problem(TsProblem.Kind.MALFORMED_PES, pesOffset, pid, "no packet_start_code_prefix");
        return;
      }
      int streamId = d[3] & 0xFF;
      int declared = (d[4] & 0xFF) << 8 | (d[5] & 0xFF);
      if (declared != 0 && declared + 6 != n && !pesTruncated) {
        // a bounded PES shorter than declared lost packets; longer means trailing garbage
        problem(
            TsProblem.Kind.MALFORMED_PES,
            pesOffset,
            pid,
            "PES_packet_length " + declared + " but " + (n - 6) + " bytes");
        if (declared + 6 < n) {
          n = declared + 6;
        }
      }
      boolean hasOptionalHeader =
          streamId != 0xBC
              && streamId != 0xBE
              && streamId != 0xBF
              && streamId != 0xF0
              && streamId != 0xF1
              && streamId != 0xFF
              && streamId != 0xF2
              && streamId != 0xF8;
      long pts = -1;
      long dts = -1;
      int payload = 6;
      if (hasOptionalHeader) {
        int headerLength = d[8] & 0xFF;
        int flags = (d[7] & 0xFF) >> 6;
        if ((d[6] & 0xC0) != 0x80
            || flags == 1
            || 9 + headerLength > n
            || (flags == 2 && headerLength < 5)
            || (flags == 3 && headerLength < 10)) {
          problem(TsProblem.Kind.MALFORMED_PES, pesOffset, pid, "malformed PES header");
          return;
        }
        if ((flags & 2) != 0) {
          pts = readTimestamp(d, 9);
        }
        if (flags == 3) {
          dts = readTimestamp(d, 14);
        }
        payload = 9 + headerLength;
      }
      pesPackets++;
      long unwrapped = -1;
      if (pts >= 0) {
        long decodeTime = dts >= 0 ? dts : pts;
        if (pcrAtStart >= 0 && signed33(decodeTime - pcrAtStart) < 0) {
          problem(
              TsProblem.Kind.PCR_AFTER_DTS,
              pesOffset,
              pid,
              String.format(
                  "DTS %d is %.1f ms before PCR %d",
                  decodeTime, -signed33(decodeTime - pcrAtStart) / 90.0, pcrAtStart));
        }
        unwrapped = timeline(decodeTime);
      }
      int frameCount = 1;
      long duration = lastStep;
      if (codec.equals("h264")) {
        h264(d, payload, n, unwrapped);
      } else if (codec.equals("opus")) {
        long samples = opus(d, payload, n);
        frameCount = (int) (samples >> 32);
        duration = (samples & 0xFFFFFFFFL) * 15 / 8;
      }
      frames += frameCount;
      if (unwrapped >= 0) {
        endPts = Math.max(endPts, unwrapped + duration);
      }
      if (listener != null) {
        long ptsUnwrapped = unwrapped < 0 ? -1 : unwrapped + signed33(pts - (dts >= 0 ? dts : pts));
        listener.onPes(pid, streamType, ptsUnwrapped, d, payload, n - payload);
      }
    }

    /** Unwraps the 33-bit DTS, checks it increases, records gaps. */
    private long timeline(long raw) {
      long unwrapped;
      if (lastRaw < 0) {
        unwrapped = raw;
        firstPts = raw;
      } else {
        long step = signed33(raw - lastRaw);
        unwrapped = lastUnwrapped + step;
        if (step <= 0) {
          problem(
              TsProblem.Kind.TIMESTAMP_NOT_INCREASING,
              pesOffset,
              pid,
              "DTS step " + step + " (90 kHz)");
        } else {
          if (step > GAP_THRESHOLD_90K && gaps.size() < MAX_GAPS) {
            gaps.add(new StreamSummary.Gap(lastUnwrapped, unwrapped));
          }
          if (step <= GAP_THRESHOLD_90K) {
            lastStep = step;
          }
        }
        if (unwrapped < firstPts) {
          firstPts = unwrapped;
        }
      }
      lastRaw = raw;
      lastUnwrapped = unwrapped;
      return unwrapped;
    }

    private void h264(byte[] d, int from, int end, long pts) {
      int sc = AnnexB.findStartCode(d, from, end);
      boolean leadingZerosOnly = sc >= 0;
      for (int i = from; i < sc && leadingZerosOnly; i++) {
        leadingZerosOnly = d[i] == 0;
      }
      if (!leadingZerosOnly || sc + 3 >= end || (d[sc + 3] & 0x1F) != AnnexB.NAL_AUD) {
        problem(
            TsProblem.Kind.MISSING_AUD,
            pesOffset,
            pid,
            "H.264 PES does not begin with an access unit delimiter");
      }
      boolean idr = false;
      int nal = sc;
      while (nal >= 0 && nal + 3 < end) {
        int header = nal + 3;
        int type = d[header] & 0x1F;
        int next = AnnexB.findStartCode(d, header + 1, end);
        if (type == AnnexB.NAL_SPS) {
          SequenceParameterSet sps =
              SequenceParameterSet.parse(d, header, (next < 0 ? end : next) - header);
          if (sps == null) {
            problem(TsProblem.Kind.MALFORMED_SPS, pesOffset, pid, "SPS cannot be parsed");
          } else {
            StreamSummary.Resolution last =
                resolutions.isEmpty() ? null : resolutions.get(resolutions.size() - 1);
            if ((last == null || last.width() != sps.width() || last.height() != sps.height())
                && resolutions.size() < MAX_GAPS) {
              resolutions.add(new StreamSummary.Resolution(sps.width(), sps.height(), pts));
            }
          }
        } else if (AnnexB.isSlice(type)) {
          idr = type == AnnexB.NAL_IDR_SLICE;
          break; // parameter sets and AUD precede the first slice
        }
        nal = next;
      }
      if (idr) {
        keyframes++;
      }
    }

    /**
     * Opus-in-TS: per packet a control header (11 bits 0x3FF, start_trim_flag, end_trim_flag,
     * control_extension_flag, 2 reserved), au_size as 0xFF bytes + remainder, optional trims and
     * extension, then the packet. Returns (packets << 32 | samples at 48 kHz).
     */
    private long opus(byte[] d, int p, int end) {
      long count = 0;
      long samples = 0;
      while (p < end) {
        if (end - p < 3 || d[p] != 0x7F || (d[p + 1] & 0xE0) != 0xE0) {
          problem(TsProblem.Kind.MALFORMED_OPUS, pesOffset, pid, "no Opus control header");
          break;
        }
        int flags = d[p + 1] & 0xFF;
        p += 2;
        int size = 0;
        while (p < end && (d[p] & 0xFF) == 0xFF) {
          size += 255;
          p++;
        }
        if (p >= end) {
          problem(TsProblem.Kind.MALFORMED_OPUS, pesOffset, pid, "au_size runs past the PES");
          break;
        }
        size += d[p++] & 0xFF;
        if ((flags & 0x10) != 0) {
          p += 2;
        }
        if ((flags & 0x08) != 0) {
          p += 2;
        }
        if ((flags & 0x04) != 0 && p < end) {
          p += 1 + (d[p] & 0xFF);
        }
        if (size > end - p) {
          problem(
              TsProblem.Kind.MALFORMED_OPUS,
              pesOffset,
              pid,
              "Opus packet of " + size + " bytes runs past the PES");
          break;
        }
        int s = OpusPacket.durationSamples48k(d, p, size);
        if (s < 0) {
          problem(TsProblem.Kind.MALFORMED_OPUS, pesOffset, pid, "malformed Opus packet");
        } else {
          samples += s;
        }
        count++;
        p += size;
      }
      return count << 32 | Math.min(samples, 0xFFFFFFFFL);
    }

    StreamSummary summary() {
      return new StreamSummary(
          pid,
          streamType,
          codec,
          pesPackets,
          frames,
          keyframes,
          firstPts,
          endPts,
          List.copyOf(resolutions),
          List.copyOf(gaps),
          continuityErrorsByPid[pid]);
    }
  }

  private static long readTimestamp(byte[] b, int p) {
    return ((long) (b[p] & 0x0E) << 29)
        | ((long) (b[p + 1] & 0xFF) << 22)
        | ((long) (b[p + 2] & 0xFE) << 14)
        | ((long) (b[p + 3] & 0xFF) << 7)
        | ((b[p + 4] & 0xFE) >>> 1);
  }
}
