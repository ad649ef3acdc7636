package io.roomrecorder.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.cli.browser.Browser.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Firefox ESR as the publisher, Chromium as the viewer, {@code password=false}: proves that Firefox
 * gathers loopback candidates inside the test namespace (the default route on lo that java-in-netns
 * adds) and goes through the same two-phase negotiation. Offline Firefox has no H.264 encoder
 * (issue 11), so the viewer's {@code preferVideoCodec:"h264"} cannot be honoured and VP8 must
 * arrive.
 */
class FirefoxPublisherBrowserIT {

  private static final Duration STEP = Duration.ofSeconds(20);

  private static BrowserTestRig rig;

  @BeforeAll
  static void start() throws Exception {
    rig = BrowserTestRig.start();
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private static URI page(String name, Map<String, String> extra) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("room", "firefox");
    query.put("password", "false");
    query.putAll(extra);
    return rig.page(name, query);
  }

  @Test
  @Timeout(90)
  void firefoxPublisherSendsVp8ToTheViewerOverLoopback() throws Exception {
    try (Browser publisher =
            Browser.launch(
                Kind.FIREFOX,
                "firefox-publisher",
                page("publisher.html", Map.of("streamID", "ff")));
        Browser viewer = Browser.launch(Kind.CHROMIUM, "viewer", page("viewer.html", Map.of()))) {

      ConsoleEvent offer = publisher.await("offer-sent", STEP);
      assertThat(offer.at("/media").toString()).isEqualTo("[\"application\"]");
      assertThat(offer.at("/encrypted").asBoolean()).isFalse();
      ConsoleEvent candidates = publisher.await("candidates-sent", STEP);
      assertThat(candidates.at("/addresses").toString()).contains("127.0.0.1:");
      ConsoleEvent received = viewer.await("offer-received", STEP);
      assertThat(received.text("/streamID")).isEqualTo("ff");

      ConsoleEvent mediaOffer = publisher.await("media-offer-sent", STEP);
      assertThat(mediaOffer.text("/via")).isEqualTo("dc");
      assertThat(mediaOffer.at("/videoCodecs").toString()).doesNotContain("H264");
      publisher.await(
          "answer-applied",
          e -> e.text("/via").equals("dc") && e.at("/renegotiation").asBoolean(),
          STEP);

      ConsoleEvent stats =
          viewer.await(
              "stats",
              e ->
                  e.text("/video/codec").equals("VP8")
                      && e.number("/video/framesDecoded") > 0
                      && e.number("/video/frameWidth") >= 640
                      && e.number("/video/frameHeight") >= 360,
              STEP);
      assertThat(stats.text("/audio/codec")).isEqualTo("opus");
      assertThat(publisher.events("error")).isEmpty();
      assertThat(viewer.events("error")).isEmpty();
    }
  }
}
