package io.roomrecorder.testpeer;

import io.roomrecorder.core.srtp.PacketBuffer;
import io.roomrecorder.testpeer.media.AccessUnit;
import io.roomrecorder.testpeer.media.H264Packetizer;
import io.roomrecorder.testpeer.media.RtpHeader;
import io.roomrecorder.testpeer.media.RtpHistory;
import io.roomrecorder.testpeer.media.SampleClip;
import io.roomrecorder.testpeer.media.SenderReport;
import io.roomrecorder.testpeer.media.VideoCodec;
import io.roomrecorder.testpeer.media.Vp8Packetizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sample clip in real time as RTP: 30 fps H.264 in RFC 6184 packets (or VP8 in RFC 7741
 * packets, by the clip's codec) of at most {@value #MAX_PACKET} bytes and 20 ms Opus packets (RFC
 * 7587), an RTCP sender report per SSRC every second (RFC 3550 §6.4.1) with SDES CNAME,
 * retransmissions for generic NACKs (RFC 4585 §6.2.1; RTX per RFC 4588 when negotiated) and a
 * keyframe at once for PLI, FIR or the data channel's request (the clip jumps to its next IDR or
 * VP8 key frame; timestamps stay monotonic). The clip loops.
 *
 * <p>Impairments, all from one seeded {@link Random}: a share of the original video packets is
 * dropped (never audio: the recorder NACKs only video), and every packet may be held back by up to
 * a given jitter, which reorders packets.
 *
 * <p>Threads: everything runs on the single-thread {@code executor}; {@link #onNack}, {@link
 * #requestKeyframe} and {@link #stop} may be called from any thread.
 */
final class MediaSender {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSender.class);

  /** Largest RTP packet we send, RTX included (what browsers use on any path). */
  static final int MAX_PACKET = 1200;

  static final long TICK_MICROS = 5_000;
  static final int HISTORY = 2048;

  /** Where protected packets go. */
  interface Out {
    /** Protects in place and sends one RTP packet. */
    void sendRtp(PacketBuffer packet) throws IOException;

    /** Protects a copy and sends one RTCP compound packet. */
    void sendRtcp(byte[] buf, int off, int len) throws IOException;
  }

  /** What to send with which identifiers (from the offer and the recorder's answer). */
  record Plan(
      long videoSsrc,
      long rtxSsrc,
      long audioSsrc,
      int videoPt,
      int rtxPt,
      int audioPt,
      int midExtensionId,
      String videoMid,
      String audioMid,
      String cname) {}

  /** Impairments and sync settings. */
  record Impairments(
      double lossPercent, long jitterMicros, long audioSendDelayMicros, boolean answerNacks) {}

  private final SampleClip clip;
  private final Plan plan;
  private final Impairments impairments;
  private final Out out;
  private final ScheduledExecutorService executor;
  private final Random random;
  private final SendLog log;
  private final FramePacketizer packetizer;
  private final RtpHistory history = new RtpHistory(HISTORY, MAX_PACKET + 64);
  private final BitSet droppedSeqs = new BitSet(65536);
  private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
  private final PacketBuffer wire = new PacketBuffer(MAX_PACKET + 64);
  private final byte[] packet = new byte[MAX_PACKET + 64];
  private final byte[] rtcp = new byte[256];
  private final long t0Nanos;
  private final int videoHeaderLength;
  private final int audioHeaderLength;
  private final AtomicBoolean keyframeWanted = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private ScheduledFuture<?> ticker;
  private long delayedOrder;

  private int videoSeq;
  private int audioSeq;
  private int rtxSeq;
  private long frameNumber;
  private int clipIndex;
  private long audioNumber;

  /**
   * The first sender report goes out half an interval after media starts, as libwebrtc's RTCP
   * sender schedules it (RFC 3550 §6.2 leaves the first interval to the sender), then every second.
   */
  static final long FIRST_SR_MICROS = 500_000;

  private long nextSrMicros = FIRST_SR_MICROS;
  private long videoPacketCount;
  private long videoOctets;
  private long audioPackets;
  private long audioOctets;

  final AtomicLong videoFramesSent = new AtomicLong();
  final AtomicLong audioPacketsSent = new AtomicLong();
  final AtomicLong rtpPacketsSent = new AtomicLong();
  final AtomicLong rtpPacketsDropped = new AtomicLong();
  final AtomicLong nackedPackets = new AtomicLong();
  final AtomicLong retransmitted = new AtomicLong();
  final AtomicLong droppedRecovered = new AtomicLong();
  final AtomicLong retransmitMisses = new AtomicLong();
  final AtomicLong keyframesOnRequest = new AtomicLong();
  final AtomicLong senderReports = new AtomicLong();
  final AtomicLong videoPackets = new AtomicLong();

  MediaSender(
      SampleClip clip,
      Plan plan,
      Impairments impairments,
      Out out,
      ScheduledExecutorService executor,
      Random random) {
    this.clip = clip;
    this.plan = plan;
    this.impairments = impairments;
    this.out = out;
    this.executor = executor;
    this.random = random;
    boolean ext = plan.midExtensionId() > 0;
    this.videoHeaderLength = 12 + (ext ? extensionLength(plan.videoMid()) : 0);
    this.audioHeaderLength = 12 + (ext ? extensionLength(plan.audioMid()) : 0);
    // RTX adds the 2-byte original sequence number (RFC 4588 §4): keep room for it.
    int maxPayload = MAX_PACKET - videoHeaderLength - 2;
    if (clip.codec() == VideoCodec.VP8) {
      // A VP8 clip holds one element per frame, the frame itself.
      Vp8Packetizer vp8 = new Vp8Packetizer(maxPayload, random.nextInt(0x8000));
      this.packetizer = (au, sink) -> vp8.packetize(au.nalUnits().get(0), sink);
    } else {
      this.packetizer = new H264Packetizer(maxPayload)::packetize;
    }
    this.videoSeq = random.nextInt(0x10000);
    this.audioSeq = random.nextInt(0x10000);
    this.rtxSeq = random.nextInt(0x10000);
    this.t0Nanos = System.nanoTime();
    long wall0 = System.currentTimeMillis() * 1000;
    this.log = new SendLog(wall0, random.nextInt() & 0xFFFF_FFFFL, random.nextInt() & 0xFFFF_FFFFL);
  }

  /** Packetizes one frame of the clip's codec. */
  private interface FramePacketizer {
    void packetize(AccessUnit frame, H264Packetizer.PayloadSink sink);
  }

  private static int extensionLength(String mid) {
    return mid == null ? 0 : 4 + ((1 + mid.length() + 3) / 4) * 4;
  }

  SendLog log() {
    return log;
  }

  void start() {
    ticker = executor.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
  }

  void stop() {
    if (stopped.compareAndSet(false, true) && ticker != null) {
      ticker.cancel(false);
    }
  }

  /** A PLI, FIR or DC request: the next video frame is a keyframe. */
  void requestKeyframe() {
    keyframeWanted.set(true);
  }

  /** One generic NACK entry (RFC 4585 §6.2.1): {@code pid} and the bitmask of the 16 after it. */
  void onNack(int pid, int blp) {
    if (!impairments.answerNacks()) {
      return;
    }
    executor.execute(
        () -> {
          retransmit(pid & 0xFFFF);
          for (int i = 0; i < 16; i++) {
            if ((blp & (1 << i)) != 0) {
              retransmit((pid + i + 1) & 0xFFFF);
            }
          }
        });
  }

  private long elapsedMicros() {
    return (System.nanoTime() - t0Nanos) / 1000;
  }

  private void tick() {
    if (stopped.get()) {
      return;
    }
    try {
      long now = elapsedMicros();
      while (frameNumber * 1_000_000 / SampleClip.VIDEO_FPS <= now && plan.videoPt() >= 0) {
        sendVideoFrame();
      }
      while (plan.audioPt() >= 0
          && impairments.audioSendDelayMicros() + audioNumber * 20_000 <= now) {
        sendAudioPacket();
      }
      while (!delayed.isEmpty() && delayed.peek().dueMicros <= now) {
        Delayed d = delayed.poll();
        transmit(d.bytes, d.bytes.length);
      }
      if (now >= nextSrMicros) {
        nextSrMicros = now + 1_000_000;
        sendSenderReports(now);
      }
    } catch (RuntimeException e) {
      LOG.warn("media tick failed", e);
    }
  }

  private void sendVideoFrame() {
    boolean onRequest = false;
    if (keyframeWanted.getAndSet(false)) {
      onRequest = true;
      if (!clip.video().get(clipIndex).keyframe()) {
        int i = clipIndex;
        do {
          i = (i + 1) % clip.video().size();
        } while (!clip.video().get(i).keyframe());
        clipIndex = i;
      }
      keyframesOnRequest.incrementAndGet();
    }
    AccessUnit au = clip.video().get(clipIndex);
    long rtp = log.videoRtpBase() + frameNumber * (90_000 / SampleClip.VIDEO_FPS);
    log.add(
        new SendLog.VideoFrame(
            frameNumber, rtp, clipIndex, au.keyframe(), onRequest, log.videoCaptureMicros(rtp)));
    packetizer.packetize(
        au,
        (buf, off, len, marker) -> {
          int h =
              RtpHeader.write(
                  packet,
                  0,
                  plan.videoPt(),
                  marker,
                  videoSeq,
                  rtp & 0xFFFF_FFFFL,
                  plan.videoSsrc(),
                  plan.midExtensionId() > 0 && plan.videoMid() != null ? plan.midExtensionId() : 0,
                  plan.videoMid());
          System.arraycopy(buf, off, packet, h, len);
          int total = h + len;
          history.store(videoSeq, packet, 0, total);
          videoPacketCount++;
          videoPackets.incrementAndGet();
          videoOctets += len;
          if (impairments.lossPercent() > 0
              && random.nextDouble() * 100 < impairments.lossPercent()) {
            droppedSeqs.set(videoSeq);
            rtpPacketsDropped.incrementAndGet();
          } else {
            schedule(packet, total);
          }
          videoSeq = (videoSeq + 1) & 0xFFFF;
        });
    videoFramesSent.incrementAndGet();
    frameNumber++;
    clipIndex = (clipIndex + 1) % clip.video().size();
  }

  private void sendAudioPacket() {
    int index = (int) (audioNumber % clip.audio().size());
    byte[] opus = clip.audio().get(index);
    long rtp = log.audioRtpBase() + audioNumber * SampleClip.AUDIO_SAMPLES_PER_PACKET;
    log.add(new SendLog.AudioPacket(audioNumber, rtp, index, log.audioCaptureMicros(rtp)));
    int h =
        RtpHeader.write(
            packet,
            0,
            plan.audioPt(),
            audioNumber == 0,
            audioSeq,
            rtp & 0xFFFF_FFFFL,
            plan.audioSsrc(),
            plan.midExtensionId() > 0 && plan.audioMid() != null ? plan.midExtensionId() : 0,
            plan.audioMid());
    System.arraycopy(opus, 0, packet, h, opus.length);
    audioPackets++;
    audioOctets += opus.length;
    schedule(packet, h + opus.length);
    audioSeq = (audioSeq + 1) & 0xFFFF;
    audioNumber++;
    audioPacketsSent.incrementAndGet();
  }

  /** Sends now, or later by a random share of the jitter (which reorders). */
  private void schedule(byte[] buf, int len) {
    if (impairments.jitterMicros() > 0) {
      long delay = (long) (random.nextDouble() * impairments.jitterMicros());
      if (delay >= TICK_MICROS / 2) {
        byte[] copy = java.util.Arrays.copyOf(buf, len);
        delayed.add(new Delayed(elapsedMicros() + delay, delayedOrder++, copy));
        return;
      }
    }
    transmit(buf, len);
  }

  private void transmit(byte[] buf, int len) {
    try {
      out.sendRtp(wire.load(buf, 0, len));
      rtpPacketsSent.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      LOG.debug("RTP send failed: {}", e.toString());
    }
  }

  private void retransmit(int seq) {
    if (stopped.get()) {
      return;
    }
    nackedPackets.incrementAndGet();
    int len = history.copy(seq, packet, 0);
    if (len < 0) {
      retransmitMisses.incrementAndGet();
      return;
    }
    int total = len;
    if (plan.rtxPt() >= 0) {
      // RFC 4588 §4: same header with the RTX payload type, SSRC and sequence; the original
      // sequence number (OSN) leads the payload.
      int h = videoHeaderLength;
      System.arraycopy(packet, h, packet, h + 2, len - h);
      packet[h] = (byte) (seq >>> 8);
      packet[h + 1] = (byte) seq;
      packet[1] = (byte) ((packet[1] & 0x80) | plan.rtxPt());
      packet[2] = (byte) (rtxSeq >>> 8);
      packet[3] = (byte) rtxSeq;
      packet[8] = (byte) (plan.rtxSsrc() >>> 24);
      packet[9] = (byte) (plan.rtxSsrc() >>> 16);
      packet[10] = (byte) (plan.rtxSsrc() >>> 8);
      packet[11] = (byte) plan.rtxSsrc();
      rtxSeq = (rtxSeq + 1) & 0xFFFF;
      total = len + 2;
    }
    transmit(packet, total);
    retransmitted.incrementAndGet();
    if (droppedSeqs.get(seq)) {
      droppedSeqs.clear(seq);
      droppedRecovered.incrementAndGet();
    }
  }

  private void sendSenderReports(long nowMicros) {
    long wall = log.wall0Micros() + nowMicros;
    if (plan.videoPt() >= 0) {
      sendSenderReport(plan.videoSsrc(), wall, log.videoRtpAt(wall), videoPacketCount, videoOctets);
    }
    if (plan.audioPt() >= 0) {
      sendSenderReport(plan.audioSsrc(), wall, log.audioRtpAt(wall), audioPackets, audioOctets);
    }
  }

  private void sendSenderReport(long ssrc, long wall, long rtp, long packets, long octets) {
    int len =
        SenderReport.write(
            rtcp, 0, ssrc, wall, rtp & 0xFFFF_FFFFL, packets & 0xFFFF_FFFFL, octets & 0xFFFF_FFFFL);
    len += sdesCname(rtcp, len, ssrc, plan.cname());
    try {
      out.sendRtcp(rtcp, 0, len);
      senderReports.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      LOG.debug("RTCP send failed: {}", e.toString());
    }
  }

  /** RFC 3550 §6.5: one chunk with a CNAME item, null-terminated and padded to 32 bits. */
  static int sdesCname(byte[] b, int off, long ssrc, String cname) {
    byte[] text = cname.getBytes(StandardCharsets.US_ASCII);
    int chunk = 4 + 2 + text.length + 1;
    int padded = (chunk + 3) / 4 * 4;
    int words = (4 + padded) / 4 - 1;
    b[off] = (byte) 0x81;
    b[off + 1] = (byte) 202;
    b[off + 2] = (byte) (words >>> 8);
    b[off + 3] = (byte) words;
    b[off + 4] = (byte) (ssrc >>> 24);
    b[off + 5] = (byte) (ssrc >>> 16);
    b[off + 6] = (byte) (ssrc >>> 8);
    b[off + 7] = (byte) ssrc;
    b[off + 8] = 1;
    b[off + 9] = (byte) text.length;
    System.arraycopy(text, 0, b, off + 10, text.length);
    for (int i = off + 10 + text.length; i < off + 4 + padded; i++) {
      b[i] = 0;
    }
    return 4 + padded;
  }

  private record Delayed(long dueMicros, long order, byte[] bytes) implements Comparable<Delayed> {
    @Override
    public int compareTo(Delayed o) {
      int c = Long.compare(dueMicros, o.dueMicros);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}
