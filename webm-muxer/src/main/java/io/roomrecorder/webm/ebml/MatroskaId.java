package io.roomrecorder.webm.ebml;

/**
 * Element IDs, named as in the EBML (RFC 8794 §11) and Matroska (RFC 9559 §5.1) schemas. An ID is
 * kept with its VINT marker bits, exactly as it appears in a file; its octet count follows from its
 * magnitude ({@link EbmlWriter#idWidth(int)}).
 */
public final class MatroskaId {
  private MatroskaId() {}

  // EBML header, RFC 8794 §11.2
  public static final int EBML = 0x1A45DFA3;
  public static final int EBML_VERSION = 0x4286;
  public static final int EBML_READ_VERSION = 0x42F7;
  public static final int EBML_MAX_ID_LENGTH = 0x42F2;
  public static final int EBML_MAX_SIZE_LENGTH = 0x42F3;
  public static final int DOC_TYPE = 0x4282;
  public static final int DOC_TYPE_VERSION = 0x4287;
  public static final int DOC_TYPE_READ_VERSION = 0x4285;
  // global elements, RFC 8794 §11.3
  public static final int VOID = 0xEC;
  public static final int CRC_32 = 0xBF;

  // Segment and its SeekHead, RFC 9559 §5.1, §5.1.1
  public static final int SEGMENT = 0x18538067;
  public static final int SEEK_HEAD = 0x114D9B74;
  public static final int SEEK = 0x4DBB;
  public static final int SEEK_ID = 0x53AB;
  public static final int SEEK_POSITION = 0x53AC;

  // Info, RFC 9559 §5.1.2
  public static final int INFO = 0x1549A966;
  public static final int TIMESTAMP_SCALE = 0x2AD7B1;
  public static final int DURATION = 0x4489;
  public static final int MUXING_APP = 0x4D80;
  public static final int WRITING_APP = 0x5741;

  // Cluster, RFC 9559 §5.1.3
  public static final int CLUSTER = 0x1F43B675;
  public static final int TIMESTAMP = 0xE7;
  public static final int SIMPLE_BLOCK = 0xA3;
  public static final int BLOCK_GROUP = 0xA0;

  // Tracks, RFC 9559 §5.1.4
  public static final int TRACKS = 0x1654AE6B;
  public static final int TRACK_ENTRY = 0xAE;
  public static final int TRACK_NUMBER = 0xD7;
  public static final int TRACK_UID = 0x73C5;
  public static final int TRACK_TYPE = 0x83;
  public static final int FLAG_LACING = 0x9C;
  public static final int LANGUAGE = 0x22B59C;
  public static final int CODEC_ID = 0x86;
  public static final int CODEC_PRIVATE = 0x63A2;
  public static final int CODEC_DELAY = 0x56AA;
  public static final int SEEK_PRE_ROLL = 0x56BB;
  public static final int VIDEO = 0xE0;
  public static final int PIXEL_WIDTH = 0xB0;
  public static final int PIXEL_HEIGHT = 0xBA;
  public static final int AUDIO = 0xE1;
  public static final int SAMPLING_FREQUENCY = 0xB5;
  public static final int CHANNELS = 0x9F;

  // Cues, RFC 9559 §5.1.5
  public static final int CUES = 0x1C53BB6B;
  public static final int CUE_POINT = 0xBB;
  public static final int CUE_TIME = 0xB3;
  public static final int CUE_TRACK_POSITIONS = 0xB7;
  public static final int CUE_TRACK = 0xF7;
  public static final int CUE_CLUSTER_POSITION = 0xF1;
  public static final int CUE_RELATIVE_POSITION = 0xF0;

  // Other top-level elements of a Segment, RFC 9559 §5.1
  public static final int TAGS = 0x1254C367;
  public static final int CHAPTERS = 0x1043A770;
  public static final int ATTACHMENTS = 0x1941A469;

  /**
   * Whether the ID is one of the Segment's top-level elements (RFC 9559 §5.1): one of them after an
   * unknown-size Cluster ends that Cluster.
   */
  public static boolean isSegmentChild(int id) {
    return id == SEEK_HEAD
        || id == INFO
        || id == TRACKS
        || id == CLUSTER
        || id == CUES
        || id == TAGS
        || id == CHAPTERS
        || id == ATTACHMENTS;
  }

  // TrackType values, RFC 9559 §5.1.4.1.3
  public static final int TRACK_TYPE_VIDEO = 1;
  public static final int TRACK_TYPE_AUDIO = 2;
}
