package io.roomrecorder.rtp.h264;

import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.DepacketizerStats;
import io.roomrecorder.rtp.FrameDepacketizer;
import io.roomrecorder.rtp.FrameFlags;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.RtpPacket;
import java.util.Arrays;

/**
 * RFC 6184 depacketizer: single NAL unit packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8), i.e.
 * packetization modes 0 and 1 (mode 0 is the single-NAL subset; both are accepted without being
 * told which was negotiated). The interleaved mode's STAP-B, MTAP16/24 and FU-B are counted as
 * unsupported and damage their frame.
 *
 * <pre>
 * NAL unit header / FU indicator      FU header (FU-A only)
 * +---------------+                   +---------------+
 * |0|1|2|3|4|5|6|7|                   |0|1|2|3|4|5|6|7|
 * +-+-+-+-+-+-+-+-+                   +-+-+-+-+-+-+-+-+
 * |F|NRI|  Type   |                   |S|E|R|  Type   |
 * +---------------+                   +---------------+
 * </pre>
 *
 * <p>An access unit (all packets of one RTP timestamp, §5.1) ends at the marker bit or when the
 * timestamp changes. It is emitted in Annex-B byte-stream form (a 4-byte start code before each NAL
 * unit) with its 64-bit timestamp, and flagged keyframe when it holds an IDR slice (type 5). The
 * latest SPS and PPS are cached and put in front of an IDR access unit that lacks them, so every
 * keyframe is decodable on its own. An access unit touched by a sequence gap, an FU-A without start
 * or end, or a malformed packet is reported through {@link FrameListener#onDamagedFrame} and never
 * emitted.
 *
 * <p><b>Thread-safety:</b> none; one instance per stream. <b>Ownership:</b> the access-unit buffer
 * is owned here and grows as needed up to {@code maxAccessUnitSize}; the listener borrows it during
 * {@code onFrame}. No allocation per packet once the buffer has grown to the stream's frame size.
 */
public final class H264Depacketizer extends FrameDepacketizer {
  static final int NAL_IDR = 5;
  static final int NAL_SPS = 7;
  static final int NAL_PPS = 8;
  static final int STAP_A = 24;
  static final int STAP_B = 25;
  static final int MTAP16 = 26;
  static final int MTAP24 = 27;
  static final int FU_A = 28;
  static final int FU_B = 29;

  private final int maxAccessUnitSize;
  private byte[] au = new byte[64 * 1024];
  private int auLen;
  private boolean hasIdr;
  private boolean hasSps;
  private boolean hasPps;
  private boolean parameterSetsChanged;
  private boolean resolutionChanged;
  private boolean inFu;
  private int fuType;
  private int fuNalStart;

  private byte[] sps = new byte[0];
  private byte[] pps = new byte[0];
  private final H264Sps spsReader = new H264Sps();
  private int width;
  private int height;

  private long used;
  private long malformed;
  private long unsupported;

  /** With a 16 MiB access-unit limit. */
  public H264Depacketizer(FrameListener listener) {
    this(listener, 16 << 20);
  }

  public H264Depacketizer(FrameListener listener, int maxAccessUnitSize) {
    super(listener);
    if (maxAccessUnitSize < 1024) {
      throw new IllegalArgumentException("maxAccessUnitSize must be at least 1024 bytes");
    }
    this.maxAccessUnitSize = maxAccessUnitSize;
  }

  @Override
  protected void startFrame() {
    auLen = 0;
    hasIdr = false;
    hasSps = false;
    hasPps = false;
    parameterSetsChanged = false;
    resolutionChanged = false;
    inFu = false;
  }

  @Override
  protected void payload(RtpPacket p, boolean first, boolean gap) {
    if (gap) {
      damage(DamageReason.MISSING_PACKETS);
    }
    if (isDamaged()) {
      discarded++;
    } else {
      appendPayload(p.buffer(), p.payloadOffset(), p.payloadLength());
    }
  }

  /** Dispatches on the payload's NAL unit type (RFC 6184 §5.4 Table 1 / §5.2). */
  private void appendPayload(byte[] b, int off, int len) {
    int type = b[off] & 0x1F;
    if (type >= 1 && type <= 23) {
      if (inFu) {
        damage(DamageReason.MISSING_END); // an FU-A was never ended
        discarded++;
        return;
      }
      if (appendNal(b, off, len)) {
        used++;
      } else {
        discarded++; // too large: damage recorded
      }
      return;
    }
    switch (type) {
      case STAP_A -> stapA(b, off, len);
      case FU_A -> fuA(b, off, len);
      case STAP_B, MTAP16, MTAP24, FU_B -> {
        unsupported++;
        damage(DamageReason.UNSUPPORTED_PAYLOAD);
      }
      default -> ignored++; // 0, 30, 31: reserved, receivers ignore them (§5.4)
    }
  }

  /**
   * STAP-A, §5.7.1: after the STAP-A NAL header, repeated (16-bit size, NAL unit). Validated whole
   * before anything is appended, so a bad packet appends nothing.
   */
  private void stapA(byte[] b, int off, int len) {
    if (inFu) {
      damage(DamageReason.MISSING_END);
      discarded++;
      return;
    }
    int end = off + len;
    int p = off + 1;
    int count = 0;
    while (p < end) {
      if (end - p < 2) {
        break;
      }
      int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      if (size == 0 || size > end - p - 2) {
        break;
      }
      p += 2 + size;
      count++;
    }
    if (p != end || count == 0) {
      malformed++;
      damage(DamageReason.MALFORMED_PAYLOAD);
      return;
    }
    p = off + 1;
    while (p < end) {
      int size = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
      if (!appendNal(b, p + 2, size)) {
        discarded++; // too large: damage recorded
        return;
      }
      p += 2 + size;
    }
    used++;
  }

