package io.roomrecorder.testpeer;

import java.util.ArrayList;
import java.util.List;

/**
 * The publisher's own truth about what it sent: every video frame and audio packet with its RTP
 * timestamp (unwrapped), its position in the sample clip and its capture time on the wall clock,
 * and the RTP ↔ wall-clock mapping its RTCP sender reports announce (RFC 3550 §6.4.1). A test that
 * finds a frame in a recording (by its bytes) can look up when it was captured and so check A/V
 * sync against what the sender meant.
 *
 * <p>Thread-safe: appended by the media thread, read by tests at any time.
 */
public final class SendLog {

  /**
   * One sent video access unit.
   *
   * @param rtpTimestamp unwrapped (first frame at the random base, never wraps back)
   * @param clipIndex index into {@code SampleClip.video()}
   * @param onRequest whether this keyframe was sent early because of a PLI, FIR or DC request
   */
  public record VideoFrame(
      long frameNumber,
      long rtpTimestamp,
      int clipIndex,
      boolean keyframe,
      boolean onRequest,
      long captureMicros) {}

  /** One sent Opus packet. */
  public record AudioPacket(
      long packetNumber, long rtpTimestamp, int clipIndex, long captureMicros) {}

  private final long wall0Micros;
  private final long videoRtpBase;
  private final long audioRtpBase;
  private final List<VideoFrame> video = new ArrayList<>();
  private final List<AudioPacket> audio = new ArrayList<>();

  SendLog(long wall0Micros, long videoRtpBase, long audioRtpBase) {
    this.wall0Micros = wall0Micros;
    this.videoRtpBase = videoRtpBase;
    this.audioRtpBase = audioRtpBase;
  }

  /** Wall-clock time (µs since the Unix epoch) at which media time 0 was captured. */
  public long wall0Micros() {
    return wall0Micros;
  }

  public long videoRtpBase() {
    return videoRtpBase;
  }

  public long audioRtpBase() {
    return audioRtpBase;
  }

  /** Capture time (µs since the epoch) of the video RTP timestamp {@code rtp} (unwrapped). */
  public long videoCaptureMicros(long rtp) {
    return wall0Micros + Math.floorDiv((rtp - videoRtpBase) * 1000, 90);
  }

  /** Capture time (µs since the epoch) of the audio RTP timestamp {@code rtp} (unwrapped). */
  public long audioCaptureMicros(long rtp) {
    return wall0Micros + Math.floorDiv((rtp - audioRtpBase) * 1000, 48);
  }

  /** The unwrapped video RTP timestamp captured at {@code wallMicros} (what an SR announces). */
  public long videoRtpAt(long wallMicros) {
    return videoRtpBase + Math.floorDiv((wallMicros - wall0Micros) * 90, 1000);
  }

  /** The unwrapped audio RTP timestamp captured at {@code wallMicros}. */
  public long audioRtpAt(long wallMicros) {
    return audioRtpBase + Math.floorDiv((wallMicros - wall0Micros) * 48, 1000);
  }

  synchronized void add(VideoFrame f) {
    video.add(f);
  }

  synchronized void add(AudioPacket p) {
    audio.add(p);
  }

  /** A copy of the video frames sent so far, in sending order. */
  public synchronized List<VideoFrame> video() {
    return List.copyOf(video);
  }

  /** A copy of the audio packets sent so far, in sending order. */
  public synchronized List<AudioPacket> audio() {
    return List.copyOf(audio);
  }
}
