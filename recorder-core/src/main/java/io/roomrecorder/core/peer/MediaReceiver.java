package io.roomrecorder.core.peer;

import io.roomrecorder.core.media.MediaClock;
import io.roomrecorder.core.media.MediaSink;
import io.roomrecorder.core.sdp.Answer;
import io.roomrecorder.core.sdp.Extmap;
import io.roomrecorder.core.sdp.MediaAnswer;
import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.rtp.DamageReason;
import io.roomrecorder.rtp.Depacketizer;
import io.roomrecorder.rtp.FrameListener;
import io.roomrecorder.rtp.ReorderBuffer;
import io.roomrecorder.rtp.ReorderConfig;
import io.roomrecorder.rtp.ReorderStats;
import io.roomrecorder.rtp.RtpPacket;
import io.roomrecorder.rtp.RtpParseStatus;
import io.roomrecorder.rtp.h264.H264Depacketizer;
import io.roomrecorder.rtp.opus.OpusDepacketizer;
import io.roomrecorder.rtp.rtcp.ReceptionReport;
import io.roomrecorder.rtp.rtcp.RtcpListener;
import io.roomrecorder.rtp.rtcp.RtcpParser;
import io.roomrecorder.rtp.rtcp.RtcpWriter;
import io.roomrecorder.rtp.vp8.Vp8Depacketizer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one publisher's decrypted RTP into frames and answers with RTCP feedback.
 *
 * <p>Per track (video, audio): a reorder buffer (in order, losses reported), a depacketizer (RFC
 * 6184 H.264, RFC 7741 VP8, RFC 7587 Opus) and a media-clock track. Bundle demultiplexing is by
 * payload type, which the answer fixed (Raspberry Ninja sends no MID extension, §11.6); RTX (RFC
 * 4588) goes to its media track's buffer, which unwraps it. A new SSRC on a track's payload type
 * replaces the track's buffer (the sender restarted its stream).
 *
 * <p>Feedback (RFC 4585, RFC 5104): receiver reports with SDES CNAME and a REMB every second, so a
 * browser raises its bitrate; generic NACKs for gaps, paced by the reorder buffer; PLI when
 * recording needs a keyframe or a frame is beyond repair (at most one a second), escalating to FIR
 * when PLIs go unanswered.
 *
 * <p>A/V sync: frames are passed on only once every track has a sender report (or after {@link
 * #SYNC_WAIT_MS}), so a file's audio and video start on the sender's common clock; a keyframe is
 * requested at that moment.
 *
 * <p>Threads: {@link #enqueueRtp}/{@link #enqueueRtcp} run on the socket thread and copy into a
 * bounded ring; everything else runs on the session executor.
 */
public final class MediaReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(MediaReceiver.class);

  /** Period of the session tick: reorder timeouts and NACK pacing. */
  static final long TICK_MS = 50;

  static final long REPORT_INTERVAL_MS = 1000;
  static final long PLI_INTERVAL_MS = 1000;
  static final int PLIS_BEFORE_FIR = 3;
  static final long SYNC_WAIT_MS = 2500;

  /** What the REMB announces: enough that the sender's own limits decide (bits per second). */
  static final long REMB_BITRATE_BPS = 10_000_000;

  /** NACK resend interval, about one round trip on the networks we record from. */
  static final long NACK_RESEND_MS = 100;

  /** Transport-wide feedback period; libwebrtc sends one every 50–100 ms. */
  static final long TWCC_INTERVAL_MS = 50;

  /** Most packets one transport-wide feedback covers; more is split. */
  static final int TWCC_MAX_PACKETS = 512;

  static final int RING_SLOTS = 256;
  static final int MAX_PACKET = 1500;

  /** A snapshot of counters. */
  public record Stats(
      String videoCodec,
      int width,
      int height,
      long videoFrames,
      long audioFrames,
      long damagedFrames,
      long bytesReceived,
      long packetsLost,
      long packetsRecovered,
      long nacksSent,
      long plisSent,
      long firsSent,
      long ringOverflows,
      long unknownPayloadType,
      long malformed,
      boolean synchronizedAv) {}

  private final String name;
  private final PeerConfig config;
  private final MediaSink sink;
  private final Consumer<PacketBuffer> rtcpOut;
  private final Runnable keyframeViaDataChannel;
  private final long localSsrc;
  private final byte[] cname;
  private final MediaClock clock;
  private final long clockOriginMs;

  private Track video;
  private Track audio;
  private String videoCodec;

  // Ring from the socket thread to the session thread.
  private final byte[][] ring = new byte[RING_SLOTS][];
  private final int[] ringLength = new int[RING_SLOTS];
  private final boolean[] ringRtcp = new boolean[RING_SLOTS];
  private final long[] ringArrival = new long[RING_SLOTS];
  private final long[] ringArrivalUs = new long[RING_SLOTS];
  private int ringHead;
  private int ringSize;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private long ringOverflows;

  private final RtpPacket parsed = new RtpPacket();
  private final RtcpParser rtcpParser = new RtcpParser();
  private final RtcpEvents rtcpEvents = new RtcpEvents();
  private final PacketBuffer out = new PacketBuffer(1500);
  private final int[] nackSeqs = new int[64];
  private final ReceptionReport[] reports = {new ReceptionReport(), new ReceptionReport()};
  private final long[] rembSsrcs = new long[2];

  private volatile double framesPerSecond;
  private volatile long bitrateBps;
  private long rateWindowStartMs = -1;
  private long rateFrames;
  private long rateBytes;
  // Transport-wide congestion control feedback
  // (draft-holmer-rmcat-transport-wide-cc-extensions-01):
  // lets a browser's send-side bandwidth estimator probe and ramp to its target bitrate.
  private int twccExtensionId;
  private long twccBase = -1;
  private long twccHighest = -1;
  private final long[] twccArrivalUs = new long[TWCC_MAX_PACKETS];
  private int twccFeedbackCount;
  private long lastTwccMs;
  private long twccFeedbackSent;
  private boolean started;
  private boolean startedBySenderReports;
  private long firstPacketMs = -1;
  private long lastPacketMs = -1;
  private long lastReportMs;
  private boolean keyframeWanted;
  private String keyframeReason = "";
  private long lastPliMs = Long.MIN_VALUE / 2;
  private int plisUnanswered;
  private int firSequence;
  private boolean closed;

  private long bytesReceived;
  private long nacksSent;
  private long plisSent;
  private long firsSent;
  private long unknownPayloadType;
  private long malformed;
  private long videoFrames;
  private long audioFrames;
  private long damagedFrames;

  /** One media kind's receive path. */
  private final class Track implements FrameListener {
    final boolean isVideo;
    final int payloadType;
    final int rtxPayloadType;
    final int clockRate;
    final String codec;
    final ReorderConfig reorderConfig;
    ReorderBuffer buffer;
    Depacketizer depacketizer;
    MediaClock.Track clockTrack;
    long lastSrNtpMiddle;
    long lastSrArrivalMs;
    long senderReports;
    long retiredLost;
    long retiredRecovered;
    long firstPacketMs = -1;

    Track(boolean isVideo, int payloadType, int rtxPayloadType, int clockRate, String codec) {
      this.isVideo = isVideo;
      this.payloadType = payloadType;
      this.rtxPayloadType = rtxPayloadType;
      this.clockRate = clockRate;
      this.codec = codec;
      ReorderConfig.Builder b =
          ReorderConfig.builder(clockRate)
              .maxPackets(isVideo ? 384 : 64)
              .maxMediaTimeMs(isVideo ? 1500 : 500)
              .holdTimeMs(isVideo ? 400 : 120)
              .maxPacketSize(MAX_PACKET);
      if (rtxPayloadType >= 0) {
        b.rtx(rtxPayloadType, payloadType);
      }
      this.reorderConfig = b.build();
      this.clockTrack = clock.track(clockRate);
    }

    /** The stream (SSRC) this track follows; a new one replaces buffer and depacketizer. */
    void reset() {
      if (buffer != null) {
        ReorderStats s = buffer.stats();
        retiredLost += s.lost();
        retiredRecovered += s.rtxRecovered();
      }
      // Depacketizer first: a track is never left with a buffer and no depacketizer.
      depacketizer =
          switch (codec) {
            case "H264" -> new H264Depacketizer(this);
            case "VP8" -> new Vp8Depacketizer(this);
            default -> new OpusDepacketizer(this);
          };
      buffer = new ReorderBuffer(reorderConfig);
    }

    void push(RtpPacket p, long nowMs) {
      if (firstPacketMs < 0) {
        firstPacketMs = nowMs;
      }
      boolean newSsrc = buffer == null || buffer.ssrc() != p.ssrc();
      if (buffer == null) {
        reset();
      } else if (p.payloadType() == payloadType
          && buffer.ssrc() >= 0
          && buffer.ssrc() != p.ssrc()) {
        LOG.info(
            "[{}] {} SSRC changed {} -> {}",
            name,
            isVideo ? "video" : "audio",
            buffer.ssrc(),
            p.ssrc());
        drain(nowMs);
        depacketizer.flush();
        reset();
        if (isVideo) {
          wantKeyframe("SSRC change");
        }
      }
      buffer.push(p, nowMs);
      if (newSsrc) {
        applyEarlySenderReport(p.ssrc(), nowMs);
      }
      drain(nowMs);
    }

    /**
     * A sender report that came before this SSRC's first packet (a sender whose audio pipeline
     * starts late sends one): applied now, before the first packet maps the track by arrival time,
     * so the track starts on the sender's clock instead of waiting for its next report (audio:
     * every 5 s in browsers, longer than the sync wait).
     */
    private void applyEarlySenderReport(long ssrc, long nowMs) {
      long[] sr = earlySenderReports.remove(ssrc);
      if (sr == null) {
        return;
      }
      clockTrack.onSenderReport(MediaClock.ntpToMicros(sr[0]), sr[1], sr[2] * 1000);
      lastSrNtpMiddle = (sr[0] >>> 16) & 0xFFFF_FFFFL;
      lastSrArrivalMs = sr[2];
      senderReports++;
      LOG.debug(
          "[{}] {} sender report from before its first packet applied",
          name,
          isVideo ? "video" : "audio");
      maybeStart(nowMs);
    }

    void drain(long nowMs) {
      if (buffer == null) {
        return;
      }
      for (ReorderBuffer.Event e; (e = buffer.poll(nowMs)) != ReorderBuffer.Event.NONE; ) {
        switch (e) {
          case PACKET -> {
            RtpPacket packet = buffer.packet();
            clockTrack.onPacket(packet.extendedTimestamp(), nowMs * 1000);
            depacketizer.handle(packet);
          }
          case LOST -> depacketizer.handleLoss(buffer.lostFirst(), buffer.lostCount());
          case RESTART -> {
            depacketizer.flush();
            if (isVideo) {
              wantKeyframe("sender restarted its sequence");
            }
          }
          case NONE -> {}
        }
      }
    }

    @Override
    public void onFrame(
        byte[] data, int offset, int length, long rtpTimestamp, boolean keyframe, int flags) {
      if (!started || !clockTrack.isMapped()) {
        return;
      }
      if (startedBySenderReports
          && !clockTrack.isSynchronized()
          && config.clockMs().getAsLong() - firstPacketMs < SYNC_WAIT_MS) {
        // This track began after the others were synchronized and has no sender report yet (not
        // even one from before its first packet): its times are arrival-based, off by the
        // sender's pipeline delay, until its own sender report arrives. Writing them now would
        // shift it against the other track, and the correction later would step back in time.
        return;
      }
      long pts = clockTrack.pts90k(rtpTimestamp);
      if (isVideo) {
        if (keyframe) {
          plisUnanswered = 0;
          keyframeWanted = false;
        }
        videoFrames++;
        sink.onVideoFrame(codec, data, offset, length, pts, keyframe, width(), height());
      } else {
        audioFrames++;
        sink.onAudioFrame(data, offset, length, pts);
      }
    }

    @Override
    public void onDamagedFrame(long rtpTimestamp, DamageReason reason) {
      if (!isVideo) {
        return;
      }
      damagedFrames++;
      if (started && clockTrack.isMapped()) {
        sink.onVideoDamaged(clockTrack.pts90k(rtpTimestamp), reason.name());
      }
      wantKeyframe("damaged frame (" + reason + ")");
    }

    int width() {
      return depacketizer instanceof H264Depacketizer h
          ? h.width()
          : depacketizer instanceof Vp8Depacketizer v ? v.width() : 0;
    }

    int height() {
      return depacketizer instanceof H264Depacketizer h
          ? h.height()
          : depacketizer instanceof Vp8Depacketizer v ? v.height() : 0;
    }

    long lost() {
      return retiredLost + (buffer == null ? 0 : buffer.stats().lost());
    }

    long recovered() {
      return retiredRecovered + (buffer == null ? 0 : buffer.stats().rtxRecovered());
    }
  }

  MediaReceiver(
      String name,
      PeerConfig config,
      MediaSink sink,
      Consumer<PacketBuffer> rtcpOut,
      Runnable keyframeViaDataChannel) {
    this.name = name;
    this.config = config;
    this.sink = sink;
    this.rtcpOut = rtcpOut;
    this.keyframeViaDataChannel = keyframeViaDataChannel;
    this.localSsrc = (config.random().nextInt() & 0xFFFF_FFFFL) | 1;
    this.cname =
        ("rr" + Long.toHexString(config.random().nextLong())).getBytes(StandardCharsets.US_ASCII);
    this.clockOriginMs = config.clockMs().getAsLong();
    this.clock = new MediaClock(clockOriginMs * 1000);
    for (int i = 0; i < RING_SLOTS; i++) {
      ring[i] = new byte[MAX_PACKET];
    }
  }

  /** Applies the negotiated media of an answer (first or renegotiated). */
  void update(Answer answer) {
    MediaAnswer v = answer.accepted("video").orElse(null);
    if (v != null && v.codec() != null && (video == null || video.payloadType != pt(v))) {
      String codec = v.codec().encodingName().toUpperCase(Locale.ROOT);
      video = new Track(true, pt(v), v.rtx() == null ? -1 : v.rtx().payloadType(), 90_000, codec);
      videoCodec = codec;
      LOG.info("[{}] Video codec: {}", name, codec);
    }
    MediaAnswer a = answer.accepted("audio").orElse(null);
    if (config.audio()
        && a != null
        && a.codec() != null
        && (audio == null || audio.payloadType != pt(a))) {
      audio = new Track(false, pt(a), a.rtx() == null ? -1 : a.rtx().payloadType(), 48_000, "OPUS");
    }
    for (MediaAnswer m : answer.media()) {
      if (!m.accepted()) {
        continue;
      }
      for (Extmap e : m.extmaps()) {
        if (Extmap.TRANSPORT_WIDE_CC.equals(e.uri())) {
          twccExtensionId = e.id();
        }
      }
    }
    sink.onMediaClock(clockOriginMs);
    sink.onNegotiated(video == null ? null : videoCodec, audio != null);
  }

  private static int pt(MediaAnswer m) {
    return m.codec().payloadType();
  }

  // ------------------------------------------------------------ socket thread → session thread

  void enqueueRtp(PacketBuffer p, Executor executor) {
    enqueue(p, false, executor);
  }

  void enqueueRtcp(PacketBuffer p, Executor executor) {
    enqueue(p, true, executor);
  }

  /** RTCP that came while the ring was full, kept rather than dropped; guarded by {@code ring}. */
  private record SpilledRtcp(byte[] data, long arrivalMs) {}

  private static final int RTCP_SPILL = 32;
  private final java.util.ArrayDeque<SpilledRtcp> rtcpSpill = new java.util.ArrayDeque<>();

  private void enqueue(PacketBuffer p, boolean rtcp, Executor executor) {
    int len = p.getLength();
    if (len > MAX_PACKET) {
      return;
    }
    synchronized (ring) {
      if (ringSize == RING_SLOTS) {
        if (rtcp && rtcpSpill.size() < RTCP_SPILL) {
          // A full queue (the session fell behind, e.g. while many peers start at once) drops
          // media; RTCP is kept: its sender reports are what aligns the tracks once it catches up.
          rtcpSpill.add(
              new SpilledRtcp(
                  java.util.Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + len),
                  config.clockMs().getAsLong()));
        } else {
          ringOverflows++;
          return;
        }
      } else {
        int slot = (ringHead + ringSize) % RING_SLOTS;
        System.arraycopy(p.getBuffer(), p.getOffset(), ring[slot], 0, len);
        ringLength[slot] = len;
        ringRtcp[slot] = rtcp;
        ringArrival[slot] = config.clockMs().getAsLong();
        // Transport-wide feedback reports arrival in 250 µs units: stamp at the socket, finer than
        // the session clock's milliseconds.
        ringArrivalUs[slot] = System.nanoTime() / 1000;
        ringSize++;
      }
    }
    if (drainScheduled.compareAndSet(false, true)) {
      executor.execute(this::drainRing);
    }
  }

  private void drainRing() {
    drainScheduled.set(false);
    while (true) {
      int slot;
      SpilledRtcp spilled = null;
      synchronized (ring) {
        // Spilled RTCP first: it came later than what waits in the ring, but its sender reports
        // are needed to start the tracks in sync, and their order against RTP does not matter.
        spilled = rtcpSpill.poll();
        if (spilled == null && ringSize == 0) {
          return;
        }
        slot = ringHead;
      }
      if (spilled != null) {
        if (!closed) {
          handleRtcp(spilled.data(), spilled.data().length, spilled.arrivalMs());
        }
        continue;
      }
      if (!closed) {
        if (ringRtcp[slot]) {
          handleRtcp(ring[slot], ringLength[slot], ringArrival[slot]);
        } else {
          handleRtp(ring[slot], ringLength[slot], ringArrival[slot], ringArrivalUs[slot]);
        }
      }
      synchronized (ring) {
        ringHead = (ringHead + 1) % RING_SLOTS;
        ringSize--;
      }
    }
  }

  // ---------------------------------------------------------------------------- session thread

  private void handleRtp(byte[] buf, int len, long arrivalMs, long arrivalUs) {
    if (parsed.parse(buf, 0, len) != RtpParseStatus.OK) {
      malformed++;
      return;
    }
    if (twccExtensionId > 0) {
      int seq = parsed.transportWideSequence(twccExtensionId);
      if (seq >= 0) {
        noteTransportWide(seq, arrivalUs, arrivalMs);
      }
    }
    bytesReceived += len;
    lastPacketMs = arrivalMs;
    if (firstPacketMs < 0) {
      firstPacketMs = arrivalMs;
    }
    int pt = parsed.payloadType();
    Track track = trackFor(pt);
    if (track == null) {
      unknownPayloadType++;
      return;
    }
    track.push(parsed, arrivalMs);
    maybeStart(arrivalMs);
  }

  private Track trackFor(int pt) {
    if (video != null && (pt == video.payloadType || pt == video.rtxPayloadType)) {
      return video;
    }
    if (audio != null && (pt == audio.payloadType || pt == audio.rtxPayloadType)) {
      return audio;
    }
    return null;
  }

  private void handleRtcp(byte[] buf, int len, long arrivalMs) {
    rtcpEvents.arrivalMs = arrivalMs;
    rtcpParser.parse(buf, 0, len, rtcpEvents);
  }

  private final class RtcpEvents implements RtcpListener {
    long arrivalMs;

    @Override
    public void onSenderReport(
        long senderSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
      Track t = trackBySsrc(senderSsrc);
      if (t == null) {
        // Its first packet has not come yet: keep the newest report of a few such SSRCs.
        earlySenderReports.remove(senderSsrc);
        if (earlySenderReports.size() >= MAX_EARLY_SENDER_REPORTS) {
          Long eldest = earlySenderReports.keySet().iterator().next();
          earlySenderReports.remove(eldest);
        }
        earlySenderReports.put(senderSsrc, new long[] {ntpTimestamp, rtpTimestamp, arrivalMs});
        return;
      }
      t.clockTrack.onSenderReport(
          MediaClock.ntpToMicros(ntpTimestamp), rtpTimestamp, arrivalMs * 1000);
      t.lastSrNtpMiddle = (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
      t.lastSrArrivalMs = arrivalMs;
      t.senderReports++;
      maybeStart(arrivalMs);
    }

    @Override
    public void onBye(long ssrc) {
      LOG.info("[{}] RTCP BYE from SSRC {}", name, ssrc);
    }
  }

  /** Sender reports of SSRCs without a packet yet (newest first out), bounded. */
  private static final int MAX_EARLY_SENDER_REPORTS = 4;

  private final java.util.LinkedHashMap<Long, long[]> earlySenderReports =
      new java.util.LinkedHashMap<>();

  private Track trackBySsrc(long ssrc) {
    if (video != null && video.buffer != null && video.buffer.ssrc() == ssrc) {
      return video;
    }
    if (audio != null && audio.buffer != null && audio.buffer.ssrc() == ssrc) {
      return audio;
    }
    return null;
  }

  private void noteTransportWide(int seq16, long arrivalUs, long nowMs) {
    long seq = twccHighest < 0 ? seq16 : RtpPacket.nearestSequence(twccHighest, seq16);
    if (twccBase < 0) {
      twccBase = seq;
      twccHighest = seq;
      java.util.Arrays.fill(twccArrivalUs, -1);
    }
    if (seq < twccBase) {
      return; // already reported as lost; a late packet is not reported again
    }
    if (seq - twccBase >= TWCC_MAX_PACKETS) {
      sendTransportFeedback();
      if (seq - twccBase >= TWCC_MAX_PACKETS) {
        twccBase = seq;
        twccHighest = seq;
        java.util.Arrays.fill(twccArrivalUs, -1);
      }
    }
    twccArrivalUs[(int) (seq - twccBase)] = arrivalUs;
    twccHighest = Math.max(twccHighest, seq);
  }

  /** Reports every transport-wide sequence number from the base to the highest seen. */
  private void sendTransportFeedback() {
    if (twccBase < 0 || twccHighest < twccBase) {
      return;
    }
    int count = (int) (twccHighest - twccBase + 1);
    boolean any = false;
    for (int i = 0; i < count; i++) {
      any |= twccArrivalUs[i] >= 0;
    }
    if (any) {
      long mediaSsrc =
          video != null && video.buffer != null && video.buffer.ssrc() >= 0
              ? video.buffer.ssrc()
              : 0;
      byte[] b = out.getBuffer();
      if (RtcpWriter.transportCcMaxLength(count) <= b.length - 32) {
        int len =
            RtcpWriter.transportCc(
                b,
                0,
                localSsrc,
                mediaSsrc,
                (int) (twccBase & 0xFFFF),
                twccArrivalUs,
                count,
                twccFeedbackCount++ & 0xFF);
        twccFeedbackSent++;
        send(len);
      }
    }
    twccBase = twccHighest + 1;
    java.util.Arrays.fill(twccArrivalUs, -1);
  }

  /** Starts passing frames on once the tracks that flow are synchronized, or after a wait. */
  private void maybeStart(long nowMs) {
    if (started || firstPacketMs < 0) {
      return;
    }
    boolean videoReady = video == null || video.buffer == null || video.clockTrack.isSynchronized();
    boolean audioReady = audio == null || audio.buffer == null || audio.clockTrack.isSynchronized();
    boolean anyFlowing =
        (video != null && video.buffer != null) || (audio != null && audio.buffer != null);
    boolean timedOut = nowMs - firstPacketMs >= SYNC_WAIT_MS;
    if (anyFlowing && ((videoReady && audioReady) || timedOut)) {
      started = true;
      startedBySenderReports = videoReady && audioReady;
      LOG.info(
          "[{}] media starts ({})",
          name,
          videoReady && audioReady
              ? "audio and video synchronized by sender reports"
              : "no sender report after "
                  + SYNC_WAIT_MS
                  + " ms: arrival-time sync; "
                  + syncReport());
      wantKeyframe("recording starts");
    }
  }

  /** Why the tracks were not synchronized in time, for the log. */
  private String syncReport() {
    StringBuilder b = new StringBuilder();
    for (Track t : new Track[] {video, audio}) {
      if (t == null || t.buffer == null) {
        continue;
      }
      b.append(t.isVideo ? "video" : "audio")
          .append(t.clockTrack.isSynchronized() ? " synchronized" : " not synchronized")
          .append(" (")
          .append(t.senderReports)
          .append(" sender reports), ");
    }
    synchronized (ring) {
      b.append(ringOverflows).append(" packets dropped by a full queue");
    }
    return b.toString();
  }

  void requestKeyframe(String why) {
    wantKeyframe(why);
  }

  private void wantKeyframe(String why) {
    if (!keyframeWanted) {
      keyframeWanted = true;
      keyframeReason = why;
    }
    sendKeyframeRequest(config.clockMs().getAsLong());
  }

  private void sendKeyframeRequest(long nowMs) {
    if (video == null || video.buffer == null || video.buffer.ssrc() < 0) {
      return;
    }
    if (nowMs - lastPliMs < PLI_INTERVAL_MS) {
      return;
    }
    lastPliMs = nowMs;
    long mediaSsrc = video.buffer.ssrc();
    byte[] b = out.getBuffer();
    int len = RtcpWriter.receiverReport(b, 0, localSsrc, reports, 0);
    if (plisUnanswered >= PLIS_BEFORE_FIR) {
      len += RtcpWriter.fir(b, len, localSsrc, mediaSsrc, firSequence++ & 0xFF);
      firsSent++;
      LOG.info("[{}] FIR sent ({}; {} PLIs unanswered)", name, keyframeReason, plisUnanswered);
    } else {
      len += RtcpWriter.pli(b, len, localSsrc, mediaSsrc);
      plisSent++;
      LOG.debug("[{}] PLI sent ({})", name, keyframeReason);
    }
    plisUnanswered++;
    send(len);
    if (plisUnanswered == 1) {
      keyframeViaDataChannel.run();
    }
  }

  /** Periodic work: reorder timeouts, NACKs, keyframe retries, reports. */
  void tick(long nowMs) {
    if (closed) {
      return;
    }
    for (Track t : tracks()) {
      t.drain(nowMs);
    }
    maybeStart(nowMs);
    if (video != null && video.buffer != null) {
      int n = video.buffer.collectNacks(nowMs, NACK_RESEND_MS, nackSeqs);
      if (n > 0) {
        byte[] b = out.getBuffer();
        int len = RtcpWriter.receiverReport(b, 0, localSsrc, reports, 0);
        len += RtcpWriter.nack(b, len, localSsrc, video.buffer.ssrc(), nackSeqs, n);
        nacksSent++;
        send(len);
      }
    }
    if (keyframeWanted) {
      sendKeyframeRequest(nowMs);
    }
    if (twccExtensionId > 0 && nowMs - lastTwccMs >= TWCC_INTERVAL_MS) {
      lastTwccMs = nowMs;
      sendTransportFeedback();
    }
    updateRates(nowMs);
    if (nowMs - lastReportMs >= REPORT_INTERVAL_MS) {
      lastReportMs = nowMs;
      sendReports(nowMs);
    }
  }

  /** Rates over windows of two seconds, for status displays. */
  private void updateRates(long nowMs) {
    if (rateWindowStartMs < 0) {
      rateWindowStartMs = nowMs;
      rateFrames = videoFrames;
      rateBytes = bytesReceived;
      return;
    }
    long elapsed = nowMs - rateWindowStartMs;
    if (elapsed >= 2000) {
      framesPerSecond = (videoFrames - rateFrames) * 1000.0 / elapsed;
      bitrateBps = (bytesReceived - rateBytes) * 8000 / elapsed;
      rateWindowStartMs = nowMs;
      rateFrames = videoFrames;
      rateBytes = bytesReceived;
    }
  }

  double framesPerSecond() {
    return framesPerSecond;
  }

  long bitrateBps() {
    return bitrateBps;
  }

  private Track[] tracks() {
    if (video != null && audio != null) {
      return new Track[] {video, audio};
    }
    if (video != null) {
      return new Track[] {video};
    }
    return audio != null ? new Track[] {audio} : new Track[0];
  }

  /** RFC 3550 §6.4.2 receiver report + §6.5 SDES CNAME, then REMB for the media SSRCs. */
  private void sendReports(long nowMs) {
    int blocks = 0;
    int rembCount = 0;
    for (Track t : tracks()) {
      if (t.buffer == null || t.buffer.ssrc() < 0) {
        continue;
      }
      t.buffer.fillReport(reports[blocks], t.lastSrNtpMiddle, t.lastSrArrivalMs, nowMs);
      blocks++;
      rembSsrcs[rembCount++] = t.buffer.ssrc();
    }
    if (blocks == 0) {
      return;
    }
    byte[] b = out.getBuffer();
    int len = RtcpWriter.receiverReport(b, 0, localSsrc, reports, blocks);
    len += RtcpWriter.sdesCname(b, len, localSsrc, cname);
    len += RtcpWriter.remb(b, len, localSsrc, REMB_BITRATE_BPS, rembSsrcs, rembCount);
    send(len);
  }

  private void send(int len) {
    out.setOffset(0);
    out.setLength(len);
    rtcpOut.accept(out);
  }

  /**
   * Milliseconds since the last RTP packet, or since this receiver was created (the session
   * connected) when none came: a publisher that never sends media times out too.
   */
  long idleMillis(long nowMs) {
    return nowMs - (lastPacketMs < 0 ? clockOriginMs : lastPacketMs);
  }

  /** Whether any RTP packet has arrived (valid or not). */
  boolean receivedRtp() {
    return lastPacketMs >= 0;
  }

  Stats stats() {
    long lost = 0;
    long recovered = 0;
    for (Track t : tracks()) {
      lost += t.lost();
      recovered += t.recovered();
    }
    return new Stats(
        videoCodec,
        video == null || video.depacketizer == null ? 0 : video.width(),
        video == null || video.depacketizer == null ? 0 : video.height(),
        videoFrames,
        audioFrames,
        damagedFrames,
        bytesReceived,
        lost,
        recovered,
        nacksSent,
        plisSent,
        firsSent,
        ringOverflows,
        unknownPayloadType,
        malformed,
        started);
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Track t : tracks()) {
      if (t.buffer != null) {
        t.buffer.endOfStream();
        t.drain(config.clockMs().getAsLong());
        t.depacketizer.flush();
      }
    }
    sink.onEnd("session closed");
  }
}
