package io.roomrecorder.core.sdp;

import java.util.List;

/**
 * An {@code a=ssrc-group:<semantics> <ssrc>...} line (RFC 5576 §4.2). With {@code FID} (RFC 5576
 * §4.2, RFC 4588 §8.3) the first SSRC carries the media and the second its RTX retransmissions.
 *
 * @param semantics {@code FID}, {@code FEC-FR}, {@code SIM} …
 * @param ssrcs unsigned 32-bit SSRCs in a {@code long}
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }
}
