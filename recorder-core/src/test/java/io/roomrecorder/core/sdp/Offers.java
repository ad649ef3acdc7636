package io.roomrecorder.core.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The offers in src/test/resources/sdp (see the README there). */
final class Offers {
  static final String CHROMIUM_DC = "chromium156-datachannel-offer.sdp";
  static final String CHROMIUM_MEDIA = "chromium156-media-offer.sdp";
  static final String FIREFOX = "firefox128-offer.sdp";
  static final String RASPBERRY_NINJA = "raspberry-ninja-offer.sdp";

  private Offers() {}

  static String text(String name) {
    try (InputStream in = Offers.class.getResourceAsStream("/sdp/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionDescription parse(String name) throws SdpParseException {
    return SdpParser.parse(text(name));
  }
}
