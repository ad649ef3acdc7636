package io.roomrecorder.webm.reader;

import io.roomrecorder.webm.ebml.EbmlReader;
import io.roomrecorder.webm.ebml.MatroskaId;
import io.roomrecorder.webm.ebml.Vint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a WebM/Matroska file the way a demuxer does and checks it: the EBML header (RFC 8794 §11.2,
 * DocType "webm" or "matroska"), one Segment of known or unknown size (RFC 9559 §5.1), its Info
 * (TimestampScale, Duration), Tracks, and Clusters of known or unknown size; an unknown-size
 * Cluster ends at the first element that cannot be its child (RFC 8794 §6.2: the next top-level or
 * Segment-level element). SeekHead, Cues, Void, CRC-32, Tags and unknown elements are skipped by
 * their size.
 *
 * <p>Memory is bounded whatever the input: Clusters are streamed through a 64 KiB window, a block
 * is never held (only its first octets are read: track number, relative timestamp, flags, lace
 * count), and only the EBML header, Info and Tracks are read whole, up to {@link
 * #MAX_WHOLE_ELEMENT_BYTES} each. At most {@link #MAX_TRACKS} tracks, {@link #MAX_GAPS} gaps per
 * track and {@link #MAX_LISTED_PROBLEMS} problems are kept (all problems are counted).
 *
 * <p>No input makes it throw: anything malformed becomes a {@link WebmProblem}. After a malformed
 * element header the reader stops interpreting (there is no length to skip by) and reads the rest
 * of the input only to count its bytes. A file that ends inside its last Cluster, as one cut by a
 * crash does (the muxer's Clusters and Segment have unknown sizes for exactly that reason), is read
 * up to the cut and gets a {@link WebmProblem.Kind#TRUNCATED_LAST_CLUSTER} note, which does not
 * make it unclean; an incomplete last block is not counted.
 *
 * <p>Each call reads one input on the calling thread; the static methods are thread-safe. The
 * stream is read, not closed.
 */
public final class WebmReader {
  /** Problems kept in {@link WebmSummary#problems()}; all are counted. */
  public static final int MAX_LISTED_PROBLEMS = 200;

  /** Gaps kept per track. */
  public static final int MAX_GAPS = 100;

  /** Tracks kept; further TrackEntries are reported as {@link WebmProblem.Kind#MALFORMED_TRACK}. */
  public static final int MAX_TRACKS = 64;

  /** Largest EBML header, Info or Tracks the reader reads whole (1 MiB). */
  public static final int MAX_WHOLE_ELEMENT_BYTES = 1 << 20;

  /** A step between consecutive blocks of one track longer than this (0.5 s) is a gap. */
  public static final long GAP_THRESHOLD_NS = 500_000_000L;

  /** TimestampScale when Info has none (RFC 9559 §5.1.2.1): 1 ms. */
  public static final long DEFAULT_TIMESTAMP_SCALE_NS = 1_000_000L;

  private static final int REFERENCE_BLOCK = 0xFB;
  private static final int BLOCK = 0xA1;
  private static final int BLOCK_DURATION = 0x9B;

  /** A Segment child, or a new EBML header or Segment: the end of an unknown-size Cluster. */
  private static boolean endsUnknownCluster(int id) {
    return MatroskaId.isSegmentChild(id) || id == MatroskaId.EBML || id == MatroskaId.SEGMENT;
  }

  private final Source src;
  private final Map<WebmProblem.Kind, Long> counts = new EnumMap<>(WebmProblem.Kind.class);
  private final List<WebmProblem> problems = new ArrayList<>();
  private final List<WebmProblem> notes = new ArrayList<>();
  private final Map<Long, Track> tracks = new LinkedHashMap<>();
  private String docType = "";
  private long timestampScale = DEFAULT_TIMESTAMP_SCALE_NS;
  private double declaredDurationTicks = Double.NaN;
  private boolean sawEbml;
  private boolean sawSegment;
  private boolean sawTracks;
  private boolean segmentUnknownSize;
  private long clusters;
  private long clusterTimestamp = -1;
  private boolean clusterTimestampReported;

  private WebmReader(InputStream in) {
    this.src = new Source(in);
    for (WebmProblem.Kind k : WebmProblem.Kind.values()) {
      if (!k.note()) {
        counts.put(k, 0L);
      }
    }
  }

  /**
   * Reads {@code in} to its end.
   *
   * @throws IOException only when {@code in} itself fails; malformed content is never thrown
   */
  public static WebmSummary read(InputStream in) throws IOException {
    WebmReader r = new WebmReader(in);
    r.run();
    return r.summary();
  }

  /** Reads a whole file held in memory. */
  public static WebmSummary read(byte[] file) {
    return read(file, 0, file.length);
  }

  /** Reads the file held in {@code buf[off, off + len)}; the array is not modified or kept. */
  public static WebmSummary read(byte[] buf, int off, int len) {
    try {
      return read(new ByteArrayInputStream(buf, off, len));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
    }
  }

  // ---- top level --------------------------------------------------------------------------

  private void run() throws IOException {
    boolean first = true;
    while (true) {
      long at = src.position;
      int status = peekHeader();
      if (status == EOF) {
        break;
      }
      if (status != OK) {
        if (first) {
          problem(WebmProblem.Kind.MISSING_EBML_HEADER, at, -1, "input does not start with EBML");
        } else if (status == TRUNCATED) {
          problem(WebmProblem.Kind.TRUNCATED, at, -1, "input ends inside an element header");
        } else {
          problem(WebmProblem.Kind.MALFORMED_ELEMENT, at, -1, "malformed top-level element header");
        }
        break;
      }
      if (first && headerId != MatroskaId.EBML) {
        problem(
            WebmProblem.Kind.MISSING_EBML_HEADER,
            at,
            -1,
            String.format("first element is 0x%X, not the EBML header 0x1A45DFA3", headerId));
      }
      first = false;
      src.skip(headerLength);
      boolean more;
      if (headerId == MatroskaId.EBML) {
        more = ebmlHeader(at);
      } else if (headerId == MatroskaId.SEGMENT) {
        if (sawSegment) {
          problem(WebmProblem.Kind.MULTIPLE_SEGMENTS, at, -1, "a second Segment; not read");
          break;
        }
        more = segment(at);
      } else {
        more = skipData(at, "top-level element", false);
      }
      if (!more) {
        break;
      }
    }
    src.drain();
    if (!sawEbml && problemCount(WebmProblem.Kind.MISSING_EBML_HEADER) == 0) {
      problem(WebmProblem.Kind.MISSING_EBML_HEADER, 0, -1, "no EBML header");
    }
    if (!sawSegment) {
      problem(WebmProblem.Kind.MISSING_SEGMENT, src.position, -1, "no Segment");
    } else if (!sawTracks) {
      problem(WebmProblem.Kind.MISSING_TRACKS, src.position, -1, "no Tracks in the Segment");
    }
  }

  private boolean ebmlHeader(long at) throws IOException {
    byte[] d = readWhole(at, "EBML header", false);
    if (d == null) {
      return false;
    }
    sawEbml = true;
    children(
        d,
        0,
        d.length,
        wholeDataOffset,
        (id, b, off, end, pos) -> {
          if (id == MatroskaId.DOC_TYPE) {
            docType = string(b, off, end);
          }
        });
    if (!docType.equals("webm") && !docType.equals("matroska")) {
      problem(
          WebmProblem.Kind.UNSUPPORTED_DOC_TYPE,
          at,
          -1,
          "DocType \"" + docType + "\" is neither webm nor matroska");
    }
    return true;
  }

  // ---- Segment ----------------------------------------------------------------------------

  private boolean segment(long at) throws IOException {
    sawSegment = true;
    segmentUnknownSize = headerUnknown;
    long end = headerUnknown ? Long.MAX_VALUE : src.position + headerSize;
    boolean lastWasCluster = false;
    while (src.position < end) {
      long child = src.position;
      int status = peekHeader();
      if (status == EOF) {
        if (end != Long.MAX_VALUE) {
          truncated(child, "the Segment", lastWasCluster);
        }
        return false;
      }
      if (status == TRUNCATED) {
        truncated(child, "an element header in the Segment", lastWasCluster);
        return false;
      }
      if (status == MALFORMED) {
        problem(WebmProblem.Kind.MALFORMED_ELEMENT, child, -1, "malformed element header");
        return false;
      }
      if (end == Long.MAX_VALUE
          && (headerId == MatroskaId.EBML || headerId == MatroskaId.SEGMENT)) {
        return true; // a top-level element ends an unknown-size Segment
      }
      if (!headerUnknown && headerSize > end - child - headerLength) {
        problem(
            WebmProblem.Kind.ELEMENT_OVERRUNS_PARENT,
            child,
            -1,
            String.format("element 0x%X of %d octets overruns the Segment", headerId, headerSize));
        return false;
      }
      src.skip(headerLength);
      int id = headerId;
      boolean more;
      if (id == MatroskaId.CLUSTER) {
        more = cluster(child, end);
      } else if (id == MatroskaId.INFO) {
        more = info(child);
      } else if (id == MatroskaId.TRACKS) {
        more = tracks(child);
      } else {
        more = skipData(child, String.format("element 0x%X", id), false);
      }
      lastWasCluster = id == MatroskaId.CLUSTER;
      if (!more) {
        return false;
      }
    }
    return true;
  }

  private boolean info(long at) throws IOException {
    byte[] d = readWhole(at, "Info", false);
    if (d == null) {
      return false;
    }
    if (d.length == 0) {
      return true;
    }
    children(
        d,
        0,
        d.length,
        wholeDataOffset,
        (id, b, off, end, pos) -> {
          if (id == MatroskaId.TIMESTAMP_SCALE) {
            long v = uint(b, off, end);
            if (v <= 0) {
              problem(WebmProblem.Kind.MALFORMED_ELEMENT, pos, -1, "TimestampScale is not > 0");
            } else {
              timestampScale = v;
            }
          } else if (id == MatroskaId.DURATION) {
            double v = float64(b, off, end);
            if (Double.isFinite(v) && v >= 0) {
              declaredDurationTicks = v;
            } else {
              problem(WebmProblem.Kind.MALFORMED_ELEMENT, pos, -1, "Duration is not a float >= 0");
            }
          }
        });
    return true;
  }

  private boolean tracks(long at) throws IOException {
    byte[] d = readWhole(at, "Tracks", false);
    if (d == null) {
      return false;
    }
    sawTracks = true;
    long base = wholeDataOffset;
    children(
        d,
        0,
        d.length,
        base,
        (id, b, off, end, pos) -> {
          if (id == MatroskaId.TRACK_ENTRY) {
            trackEntry(b, off, end, base, pos);
          }
        });
    return true;
  }

  private void trackEntry(byte[] b, int from, int to, long base, long at) {
    Track t = new Track();
    boolean ok =
        children(
            b,
            from,
            to,
            base,
            (id, d, off, end, pos) -> {
              switch (id) {
                case MatroskaId.TRACK_NUMBER -> t.number = uint(d, off, end);
                case MatroskaId.TRACK_TYPE -> t.type = (int) Math.min(uint(d, off, end), 255);
                case MatroskaId.CODEC_ID -> t.codecId = string(d, off, end);
                case MatroskaId.VIDEO ->
                    children(
                        d,
                        off,
                        end,
                        base,
                        (vid, vd, voff, vend, vpos) -> {
                          if (vid == MatroskaId.PIXEL_WIDTH) {
                            t.width = (int) Math.min(uint(vd, voff, vend), Integer.MAX_VALUE);
                          } else if (vid == MatroskaId.PIXEL_HEIGHT) {
                            t.height = (int) Math.min(uint(vd, voff, vend), Integer.MAX_VALUE);
                          }
                        });
                case MatroskaId.AUDIO ->
                    children(
                        d,
                        off,
                        end,
                        base,
                        (aid, ad, aoff, aend, apos) -> {
                          if (aid == MatroskaId.CHANNELS) {
                            t.channels = (int) Math.min(uint(ad, aoff, aend), Integer.MAX_VALUE);
                          } else if (aid == MatroskaId.SAMPLING_FREQUENCY) {
                            double f = float64(ad, aoff, aend);
                            t.samplingFrequency = Double.isFinite(f) ? f : 0;
                          }
                        });
                default -> {}
              }
            });
    if (!ok) {
      return; // the malformed child was reported
    }
    if (t.number <= 0) {
      problem(WebmProblem.Kind.MALFORMED_TRACK, at, -1, "TrackEntry without a TrackNumber > 0");
    } else if (tracks.containsKey(t.number)) {
      problem(WebmProblem.Kind.MALFORMED_TRACK, at, t.number, "TrackNumber repeats");
    } else if (tracks.size() >= MAX_TRACKS) {
      problem(WebmProblem.Kind.MALFORMED_TRACK, at, t.number, "more than " + MAX_TRACKS);
    } else {
      tracks.put(t.number, t);
    }
  }

  // ---- Cluster ----------------------------------------------------------------------------

  private boolean cluster(long at, long parentEnd) throws IOException {
    clusters++;
    clusterTimestamp = -1;
    clusterTimestampReported = false;
    boolean unknown = headerUnknown;
    long end = unknown ? parentEnd : src.position + headerSize;
    while (src.position < end) {
      long child = src.position;
      int status = peekHeader();
      if (status == EOF) {
        if (end != Long.MAX_VALUE) {
          truncated(child, "the Cluster", true);
          return false;
        }
        return true; // an unknown-size Cluster in an unknown-size Segment ends with the input
      }
      if (status == TRUNCATED) {
        truncated(child, "an element header in the Cluster", true);
        return false;
      }
      if (status == MALFORMED) {
        problem(WebmProblem.Kind.MALFORMED_ELEMENT, child, -1, "malformed element in a Cluster");
        return false;
      }
      if (unknown && endsUnknownCluster(headerId)) {
        return true; // RFC 8794 §6.2: not a Cluster child, so the Cluster ended before it
      }
      if (!headerUnknown && headerSize > end - child - headerLength) {
        problem(
            WebmProblem.Kind.ELEMENT_OVERRUNS_PARENT,
            child,
            -1,
            String.format("element 0x%X of %d octets overruns its Cluster", headerId, headerSize));
        return false;
      }
      src.skip(headerLength);
      int id = headerId;
      boolean more;
      if (id == MatroskaId.TIMESTAMP) {
        more = clusterTimestamp(child);
      } else if (id == MatroskaId.SIMPLE_BLOCK) {
        more = simpleBlock(child);
      } else if (id == MatroskaId.BLOCK_GROUP) {
        more = blockGroup(child);
      } else {
        more = skipData(child, String.format("element 0x%X", id), true);
      }
      if (!more) {
        return false;
      }
    }
    return true;
  }

  private boolean clusterTimestamp(long at) throws IOException {
    if (headerUnknown || headerSize > 8) {
      problem(WebmProblem.Kind.MALFORMED_ELEMENT, at, -1, "Cluster Timestamp wider than 8 octets");
      return !headerUnknown && skipData(at, "Cluster Timestamp", true);
    }
    int n = (int) headerSize;
    if (src.ensure(n) < n) {
      truncated(at, "the Cluster Timestamp", true);
      return false;
    }
    long v = uint(src.buf, src.start, src.start + n);
    src.skip(n);
    if (v < 0) {
      problem(WebmProblem.Kind.TIMESTAMP_OUT_OF_RANGE, at, -1, "Cluster Timestamp above 2^63");
      v = 0;
    }
    clusterTimestamp = v;
    return true;
  }

  /** The parts of a block header that matter here. */
  private long blockTrack;

  private int blockRelative;
  private int blockFlags;
  private int blockFrames;

  /**
   * Reads the header of a SimpleBlock or Block (RFC 9559 §10.1: track number VINT, signed 16-bit
   * timestamp, flags, and with lacing a frame count) and skips its frame data.
   *
   * @return false when reading must stop; sets {@link #blockFrames} to 0 for a block not counted
   */
  private boolean readBlockHeader(long at) throws IOException {
    blockFrames = 0;
    if (headerUnknown) {
      problem(WebmProblem.Kind.MALFORMED_BLOCK, at, -1, "block with an unknown size");
      return false;
    }
    long size = headerSize;
    if (size < 4) {
      problem(WebmProblem.Kind.MALFORMED_BLOCK, at, -1, "block of " + size + " octets");
      return skipData(at, "block", true);
    }
    // want <= size: if the input ends before want octets, it ends inside this block
    int want = (int) Math.min(size, 8 + 2 + 1 + 1);
    if (src.ensure(want) < want) {
      src.skip(want);
      truncated(at, "a block", true);
      return false;
    }
    int s = src.start;
    int tw = Vint.width(src.buf[s]);
    long track = Vint.readValue(src.buf, s, s + want);
    if (tw < 1 || track < 0 || size < tw + 3) {
      problem(WebmProblem.Kind.MALFORMED_BLOCK, at, -1, "block with a malformed track number");
      return skipData(at, "block", true);
    }
    int rel = (short) (((src.buf[s + tw] & 0xFF) << 8) | (src.buf[s + tw + 1] & 0xFF));
    int flags = src.buf[s + tw + 2] & 0xFF;
    int frames = 1;
    if ((flags & 0x06) != 0) { // lacing (RFC 9559 §10.3): a count of frames minus one follows
      if (size < tw + 4) {
        problem(WebmProblem.Kind.MALFORMED_BLOCK, at, track, "laced block without a frame count");
        return skipData(at, "block", true);
      }
      frames = (src.buf[s + tw + 3] & 0xFF) + 1;
    }
    if (src.skip(size) < size) {
      truncated(at, "a block", true);
      return false;
    }
    blockTrack = track;
    blockRelative = rel;
    blockFlags = flags;
    blockFrames = frames;
    return true;
  }

  private boolean simpleBlock(long at) throws IOException {
    if (!readBlockHeader(at)) {
      return false;
    }
    if (blockFrames > 0) {
      frame(at, blockTrack, blockRelative, (blockFlags & 0x80) != 0, blockFrames);
    }
    return true;
  }

  private boolean blockGroup(long at) throws IOException {
    if (headerUnknown) {
      problem(WebmProblem.Kind.MALFORMED_ELEMENT, at, -1, "BlockGroup with an unknown size");
      return false;
    }
    long end = src.position + headerSize;
    boolean haveBlock = false;
    boolean referenced = false;
    long track = 0;
    int rel = 0;
    int frames = 0;
    long blockAt = at;
    while (src.position < end) {
      long child = src.position;
      int status = peekHeader();
      if (status == EOF || status == TRUNCATED) {
        truncated(child, "a BlockGroup", true);
        return false;
      }
      if (status == MALFORMED || headerUnknown || headerSize > end - child - headerLength) {
        problem(WebmProblem.Kind.MALFORMED_ELEMENT, child, -1, "malformed BlockGroup child");
        return false;
      }
      src.skip(headerLength);
      if (headerId == BLOCK) {
        if (!readBlockHeader(child)) {
          return false;
        }
        if (blockFrames > 0) {
          haveBlock = true;
          track = blockTrack;
          rel = blockRelative;
          frames = blockFrames;
          blockAt = child;
        }
      } else {
        referenced |= headerId == REFERENCE_BLOCK;
        if (!skipData(child, "BlockGroup child", true)) {
          return false;
        }
      }
    }
    if (haveBlock) {
      // RFC 9559 §10.1: a Block is a key frame when its BlockGroup has no ReferenceBlock.
      frame(blockAt, track, rel, !referenced, frames);
    }
    return true;
  }

  private void frame(long at, long trackNumber, int relative, boolean key, int frames) {
    if (clusterTimestamp < 0) {
      if (!clusterTimestampReported) {
        problem(
            WebmProblem.Kind.MISSING_CLUSTER_TIMESTAMP, at, trackNumber, "block before Timestamp");
        clusterTimestampReported = true;
      }
      clusterTimestamp = 0;
    }
    Track t = tracks.get(trackNumber);
    if (t == null) {
      problem(WebmProblem.Kind.BLOCK_FOR_UNKNOWN_TRACK, at, trackNumber, "no such TrackEntry");
      return;
    }
    t.blocks++;
    t.frames += frames;
    if (key) {
      t.keyframes++;
    }
    long ticks = clusterTimestamp + relative;
    if (ticks < 0 || ticks > Long.MAX_VALUE / timestampScale) {
      problem(
          WebmProblem.Kind.TIMESTAMP_OUT_OF_RANGE,
          at,
          trackNumber,
          "Cluster Timestamp " + clusterTimestamp + " + relative " + relative + " out of range");
      return;
    }
    long ns = ticks * timestampScale;
    if (t.firstNs < 0) {
      t.firstNs = ns;
      t.lastNs = ns;
      if (t.type == MatroskaId.TRACK_TYPE_VIDEO && !key) {
        problem(
            WebmProblem.Kind.FIRST_VIDEO_FRAME_NOT_KEYFRAME,
            at,
            trackNumber,
            "the first video frame is not a key frame");
      }
    } else if (ns < t.prevNs) {
      problem(
          WebmProblem.Kind.TIMESTAMP_BACKWARDS,
          at,
          trackNumber,
          String.format("%.3f s after %.3f s", ns / 1e9, t.prevNs / 1e9));
    } else {
      long step = ns - t.prevNs;
      if (step > 0) {
        t.lastStepNs = step;
      }
      if (step > GAP_THRESHOLD_NS && t.gaps.size() < MAX_GAPS) {
        t.gaps.add(new WebmTrackSummary.Gap(t.prevNs, ns));
      }
      t.lastNs = Math.max(t.lastNs, ns);
    }
    t.firstNs = Math.min(t.firstNs, ns);
    t.prevNs = ns;
  }

  // ---- element plumbing -------------------------------------------------------------------

  private static final int OK = 0;
  private static final int EOF = 1;
  private static final int TRUNCATED = 2;
  private static final int MALFORMED = 3;

  private int headerId;
  private long headerSize;
  private boolean headerUnknown;
  private int headerLength;

  /** Parses the element header at the current position without consuming it. */
  private int peekHeader() throws IOException {
    int avail = src.ensure(12);
    if (avail == 0) {
      return EOF;
    }
    byte[] b = src.buf;
    int s = src.start;
    int idWidth = Vint.width(b[s]);
    if (idWidth < 1 || idWidth > 4) {
      return MALFORMED;
    }
    if (avail < idWidth + 1) {
      return TRUNCATED;
    }
    int sizeWidth = Vint.width(b[s + idWidth]);
    if (sizeWidth < 1) {
      return MALFORMED;
    }
    if (avail < idWidth + sizeWidth) {
      return TRUNCATED;
    }
    EbmlReader.Header h = EbmlReader.readHeader(b, s, s + avail);
    if (h == null) {
      return MALFORMED;
    }
    headerId = h.id();
    headerUnknown = h.unknownSize();
    headerSize = h.dataSize();
    headerLength = h.headerLength();
    return OK;
  }

  /** Skips the data of the element whose header was just consumed. */
  private boolean skipData(long at, String what, boolean inCluster) throws IOException {
    if (headerUnknown) {
      problem(WebmProblem.Kind.MALFORMED_ELEMENT, at, -1, what + " with an unknown size");
      return false;
    }
    if (src.skip(headerSize) < headerSize) {
      truncated(at, what, inCluster);
      return false;
    }
    return true;
  }

  /** File offset of the data {@link #readWhole} returned last. */
  private long wholeDataOffset;

  /** Reads the data of the element whose header was just consumed; null when reading stops. */
  private byte[] readWhole(long at, String what, boolean inCluster) throws IOException {
    wholeDataOffset = src.position;
    if (headerUnknown) {
      problem(WebmProblem.Kind.MALFORMED_ELEMENT, at, -1, what + " with an unknown size");
      return null;
    }
    if (headerSize > MAX_WHOLE_ELEMENT_BYTES) {
      problem(
          WebmProblem.Kind.OVERSIZED_ELEMENT,
          at,
          -1,
          what + " of " + headerSize + " octets; not read");
      return skipData(at, what, inCluster) ? new byte[0] : null;
    }
    byte[] d = new byte[(int) headerSize];
    int n = src.read(d);
    if (n < d.length) {
      truncated(at, what, inCluster);
      return null;
    }
    return d;
  }

  /** A child element of a master held in memory: its ID, data range and file offset. */
  private interface Child {
    void accept(int id, byte[] b, int off, int end, long fileOffset);
  }

  /**
   * Visits the children of {@code b[from, to)}, whose first octet is at file offset {@code base +
   * from}. Returns false (after reporting it) at a malformed or overrunning child.
   */
  private boolean children(byte[] b, int from, int to, long base, Child visitor) {
    int pos = from;
    while (pos < to) {
      EbmlReader.Header h = EbmlReader.readHeader(b, pos, to);
      if (h == null || h.unknownSize() || h.dataSize() > to - pos - h.headerLength()) {
        problem(
            h == null || h.unknownSize()
                ? WebmProblem.Kind.MALFORMED_ELEMENT
                : WebmProblem.Kind.ELEMENT_OVERRUNS_PARENT,
            base + pos,
            -1,
            "malformed or overrunning child element");
        return false;
      }
      int off = pos + h.headerLength();
      int end = off + (int) h.dataSize();
      visitor.accept(h.id(), b, off, end, base + pos);
      pos = end;
    }
    return true;
  }

  /** An unsigned integer element (RFC 8794 §7.2); -1 when wider than 8 octets or above 2^63. */
  private static long uint(byte[] b, int off, int end) {
    if (end - off > 8) {
      return -1;
    }
    long v = 0;
    for (int i = off; i < end; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  /** A float element (RFC 8794 §7.3): 0, 4 or 8 octets; NaN otherwise. */
  private static double float64(byte[] b, int off, int end) {
    return switch (end - off) {
      case 0 -> 0;
      case 4 -> Float.intBitsToFloat((int) uint(b, off, end));
      case 8 -> Double.longBitsToDouble(uint(b, off, end));
      default -> Double.NaN;
    };
  }

  /** A String element (RFC 8794 §7.4): printable ASCII, NUL padding dropped. */
  private static String string(byte[] b, int off, int end) {
    int e = end;
    while (e > off && b[e - 1] == 0) {
      e--;
    }
    return new String(b, off, e - off, StandardCharsets.UTF_8);
  }

  private void truncated(long at, String what, boolean inLastCluster) {
    if (inLastCluster) {
      if (notes.isEmpty()) {
        notes.add(
            new WebmProblem(
                WebmProblem.Kind.TRUNCATED_LAST_CLUSTER,
                at,
                -1,
                "the file ends inside " + what + " of its last Cluster (a cut recording)"));
      }
    } else {
      problem(WebmProblem.Kind.TRUNCATED, at, -1, "the file ends inside " + what);
    }
  }

  private long problemCount(WebmProblem.Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  private void problem(WebmProblem.Kind kind, long at, long track, String detail) {
    counts.merge(kind, 1L, Long::sum);
    if (problems.size() < MAX_LISTED_PROBLEMS) {
      problems.add(new WebmProblem(kind, at, track, detail));
    }
  }

  private WebmSummary summary() {
    List<WebmTrackSummary> out = new ArrayList<>();
    for (Track t : tracks.values()) {
      out.add(
          new WebmTrackSummary(
              t.number,
              t.type,
              t.codecId,
              t.width,
              t.height,
              t.channels,
              t.samplingFrequency,
              t.blocks,
              t.frames,
              t.keyframes,
              t.firstNs,
              t.lastNs,
              t.lastStepNs,
              List.copyOf(t.gaps)));
    }
    double declared =
        Double.isNaN(declaredDurationTicks)
            ? Double.NaN
            : declaredDurationTicks * timestampScale / 1e9;
    return new WebmSummary(
        src.position,
        docType,
        timestampScale,
        declared,
        segmentUnknownSize,
        clusters,
        List.copyOf(out),
        Map.copyOf(counts),
        List.copyOf(problems),
        List.copyOf(notes));
  }

  /** What the reader keeps per track while reading. */
  private static final class Track {
    long number = -1;
    int type;
    String codecId = "";
    int width;
    int height;
    int channels;
    double samplingFrequency;
    long blocks;
    long frames;
    long keyframes;
    long firstNs = -1;
    long lastNs = -1;
    long prevNs = -1;
    long lastStepNs;
    final List<WebmTrackSummary.Gap> gaps = new ArrayList<>();
  }

  /** A 64 KiB window over the input, with the input offset of its first octet. */
  private static final class Source {
    private final InputStream in;
    final byte[] buf = new byte[1 << 16];
    int start;
    int end;
    long position;
    private boolean eof;

    Source(InputStream in) {
      this.in = in;
    }

    /**
     * Makes up to {@code n} (at most 64 KiB) octets available at {@code start}; returns how many.
     */
    int ensure(int n) throws IOException {
      if (end - start >= n) {
        return end - start;
      }
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      while (end < n && !eof) {
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) {
          eof = true;
        } else {
          end += r;
        }
      }
      return end - start;
    }

    /** Consumes up to {@code n} octets; returns how many there were. */
    long skip(long n) throws IOException {
      long done = 0;
      while (done < n) {
        if (start == end && ensure(1) == 0) {
          break;
        }
        int take = (int) Math.min(n - done, end - start);
        start += take;
        position += take;
        done += take;
      }
      return done;
    }

    /** Fills {@code dst} as far as the input goes; returns how many octets were copied. */
    int read(byte[] dst) throws IOException {
      int done = 0;
      while (done < dst.length) {
        if (start == end && ensure(1) == 0) {
          break;
        }
        int take = Math.min(dst.length - done, end - start);
        System.arraycopy(buf, start, dst, done, take);
        start += take;
        position += take;
        done += take;
      }
      return done;
    }

    /** Reads the rest of the input, counting it. */
    void drain() throws IOException {
      skip(Long.MAX_VALUE);
    }
  }
}
