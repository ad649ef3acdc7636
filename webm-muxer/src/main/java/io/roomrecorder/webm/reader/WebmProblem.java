package io.roomrecorder.webm.reader;

/**
 * One thing wrong (or worth noting) in a WebM/Matroska file.
 *
 * @param kind what is wrong
 * @param byteOffset where in the file: the offset of the element header concerned
 * @param track the TrackNumber concerned, or -1
 * @param detail a human-readable explanation
 */
public record WebmProblem(Kind kind, long byteOffset, long track, String detail) {

  /** The checks {@link WebmReader} performs. */
  public enum Kind {
    /** The file does not start with an EBML header (RFC 8794 §11.2). */
    MISSING_EBML_HEADER,
    /** The EBML header's DocType is neither "webm" nor "matroska", or the header is malformed. */
    UNSUPPORTED_DOC_TYPE,
    /** No Segment (RFC 9559 §5.1) after the EBML header. */
    MISSING_SEGMENT,
    /** More than one Segment: WebM allows one (RFC 9559 §5.1 chained segments are not read). */
    MULTIPLE_SEGMENTS,
    /** No Tracks element (RFC 9559 §5.1.4) before the end of the Segment. */
    MISSING_TRACKS,
    /** An element header (ID or data size VINT, RFC 8794 §4–§6) that cannot be parsed. */
    MALFORMED_ELEMENT,
    /** An element whose declared size runs past its parent's end. */
    ELEMENT_OVERRUNS_PARENT,
    /**
     * An element that must be read whole (EBML header, Info, Tracks) larger than the reader keeps.
     */
    OVERSIZED_ELEMENT,
    /** The file ends inside an element other than the last Cluster (RFC 8794 §6). */
    TRUNCATED,
    /**
     * A note, not a defect: the file ends inside its last Cluster, as a recording cut by a crash
     * does. Everything before the cut was read.
     */
    TRUNCATED_LAST_CLUSTER(true),
    /** A TrackEntry without a valid TrackNumber, or one whose number repeats. */
    MALFORMED_TRACK,
    /** A SimpleBlock or Block too short for its header (RFC 9559 §10.1, §10.2) or its lacing. */
    MALFORMED_BLOCK,
    /** A block whose track number no TrackEntry declares. */
    BLOCK_FOR_UNKNOWN_TRACK,
    /** A block in a Cluster that has no Timestamp element before it (RFC 9559 §5.1.3.1). */
    MISSING_CLUSTER_TIMESTAMP,
    /** Cluster Timestamp plus the block's relative timestamp is negative or overflows in ns. */
    TIMESTAMP_OUT_OF_RANGE,
    /** A block earlier than the previous block of its track. */
    TIMESTAMP_BACKWARDS,
    /** A video track whose first frame is not a key frame: nothing decodes until the next one. */
    FIRST_VIDEO_FRAME_NOT_KEYFRAME;

    private final boolean note;

    Kind() {
      this(false);
    }

    Kind(boolean note) {
      this.note = note;
    }

    /** Whether this kind is a note that does not make the file invalid. */
    public boolean note() {
      return note;
    }
  }
}
