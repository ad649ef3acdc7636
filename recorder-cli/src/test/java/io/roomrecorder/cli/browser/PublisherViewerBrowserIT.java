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
 * Two-browser smoke test of the test pages without our recorder: publisher.html (the VDO.Ninja
 * publisher's behaviour) and viewer.html (the recorder's part, in JavaScript) meet on the handshake
 * server and must go through VDO.Ninja's two-phase negotiation (vdo-ninja.md §1.3, §10): a
 * data-channel-only offer over the websocket, the hello over {@code sendChannel}, then the media
 * offer and its answer over the data channel — with the default password, so every offer, answer
 * and candidate bundle on the websocket and the data channel is AES-encrypted (§2.4).
 *
 * <p>Runs only inside the test network namespace (src/test/netns/bin/java).
 */
class PublisherViewerBrowserIT {

  private static final Duration STEP = Duration.ofSeconds(20);
  private static final Duration RAMP = Duration.ofSeconds(40);

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
    query.put("room", "smoke room");
    query.putAll(extra);
    return rig.page(name, query);
  }

  @Test
  @Timeout(90)
  void chromiumPublisherSendsH264ToTheViewerAfterRenegotiatingOverTheDataChannel()
      throws Exception {
    try (Browser publisher =
            Browser.launch(
                Kind.CHROMIUM, "publisher", page("publisher.html", Map.of("streamID", "cam1")));
        Browser viewer = Browser.launch(Kind.CHROMIUM, "viewer", page("viewer.html", Map.of()))) {

      // Phase 1 on the websocket: a data-channel-only offer, encrypted, with a ~10-char session.
      ConsoleEvent offer = publisher.await("offer-sent", STEP);
      assertThat(offer.text("/via")).isEqualTo("ws");
      assertThat(offer.at("/media").toString()).isEqualTo("[\"application\"]");
      assertThat(offer.text("/session")).hasSize(10);
      assertThat(offer.at("/encrypted").asBoolean()).isTrue();
      ConsoleEvent received = viewer.await("offer-received", STEP);
      assertThat(received.text("/streamID")).startsWith("cam1").hasSize("cam1".length() + 6);
      assertThat(received.text("/session")).isEqualTo(offer.text("/session"));
      publisher.await("answer-applied", e -> e.text("/via").equals("ws"), STEP);

      // Phase 2 over sendChannel: info, hello, media offer and answer on the data channel.
      viewer.await("info-received", STEP);
      ConsoleEvent hello = publisher.await("hello-received", STEP);
      assertThat(hello.text("/hello/preferVideoCodec")).isEqualTo("h264");
      ConsoleEvent mediaOffer = publisher.await("media-offer-sent", STEP);
      assertThat(mediaOffer.text("/via")).isEqualTo("dc");
      assertThat(mediaOffer.at("/media").toString()).contains("video", "audio");
      assertThat(mediaOffer.text("/videoCodecs/0")).isEqualTo("H264");
      viewer.await("dc-offer-received", e -> e.at("/encrypted").asBoolean(), STEP);
      publisher.await(
          "answer-applied",
          e -> e.text("/via").equals("dc") && e.at("/renegotiation").asBoolean(),
          STEP);
      viewer.await("pong-received", STEP);

      // Media: H.264 frames decoded by the viewer, growing to at least 640x360.
      ConsoleEvent stats =
          viewer.await(
              "stats",
              e ->
                  e.text("/video/codec").equals("H264")
                      && e.number("/video/framesDecoded") > 0
                      && e.number("/video/frameWidth") >= 640
                      && e.number("/video/frameHeight") >= 360,
              RAMP);
      assertThat(stats.text("/audio/codec")).isEqualTo("opus");
      publisher.await("keyframe-requested", STEP);
      ConsoleEvent sent = publisher.await("stats", e -> e.number("/video/bytesSent") > 0, STEP);
      assertThat(sent.text("/video/codec")).isEqualTo("H264");
      assertThat(publisher.events("drop")).isEmpty();
      assertThat(viewer.events("drop")).isEmpty();
      assertThat(publisher.events("error")).isEmpty();
      assertThat(viewer.events("error")).isEmpty();
      // The handshake server relayed the phase-1 signaling and dropped nothing.
      assertThat(rig.signaling().stats().relayed()).isGreaterThanOrEqualTo(3);
      assertThat(rig.signaling().stats().dropped().values()).allMatch(n -> n == 0);

      // The viewer goes away: the handshake server's cleanup makes the publisher drop the peer.
      viewer.close();
      ConsoleEvent closed = publisher.await("peer-closed", STEP);
      assertThat(closed.text("/reason")).isEqualTo("ws cleanup");
    }
  }
}
