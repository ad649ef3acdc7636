package io.roomrecorder.webm.testing;

import io.roomrecorder.webm.ebml.EbmlReader;
import io.roomrecorder.webm.ebml.MatroskaId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The element tree of a WebM file, parsed with {@link EbmlReader} the way a demuxer would: known
 * sizes bound their element, an unknown-size element (RFC 8794 §6.2) ends at its parent's end or at
 * the first element that cannot be its child (for a Cluster: the next top-level element). Throws
 * {@link AssertionError} on anything malformed, so tests can use it as a strict structure check.
 */
public final class WebmTree {
  private static final Set<Integer> MASTERS =
      Set.of(
          MatroskaId.EBML,
          MatroskaId.SEGMENT,
          MatroskaId.SEEK_HEAD,
          MatroskaId.SEEK,
          MatroskaId.INFO,
          MatroskaId.TRACKS,
          MatroskaId.TRACK_ENTRY,
          MatroskaId.VIDEO,
          MatroskaId.AUDIO,
          MatroskaId.CLUSTER,
          MatroskaId.CUES,
          MatroskaId.CUE_POINT,
          MatroskaId.CUE_TRACK_POSITIONS);

  /** One element: where its header starts, where its data starts and ends, and its children. */
  public static final class Element {
    public final int id;
    public final int offset;
    public final int headerLength;
    public final boolean unknownSize;
    public final int dataOffset;
    public int end;
    public final List<Element> children = new ArrayList<>();
    private final byte[] file;

    Element(byte[] file, int id, int offset, int headerLength, boolean unknownSize, int end) {
      this.file = file;
      this.id = id;
      this.offset = offset;
      this.headerLength = headerLength;
      this.unknownSize = unknownSize;
      this.dataOffset = offset + headerLength;
      this.end = end;
    }

    public int dataLength() {
      return end - dataOffset;
    }

    public byte[] data() {
      return Arrays.copyOfRange(file, dataOffset, end);
    }

    public long uint() {
      long v = 0;
      for (int i = dataOffset; i < end; i++) {
        v = (v << 8) | (file[i] & 0xFF);
      }
      return v;
    }

    public double float64() {
      if (dataLength() == 4) {
        return Float.intBitsToFloat((int) uint());
      }
      return Double.longBitsToDouble(uint());
    }

    public String string() {
      return new String(file, dataOffset, dataLength(), StandardCharsets.UTF_8);
    }

    /** The first child with this ID, or null. */
    public Element child(int childId) {
      for (Element e : children) {
        if (e.id == childId) {
          return e;
        }
      }
      return null;
    }

    public List<Element> all(int childId) {
      List<Element> out = new ArrayList<>();
      for (Element e : children) {
        if (e.id == childId) {
          out.add(e);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return String.format("0x%X@%d+%d", id, offset, dataLength());
    }
  }

  public final Element ebml;
  public final Element segment;

  private WebmTree(Element ebml, Element segment) {
    this.ebml = ebml;
    this.segment = segment;
  }

  public static WebmTree parse(byte[] file) {
    List<Element> top = parseChildren(file, 0, file.length, null);
    if (top.size() != 2
        || top.get(0).id != MatroskaId.EBML
        || top.get(1).id != MatroskaId.SEGMENT) {
      throw new AssertionError("expected EBML header and one Segment, got " + top);
    }
    return new WebmTree(top.get(0), top.get(1));
  }

  private static List<Element> parseChildren(byte[] file, int from, int to, Element parent) {
    List<Element> out = new ArrayList<>();
    int pos = from;
    while (pos < to) {
      EbmlReader.Header h = EbmlReader.readHeader(file, pos, to);
      if (h == null) {
        throw new AssertionError("malformed element header at " + pos + " (parent " + parent + ")");
      }
      if (parent != null
          && parent.unknownSize
          && parent.id == MatroskaId.CLUSTER
          && MatroskaId.isSegmentChild(h.id())) {
        parent.end = pos; // an unknown-size Cluster ends where the next Segment child starts
        return out;
      }
      int dataOffset = pos + h.headerLength();
      int end;
      if (h.unknownSize()) {
        if (!MASTERS.contains(h.id())) {
          throw new AssertionError(String.format("unknown size on non-master 0x%X", h.id()));
        }
        end = to;
      } else {
        if (h.dataSize() > to - dataOffset) {
          throw new AssertionError(
              String.format("element 0x%X at %d overruns its parent", h.id(), pos));
        }
        end = dataOffset + (int) h.dataSize();
      }
      Element e = new Element(file, h.id(), pos, h.headerLength(), h.unknownSize(), end);
      if (MASTERS.contains(h.id())) {
        e.children.addAll(parseChildren(file, dataOffset, end, e));
      }
      out.add(e);
      pos = e.end;
    }
    return out;
  }

  public Element info() {
    return segment.child(MatroskaId.INFO);
  }

  public Element tracks() {
    return segment.child(MatroskaId.TRACKS);
  }

  public List<Element> clusters() {
    return segment.all(MatroskaId.CLUSTER);
  }

  public Element cues() {
    return segment.child(MatroskaId.CUES);
  }

  /** The TrackEntry with this TrackNumber, or null. */
  public Element track(int number) {
    for (Element e : tracks().all(MatroskaId.TRACK_ENTRY)) {
      if (e.child(MatroskaId.TRACK_NUMBER).uint() == number) {
        return e;
      }
    }
    return null;
  }

  /** A SimpleBlock decoded: track, absolute time in ms, flags, and the frame's bytes. */
  public record Block(int track, long timestampMs, int relativeMs, int flags, byte[] frame) {
    public boolean keyframe() {
      return (flags & 0x80) != 0;
    }
  }

  /** Every SimpleBlock in file order, with Cluster timestamp + relative timestamp. */
  public List<Block> blocks() {
    List<Block> out = new ArrayList<>();
    for (Element c : clusters()) {
      long clusterTs = c.child(MatroskaId.TIMESTAMP).uint();
      for (Element b : c.all(MatroskaId.SIMPLE_BLOCK)) {
        byte[] d = b.data();
        int track = d[0] & 0x7F; // 1-octet VINT track numbers
        int rel = (short) (((d[1] & 0xFF) << 8) | (d[2] & 0xFF));
        out.add(
            new Block(
                track, clusterTs + rel, rel, d[3] & 0xFF, Arrays.copyOfRange(d, 4, d.length)));
      }
    }
    return out;
  }
}
