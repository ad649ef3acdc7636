package io.roomrecorder.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roomrecorder.cli.browser.Browser.Kind;
import io.roomrecorder.signaling.Password;
import io.roomrecorder.signaling.RoomNames;
import io.roomrecorder.signaling.StreamIds;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publisher page's websocket side against a scripted viewer in Java, with a user password: the
 * browser's WebCrypto hashes and AES-256-CBC must agree with the signaling module's {@link
 * Password} in both directions (vdo-ninja.md §2.3–§2.4), the first offer must carry only the data
 * channel, candidates come as encrypted {@code type:"local"} bundles, and answers and candidates
 * with another session or the wrong {@code type} are dropped like the browser drops them (§1.2,
 * §1.7).
 */
class PublisherProtocolBrowserIT {

  private static final Duration STEP = Duration.ofSeconds(20);
  private static final String ROOM = "Proto Room!";
  private static final String PASSWORD = "s3cret pw!";

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

  @Test
  @Timeout(60)
  void encryptedDataChannelOnlyOfferAndSessionChecksAgreeWithOurSignalingModule() throws Exception {
    Password password = Password.of(PASSWORD, Password.saltForAppHost("127.0.0.1"));
    String roomId = password.roomId(RoomNames.sanitize(ROOM));
    String streamId = StreamIds.salt("cam2", password);
    SecureRandom random = new SecureRandom();

    try (ScriptedPeer viewer = ScriptedPeer.connect(rig.signaling().url());
        Browser publisher =
            Browser.launch(
                Kind.CHROMIUM,
                "publisher",
                rig.page(
                    "publisher.html",
                    Map.of("room", ROOM, "streamID", "cam2", "password", PASSWORD)))) {

      // The browser's room hash and salted stream ID are the ones our module computes.
      viewer.send(ScriptedPeer.object().put("request", "joinroom").put("roomid", roomId));
      viewer.await(
          "the publisher's stream " + streamId,
          m ->
              streamId.equals(m.path("streamID").asText())
                  || m.path("list").findValuesAsText("streamID").contains(streamId),
          STEP);
      assertThat(publisher.await("joinroom-sent", STEP).text("/roomid")).isEqualTo(roomId);
      viewer.send(ScriptedPeer.object().put("request", "play").put("streamID", streamId));

      // Offer: encrypted by WebCrypto, decrypted by Password; data channel only.
      JsonNode offer = viewer.await("offer", m -> m.has("description"), STEP);
      assertThat(offer.path("streamID").asText()).isEqualTo(streamId);
      String session = offer.path("session").asText();
      assertThat(session).hasSize(10);
      String publisherUuid = offer.path("UUID").asText();
      JsonNode description =
          ScriptedPeer.parse(
              password
                  .decrypt(offer.path("description").asText(), offer.path("vector").asText())
                  .orElseThrow());
      assertThat(description.path("type").asText()).isEqualTo("offer");
      String sdp = description.path("sdp").asText();
      assertThat(sdp).contains("m=application ", "webrtc-datachannel");
      assertThat(sdp).doesNotContain("m=video", "m=audio");

      // Candidates: one encrypted array per bundle, type local, same session, 127.0.0.1 host.
      JsonNode bundle = viewer.await("candidate bundle", m -> m.has("candidates"), STEP);
      assertThat(bundle.path("type").asText()).isEqualTo("local");
      assertThat(bundle.path("session").asText()).isEqualTo(session);
      JsonNode candidates =
          ScriptedPeer.parse(
              password
                  .decrypt(bundle.path("candidates").asText(), bundle.path("vector").asText())
                  .orElseThrow());
      assertThat(candidates.isArray()).isTrue();
      assertThat(candidates.get(0).path("candidate").asText()).contains(" 127.0.0.1 ");
      assertThat(candidates.get(0).has("sdpMLineIndex")).isTrue();
      assertThat(candidates.get(0).has("usernameFragment")).isTrue();

      // An answer with another session is dropped before it is even decrypted.
      ObjectNode wrongAnswer = ScriptedPeer.object().put("UUID", publisherUuid);
      wrongAnswer.put("session", session + "x");
      Password.Encrypted answerCt =
          password.encrypt("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}", random);
      wrongAnswer.put("description", answerCt.ciphertextHex()).put("vector", answerCt.vectorHex());
      viewer.send(wrongAnswer);
      ConsoleEvent dropped =
          publisher.await("drop", e -> e.text("/reason").contains("matching session"), STEP);
      assertThat(dropped.text("/got")).isEqualTo(session + "x");

      // Candidates: wrong session and wrong type are dropped; a good bundle encrypted by Password
      // is decrypted by WebCrypto and held until the answer arrives.
      String candidateJson =
          "[{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\","
              + "\"sdpMLineIndex\":0}]";
      viewer.send(
          candidatesMessage(publisherUuid, session + "x", "remote", candidateJson, password));
      publisher.await("drop", e -> e.text("/reason").contains("does not match Session"), STEP);
      viewer.send(candidatesMessage(publisherUuid, session, "local", candidateJson, password));
      publisher.await("drop", e -> e.text("/reason").contains("DID NOT FIND A PC"), STEP);
      viewer.send(candidatesMessage(publisherUuid, session, "remote", candidateJson, password));
      ConsoleEvent accepted = publisher.await("candidates-received", STEP);
      assertThat(accepted.number("/count")).isEqualTo(1);
      assertThat(accepted.at("/encrypted").asBoolean()).isTrue();
      assertThat(publisher.events("error")).isEmpty();
    }
  }

  private static ObjectNode candidatesMessage(
      String uuid, String session, String type, String candidatesJson, Password password) {
    Password.Encrypted ct = password.encrypt(candidatesJson, new SecureRandom());
    ObjectNode m = ScriptedPeer.object().put("UUID", uuid).put("type", type);
    m.put("session", session).put("candidates", ct.ciphertextHex()).put("vector", ct.vectorHex());
    return m;
  }
}
