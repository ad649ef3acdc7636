package io.roomrecorder.signaling;

import static io.roomrecorder.signaling.Harness.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.signaling.SignalingEvent.AnswerReceived;
import io.roomrecorder.signaling.SignalingEvent.CandidatesReceived;
import io.roomrecorder.signaling.SignalingEvent.Connected;
import io.roomrecorder.signaling.SignalingEvent.ViewerRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The publisher side, as the browser publisher of §10 does it. */
class PublisherSessionTest {

  final List<String> sent = new ArrayList<>();
  final List<SignalingEvent> events = new ArrayList<>();
  int connects;

  void drain(PublisherSession s) {
    SignalingMachine.Output o;
    while ((o = s.pollOutput()) != null) {
      if (o instanceof SignalingMachine.Output.Transmit t) {
        sent.add(t.text());
      } else if (o instanceof SignalingMachine.Output.Emit e) {
        events.add(e.event());
      } else if (o instanceof SignalingMachine.Output.Connect) {
        connects++;
      }
    }
  }

  PublisherSession open(SignalingConfig cfg) {
    PublisherSession s = new PublisherSession(cfg, new Random(1));
    s.start(0);
    s.handleOpen(0);
    drain(s);
    return s;
  }

  static SignalingConfig.Builder cfg() {
    return SignalingConfig.builder()
        .server("ws://127.0.0.1:1")
        .routing(SignalingConfig.Routing.ROUTED)
        .streamId("cam1");
  }

  @Test
  void joinsThenSeedsAfterTheListingOffersAndTakesTheAnswer() {
    PublisherSession s = open(cfg().room("room1").build());
    assertThat(events).containsExactly(new Connected());
    // The room is joined first, without the stream; the seed follows the listing (§10).
    assertThat(sent)
        .containsExactly(
            "{\"request\":\"joinroom\",\"roomid\":\""
                + Password.defaults().roomId("room1")
                + "\"}");
    sent.clear();
    s.handleText("{\"request\":\"listing\",\"list\":[]}", 1);
    drain(s);
    assertThat(sent).containsExactly("{\"request\":\"seed\",\"streamID\":\"cam1808d64\"}");
    sent.clear();

    s.handleText("{\"request\":\"offerSDP\",\"UUID\":\"viewer\"}", 2);
    drain(s);
    assertThat(events).contains(new ViewerRequested("viewer"));
    s.sendOffer("viewer", "sess", "v=0\r\n", 3);
    s.sendCandidates(
        "viewer", "sess", List.of(new RemoteCandidate("candidate:1", "0", 0, "uf")), 3);
    drain(s);
    JsonNode offer = parse(sent.get(0));
    assertThat(offer.get("streamID").asText()).isEqualTo("cam1808d64");
    assertThat(
            Password.defaults()
                .decrypt(offer.get("description").asText(), offer.get("vector").asText()))
        .contains("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    assertThat(parse(sent.get(1)).get("type").asText()).isEqualTo("local");

    events.clear();
    s.handleText(
        "{\"UUID\":\"viewer\",\"session\":\"other\",\"description\":{\"type\":\"answer\",\"sdp\":\"x\"}}",
        4);
    s.handleText(
        "{\"UUID\":\"viewer\",\"session\":\"sess\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=1\"}}",
        4);
    s.handleText(
        "{\"UUID\":\"viewer\",\"session\":\"sess\",\"type\":\"remote\",\"candidates\":[{\"candidate\":\"candidate:2\",\"sdpMLineIndex\":0}]}",
        4);
    drain(s);
    assertThat(events)
        .containsExactly(
            new AnswerReceived("viewer", "sess", "v=1", false),
            new CandidatesReceived(
                "viewer", "sess", List.of(new RemoteCandidate("candidate:2", null, 0, null))));
    assertThat(s.stats().dropped(DropReason.UNEXPECTED)).isEqualTo(1); // the wrong-session answer
  }

  @Test
  void withoutARoomItSeedsAtOnceAndSeedsAgainAfterAReconnect() {
    PublisherSession s = open(cfg().password("off").build());
    assertThat(sent).containsExactly("{\"request\":\"seed\",\"streamID\":\"cam1\"}");
    s.handleClosed("gone", 10);
    drain(s);
    s.handleTimeout(s.pollTimeout());
    drain(s);
    assertThat(connects).isEqualTo(2);
    s.handleOpen(5000);
    drain(s);
    assertThat(sent)
        .hasSize(2)
        .allMatch(t -> t.equals("{\"request\":\"seed\",\"streamID\":\"cam1\"}"));
  }

  @Test
  void aNullSessionIsSentAsJsonNullLikeRaspberryNinjaAndAcceptsAnyEchoedSession() {
    PublisherSession s = open(cfg().password("off").build());
    sent.clear();
    s.handleText("{\"request\":\"offerSDP\",\"UUID\":\"viewer\"}", 1);
    s.sendOffer("viewer", null, "v=0\r\n", 2);
    s.sendCandidates("viewer", null, List.of(new RemoteCandidate("candidate:1", "0", 0, "uf")), 2);
    drain(s);
    assertThat(sent).hasSize(2);
    for (String text : sent) {
      JsonNode m = parse(text);
      assertThat(m.has("session")).as(text).isTrue();
      assertThat(m.get("session").isNull()).as(text).isTrue();
    }
    events.clear();
    // A viewer may echo null, omit it or send its own: none is dropped as a wrong session.
    s.handleText(
        "{\"UUID\":\"viewer\",\"session\":null,\"description\":{\"type\":\"answer\",\"sdp\":\"v=1\"}}",
        3);
    s.handleText(
        "{\"UUID\":\"viewer\",\"session\":\"x\",\"type\":\"remote\",\"candidates\":[{\"candidate\":\"candidate:2\",\"sdpMLineIndex\":0}]}",
        3);
    drain(s);
    assertThat(events).hasSize(2);
    assertThat(events.get(0)).isEqualTo(new AnswerReceived("viewer", null, "v=1", false));
    assertThat(s.stats().dropped(DropReason.UNEXPECTED)).isZero();
  }
}
