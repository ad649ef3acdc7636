package io.roomrecorder.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MediaClockTest {
  static final long SECOND = 1_000_000;

  @Test
  void senderReportsAlignAudioAndVideoThatArrivedWithDifferentDelays() {
    MediaClock clock = new MediaClock(10 * SECOND);
    MediaClock.Track video = clock.track(90_000);
    MediaClock.Track audio = clock.track(48_000);
    // Sender: at its NTP time 1000 s, video RTP is 5_000_000 and audio RTP is 77_000.
    long ntp = 1000 * SECOND;
    // Video packets arrive 80 ms late (jitter buffer / pacing), audio 5 ms.
    video.onPacket(5_000_000, 10 * SECOND + 80_000);
    audio.onPacket(77_000, 10 * SECOND + 5_000);
    assertThat(video.pts90k(5_000_000) - audio.pts90k(77_000))
        .as("arrival-based mapping carries the delay difference")
        .isEqualTo(75 * 90);
    video.onSenderReport(ntp, 5_000_000, 10 * SECOND + 20_000);
    audio.onSenderReport(ntp, 77_000, 10 * SECOND + 21_000);
    assertThat(video.isSynchronized()).isTrue();
    assertThat(audio.isSynchronized()).isTrue();
    assertThat(video.pts90k(5_000_000)).isEqualTo(audio.pts90k(77_000));
    // One second later on each clock is still the same instant.
    assertThat(video.pts90k(5_090_000)).isEqualTo(audio.pts90k(125_000));
    assertThat(video.pts90k(5_090_000) - video.pts90k(5_000_000)).isEqualTo(90_000);
  }

  @Test
  void theWallClockIsTiedOnceSoLaterReportsKeepTheTracksAligned() {
    MediaClock clock = new MediaClock(0);
    MediaClock.Track video = clock.track(90_000);
    MediaClock.Track audio = clock.track(48_000);
    video.onSenderReport(50 * SECOND, 900_000, 3 * SECOND);
    // The audio report arrives 700 ms later with a later NTP time; it must not re-tie the clock.
    audio.onSenderReport(50 * SECOND + 700_000, 48_000 + 33_600, 3 * SECOND + 700_000 + 40_000);
    assertThat(video.pts90k(900_000)).isEqualTo(3 * 90_000);
    assertThat(audio.pts90k(48_000)).isEqualTo(3 * 90_000);
  }

  @Test
  void aReportIsWidenedNextToTheLastPacketAcrossTheTimestampWrap() {
    MediaClock clock = new MediaClock(0);
    MediaClock.Track video = clock.track(90_000);
    long last = 0xFFFF_FF00L;
    video.onPacket(last, SECOND);
    // Reported timestamp wrapped past 2^32 by 0x200 ticks.
    video.onSenderReport(7 * SECOND, 0x100, SECOND);
    assertThat(video.pts90k(0x1_0000_0100L)).isEqualTo(90_000);
    assertThat(clock.discontinuities()).isZero();
  }

  @Test
  void aReportThatMovesTheTrackByMoreThanHalfASecondIsCounted() {
    MediaClock clock = new MediaClock(0);
    MediaClock.Track audio = clock.track(48_000);
    audio.onPacket(1000, SECOND);
    audio.onSenderReport(100 * SECOND, 1000, SECOND);
    audio.onSenderReport(100 * SECOND + 2 * SECOND, 1000 + 48_000, 2 * SECOND);
    assertThat(clock.discontinuities()).isEqualTo(1);
  }

  @Test
  void ntpTimestampsConvertToMicroseconds() {
    assertThat(MediaClock.ntpToMicros((5L << 32) | 0x8000_0000L)).isEqualTo(5_500_000);
  }

  @Test
  void anUnmappedTrackHasNoTime() {
    MediaClock.Track t = new MediaClock(0).track(90_000);
    assertThat(t.isMapped()).isFalse();
    assertThatThrownBy(() -> t.pts90k(1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new MediaClock(0).track(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
