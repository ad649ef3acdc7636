package io.roomrecorder.rtp.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes every callback as one readable line, so tests compare against the spec's fields. */
final class RecordingListener implements RtcpListener {
  final List<String> events = new ArrayList<>();

  @Override
  public void onSenderReport(long ssrc, long ntp, long rtp, long packets, long octets) {
    events.add(
        String.format(
            "SR ssrc=%x ntp=%x rtp=%d packets=%d octets=%d", ssrc, ntp, rtp, packets, octets));
  }

  @Override
  public void onReceptionReport(
      long reporter,
      long source,
      int fraction,
      int cumLost,
      long highest,
      long jitter,
      long lsr,
      long dlsr) {
    events.add(
        String.format(
            "RB from=%x source=%x fraction=%d lost=%d highest=%d jitter=%d" + " lsr=%x dlsr=%d",
            reporter, source, fraction, cumLost, highest, jitter, lsr, dlsr));
  }

  @Override
  public void onSdesItem(long ssrc, int type, byte[] buf, int off, int len) {
    events.add(
        String.format(
            "SDES ssrc=%x type=%d text=%s",
            ssrc, type, new String(buf, off, len, StandardCharsets.UTF_8)));
  }

  @Override
  public void onBye(long ssrc) {
    events.add(String.format("BYE ssrc=%x", ssrc));
  }

  @Override
  public void onNack(long sender, long media, int pid, int blp) {
    events.add(
        String.format("NACK media=%x pid=%d blp=%s", media, pid, Integer.toBinaryString(blp)));
  }

  @Override
  public void onPictureLossIndication(long sender, long media) {
    events.add(String.format("PLI sender=%x media=%x", sender, media));
  }

  @Override
  public void onFullIntraRequest(long sender, long target, int seq) {
    events.add(String.format("FIR sender=%x target=%x seq=%d", sender, target, seq));
  }

  @Override
  public void onRemb(long sender, long bitrate, byte[] buf, int ssrcOff, int n) {
    StringBuilder s =
        new StringBuilder(String.format("REMB sender=%x bitrate=%d ssrcs=", sender, bitrate));
    for (int i = 0; i < n; i++) {
      s.append(String.format("%x;", RtcpParser.u32(buf, ssrcOff + 4 * i)));
    }
    events.add(s.toString());
  }

  @Override
  public void onTransportCcFeedback(
      long sender,
      long media,
      int base,
      int count,
      int ref,
      int fbCount,
      byte[] buf,
      int off,
      int len) {
    events.add(
        String.format(
            "TWCC media=%x base=%d count=%d ref=%d fb=%d chunks=%d",
            media, base, count, ref, fbCount, len));
  }

  @Override
  public void onOther(int pt, int fmt, byte[] buf, int off, int len) {
    events.add(String.format("OTHER pt=%d fmt=%d len=%d", pt, fmt, len));
  }
}