  /** FU-A, §5.8: FU indicator (F, NRI, 28), FU header (S, E, R, type), fragment. */
  private void fuA(byte[] b, int off, int len) {
    if (len < 3) {
      malformed++;
      damage(DamageReason.MALFORMED_PAYLOAD);
      return;
    }
    int indicator = b[off] & 0xFF;
    int header = b[off + 1] & 0xFF;
    boolean start = (header & 0x80) != 0;
    boolean end = (header & 0x40) != 0;
    int type = header & 0x1F;
    if (start && end) {
      malformed++; // §5.8: S and E MUST NOT both be set
      damage(DamageReason.MALFORMED_PAYLOAD);
      return;
    }
    if (start) {
      if (inFu) {
        damage(DamageReason.MISSING_END);
        discarded++;
        return;
      }
      if (!reserve(5 + len - 2)) {
        discarded++;
        return;
      }
      fuNalStart = auLen;
      writeStartCode();
      au[auLen++] = (byte) ((indicator & 0xE0) | type); // reconstructed NAL header
      System.arraycopy(b, off + 2, au, auLen, len - 2);
      auLen += len - 2;
      inFu = true;
      fuType = type;
      used++;
      return;
    }
    if (!inFu || type != fuType) {
      damage(DamageReason.MISSING_START);
      discarded++;
      return;
    }
    if (!reserve(len - 2)) {
      discarded++;
      return;
    }
    System.arraycopy(b, off + 2, au, auLen, len - 2);
    auLen += len - 2;
    used++;
    if (end) {
      inFu = false;
      noteNal(type, fuNalStart + 4, auLen - fuNalStart - 4);
    }
  }

  /** Appends one whole NAL unit with a start code; false (and damage) if it does not fit. */
  private boolean appendNal(byte[] b, int off, int len) {
    if (!reserve(4 + len)) {
      return false;
    }
    int nalStart = auLen + 4;
    writeStartCode();
    System.arraycopy(b, off, au, auLen, len);
    auLen += len;
    noteNal(b[off] & 0x1F, nalStart, len);
    return true;
  }

  private void noteNal(int type, int start, int len) {
    switch (type) {
      case NAL_IDR -> hasIdr = true;
      case NAL_SPS -> {
        hasSps = true;
        if (!Arrays.equals(sps, 0, sps.length, au, start, start + len)) {
          sps = Arrays.copyOfRange(au, start, start + len); // rare: parameter sets change
          parameterSetsChanged = true;
          if (spsReader.parse(sps, 0, sps.length)
              && (spsReader.width != width || spsReader.height != height)) {
            width = spsReader.width;
            height = spsReader.height;
            resolutionChanged = true;
          }
        }
      }
      case NAL_PPS -> {
        hasPps = true;
        if (!Arrays.equals(pps, 0, pps.length, au, start, start + len)) {
          pps = Arrays.copyOfRange(au, start, start + len);
          parameterSetsChanged = true;
        }
      }
      default -> {}
    }
  }

  private boolean reserve(int n) {
    if (auLen + (long) n > maxAccessUnitSize) {
      damage(DamageReason.TOO_LARGE);
      return false;
    }
    if (auLen + n > au.length) {
      au =
          Arrays.copyOf(au, (int) Math.min(maxAccessUnitSize, Math.max(au.length * 2L, auLen + n)));
    }
    return true;
  }

  private void writeStartCode() {
    au[auLen] = 0;
    au[auLen + 1] = 0;
    au[auLen + 2] = 0;
    au[auLen + 3] = 1;
    auLen += 4;
  }

  @Override
  protected void endFrame(boolean byMarker) {
    if (inFu) {
      damage(DamageReason.MISSING_END);
      inFu = false;
    }
    if (reportIfDamaged() || auLen == 0) {
      return; // damaged, or only ignorable packets
    }
    int flags = byMarker ? 0 : FrameFlags.NO_MARKER;
    if (parameterSetsChanged) {
      flags |= FrameFlags.PARAMETER_SETS_CHANGED;
    }
    if (resolutionChanged) {
      flags |= FrameFlags.RESOLUTION_CHANGED;
    }
    if (hasIdr && (!hasSps || !hasPps) && sps.length > 0 && pps.length > 0) {
      insertParameterSets();
      flags |= FrameFlags.PARAMETER_SETS_INSERTED;
    }
    deliver(au, auLen, hasIdr, flags);
  }

  /** Moves the access unit up and writes start code + SPS and start code + PPS in front. */
  private void insertParameterSets() {
    int n = 8 + sps.length + pps.length;
    if (auLen + (long) n > maxAccessUnitSize) {
      return;
    }
    if (auLen + n > au.length) {
      au = Arrays.copyOf(au, Math.min(maxAccessUnitSize, Math.max(au.length * 2, auLen + n)));
    }
    System.arraycopy(au, 0, au, n, auLen);
    int p = 0;
    au[p++] = 0;
    au[p++] = 0;
    au[p++] = 0;
    au[p++] = 1;
    System.arraycopy(sps, 0, au, p, sps.length);
    p += sps.length;
    au[p++] = 0;
    au[p++] = 0;
    au[p++] = 0;
    au[p++] = 1;
    System.arraycopy(pps, 0, au, p, pps.length);
    auLen += n;
  }

  /** Width in pixels from the latest SPS (after cropping), 0 before one was seen. */
  public int width() {
    return width;
  }

  /** Height in pixels from the latest SPS (after cropping), 0 before one was seen. */
  public int height() {
    return height;
  }

  @Override
  public DepacketizerStats stats() {
    return new DepacketizerStats(
        packets,
        used,
        malformed,
        unsupported,
        ignored,
        discarded,
        frames,
        keyframes,
        damagedFrames);
  }
}
