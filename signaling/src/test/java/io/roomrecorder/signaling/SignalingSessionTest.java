package io.roomrecorder.signaling;

import static io.roomrecorder.signaling.Harness.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.signaling.SignalingEvent.CandidatesReceived;
import io.roomrecorder.signaling.SignalingEvent.Connected;
import io.roomrecorder.signaling.SignalingEvent.Disconnected;
import io.roomrecorder.signaling.SignalingEvent.OfferReceived;
import io.roomrecorder.signaling.SignalingEvent.PeerLeft;
import io.roomrecorder.signaling.SignalingEvent.StreamAnnounced;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session against the sequences of vdo-ninja.md §1.6 and §10, on a manual clock. */
class SignalingSessionTest {

  static final String OFFER_SDP =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n";
  static final Password DEFAULT = Password.defaults();

  static SignalingConfig.Builder room() {
    return SignalingConfig.builder()
        .server("ws://127.0.0.1:1")
        .room("myroom123")
        .routing(SignalingConfig.Routing.ROUTED);
  }

  static String encryptedOffer(String uuid, String session, String streamId, Password pw) {
    Password.Encrypted e =
        pw.encrypt("{\"type\":\"offer\",\"sdp\":" + quote(OFFER_SDP) + "}", new Random(3));
    return "{\"UUID\":\""
        + uuid
        + "\",\"streamID\":\""
        + streamId
        + "\",\"session\":\""
        + session
        + "\",\"description\":\""
        + e.ciphertextHex()
        + "\",\"vector\":\""
        + e.vectorHex()
        + "\"}";
  }

  static String quote(String s) {
    try {
      return Harness.JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void joinsTheRoomWithTheHashedRoomIdAndNoStreamId() {
    Harness h = new Harness(room().build()).startAndOpen();
    assertThat(h.connects).isEqualTo(1);
    assertThat(h.takeEvents()).containsExactly(new Connected());
    assertThat(h.takeSent())
        .containsExactly("{\"request\":\"joinroom\",\"roomid\":\"1cccb8dc16c6a914\"}");
  }

  @Test
  void roomRecordingFromListingToCandidates() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.takeSent();
    h.takeEvents();

    h.receive(
        "{\"request\":\"listing\",\"list\":[{\"UUID\":\"pub1\",\"streamID\":\"cam1808d64\"},{\"UUID\":\"idle\"}]}");
    assertThat(h.takeEvents()).containsExactly(new StreamAnnounced("pub1", "cam1808d64", "cam1"));
    // §7.7: the salted id exactly as listed; like the browser, no UUID on play in routed mode.
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam1808d64\"}");

    // Candidates that overtake the offer are held (§7.4) ...
    h.receive(
        "{\"UUID\":\"pub1\",\"type\":\"local\",\"session\":\"s1\",\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"uf\"}]}");
    assertThat(h.takeEvents()).isEmpty();

    h.receive(encryptedOffer("pub1", "s1", "cam1808d64", DEFAULT));
    List<SignalingEvent> events = h.takeEvents();
    // ... and follow the offer.
    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .isEqualTo(new OfferReceived("pub1", "s1", "cam1808d64", "cam1", OFFER_SDP, true));
    assertThat(events.get(1))
        .isEqualTo(
            new CandidatesReceived(
                "pub1",
                "s1",
                List.of(
                    new RemoteCandidate(
                        "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0, "uf"))));

    h.session.sendAnswer("pub1", "s1", "v=0\r\nanswer\r\n", h.now);
    h.drain();
    JsonNode answer = parse(h.takeSent().get(0));
    assertThat(answer.get("UUID").asText()).isEqualTo("pub1");
    assertThat(answer.get("session").asText()).isEqualTo("s1");
    assertThat(answer.get("description").isTextual()).isTrue(); // encrypted: the offer was
    assertThat(DEFAULT.decrypt(answer.get("description").asText(), answer.get("vector").asText()))
        .contains("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nanswer\\r\\n\"}");

    h.session.sendCandidate("pub1", "s1", "candidate:2 1 udp 2 127.0.0.1 6000 typ host", 0, h.now);
    h.drain();
    JsonNode cand = parse(h.takeSent().get(0));
    assertThat(cand.get("type").asText()).isEqualTo("remote");
    assertThat(cand.get("session").asText()).isEqualTo("s1");
    assertThat(cand.get("UUID").asText()).isEqualTo("pub1");
    assertThat(DEFAULT.decrypt(cand.get("candidates").asText(), cand.get("vector").asText()))
        .contains(
            "[{\"candidate\":\"candidate:2 1 udp 2 127.0.0.1 6000 typ host\",\"sdpMLineIndex\":0}]");

    // Batched, single and encrypted candidates after the offer pass straight through.
    Password.Encrypted enc =
        DEFAULT.encrypt(
            "{\"candidate\":\"candidate:3 1 udp 3 127.0.0.1 7000 typ host\",\"sdpMLineIndex\":1}",
            new Random(1));
    h.receive(
        "{\"UUID\":\"pub1\",\"session\":\"s1\",\"candidate\":\""
            + enc.ciphertextHex()
            + "\",\"vector\":\""
            + enc.vectorHex()
            + "\"}");
    assertThat(h.takeEvents())
        .containsExactly(
            new CandidatesReceived(
                "pub1",
                "s1",
                List.of(
                    new RemoteCandidate(
                        "candidate:3 1 udp 3 127.0.0.1 7000 typ host", null, 1, null))));
  }

  @Test
  void singleStreamPlaysTheSaltedIdAndEchoesANullSessionByOmittingIt() {
    Harness h =
        new Harness(
                SignalingConfig.builder()
                    .server("ws://127.0.0.1:1")
                    .streamId("abc")
                    .routing(SignalingConfig.Routing.ROUTED)
                    .build())
            .startAndOpen();
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"abc808d64\"}");
    h.takeEvents();

    // A Raspberry Ninja publisher: plaintext offer, "session": null (§11.3).
    h.receive(
        "{\"UUID\":\"rn\",\"streamID\":\"abc808d64\",\"session\":null,\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
    assertThat(h.takeEvents())
        .containsExactly(new OfferReceived("rn", null, "abc808d64", "abc", "v=0\r\n", false));
    h.session.sendAnswer("rn", null, "v=0\r\n", h.now);
    h.session.sendCandidate("rn", null, "candidate:1 1 UDP 1 127.0.0.1 5 typ host", 0, h.now);
    h.drain();
    List<String> sent = h.takeSent();
    // Plaintext because the offer was plaintext (the browser's rule), and no "session" key at all.
    assertThat(sent.get(0))
        .isEqualTo("{\"UUID\":\"rn\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}");
    assertThat(sent.get(1))
        .isEqualTo(
            "{\"UUID\":\"rn\",\"candidates\":[{\"candidate\":\"candidate:1 1 UDP 1 127.0.0.1 5 typ host\",\"sdpMLineIndex\":0}],\"type\":\"remote\"}");
    assertThat(String.join("", sent)).doesNotContain("null");

    // An offer for another stream is not ours to record.
    h.receive(
        "{\"UUID\":\"x\",\"streamID\":\"other808d64\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    assertThat(h.takeEvents()).isEmpty();
    assertThat(h.session.stats().dropped(DropReason.FILTERED)).isEqualTo(1);
  }

  @Test
  void withoutAPasswordTheRoomIsRawAndNothingIsEncrypted() {
    Harness h = new Harness(room().password("false").room("my room!").build()).startAndOpen();
    assertThat(h.takeSent()).containsExactly("{\"request\":\"joinroom\",\"roomid\":\"my_room_\"}");
    h.receive("{\"request\":\"videoaddedtoroom\",\"UUID\":\"p\",\"streamID\":\"cam1\"}");
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam1\"}");
    h.receive(
        "{\"UUID\":\"p\",\"session\":\"x\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    h.session.sendAnswer("p", "x", "v=1", h.now);
    h.drain();
    assertThat(h.takeSent())
        .containsExactly(
            "{\"UUID\":\"p\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=1\"},\"session\":\"x\"}");
  }

  @Test
  void theStreamFilterComparesDeSaltedIds() {
    Harness h = new Harness(room().streams(List.of("cam1")).build()).startAndOpen();
    h.takeSent();
    h.receive(
        "{\"request\":\"listing\",\"list\":[{\"UUID\":\"a\",\"streamID\":\"cam1808d64\"},{\"UUID\":\"b\",\"streamID\":\"cam2808d64\"}]}");
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam1808d64\"}");
    h.receive("{\"request\":\"someonejoined\",\"UUID\":\"c\",\"streamID\":\"cam3808d64\"}");
    assertThat(h.takeSent()).isEmpty();
    assertThat(h.session.stats().dropped(DropReason.FILTERED)).isEqualTo(2);
  }

  @Test
  void someonejoinedWithoutAStreamIsOnlyAMemberAndAStreamIsPlayedOnce() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.takeSent();
    h.receive("{\"request\":\"someonejoined\",\"UUID\":\"p\"}");
    assertThat(h.takeSent()).isEmpty();
    h.receive("{\"request\":\"videoaddedtoroom\",\"UUID\":\"p\",\"streamID\":\"cam808d64\"}");
    h.receive("{\"request\":\"someonejoined\",\"UUID\":\"p\",\"streamID\":\"cam808d64\"}");
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam808d64\"}");
  }

  @Test
  void reconnectHalfWayJoinsAgainAndPlaysOnlyStreamsWithoutALiveConnection() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.receive(
        "{\"request\":\"listing\",\"list\":[{\"UUID\":\"live\",\"streamID\":\"a808d64\"},{\"UUID\":\"waiting\",\"streamID\":\"b808d64\"}]}");
    h.receive(encryptedOffer("live", "s1", "a808d64", DEFAULT));
    h.takeSent();
    h.takeEvents();

    h.session.handleClosed("server closed", h.now);
    h.drain();
    assertThat(h.session.state()).isEqualTo(SignalingSession.State.BACKOFF);
    Disconnected d = (Disconnected) h.takeEvents().get(0);
    assertThat(d.retryInMs()).isBetween(800L, 1200L);
    // An answer made while disconnected waits for the new connection.
    h.session.sendAnswer("live", "s1", "v=0", h.now);
    h.drain();
    assertThat(h.takeSent()).isEmpty();

    h.advance(d.retryInMs() - 1);
    assertThat(h.connects).isEqualTo(1);
    h.advance(1);
    assertThat(h.connects).isEqualTo(2);
    h.session.handleOpen(h.now);
    h.drain();
    List<String> sent = h.takeSent();
    assertThat(sent.get(0)).isEqualTo("{\"request\":\"joinroom\",\"roomid\":\"1cccb8dc16c6a914\"}");
    assertThat(parse(sent.get(1)).get("UUID").asText()).isEqualTo("live");
    h.receive(
        "{\"request\":\"listing\",\"list\":[{\"UUID\":\"live\",\"streamID\":\"a808d64\"},{\"UUID\":\"waiting\",\"streamID\":\"b808d64\"}]}");
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"b808d64\"}");
    assertThat(h.session.stats().connects()).isEqualTo(2);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    Harness h =
        new Harness(
            room()
                .backoff(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(8))
                .build());
    h.session.start(h.now);
    long[] seen = new long[6];
    for (int i = 0; i < seen.length; i++) {
      h.session.handleClosed("refused", h.now);
      h.drain();
      Disconnected d = (Disconnected) h.takeEvents().get(0);
      seen[i] = d.retryInMs();
      h.advance(d.retryInMs());
    }
    assertThat(seen[0]).isBetween(800L, 1200L);
    assertThat(seen[1]).isBetween(1600L, 2400L);
    assertThat(seen[2]).isBetween(3200L, 4800L);
    assertThat(seen[5]).isBetween(6400L, 8000L);
    assertThat(h.connects).isEqualTo(7);
  }

  @Test
  void aParticipantWhoLeavesAndReturnsWithANewUuidIsPlayedAgain() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.receive("{\"request\":\"videoaddedtoroom\",\"UUID\":\"old\",\"streamID\":\"cam808d64\"}");
    h.receive(encryptedOffer("old", "s1", "cam808d64", DEFAULT));
    h.takeSent();
    h.takeEvents();
    h.receive("{\"request\":\"cleanup\",\"UUID\":\"old\"}");
    assertThat(h.takeEvents()).containsExactly(new PeerLeft("old", "cleanup"));
    h.receive("{\"request\":\"videoaddedtoroom\",\"UUID\":\"new\",\"streamID\":\"cam808d64\"}");
    assertThat(h.takeEvents()).containsExactly(new StreamAnnounced("new", "cam808d64", "cam"));
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam808d64\"}");
    h.receive(encryptedOffer("new", "s2", "cam808d64", DEFAULT));
    assertThat(((OfferReceived) h.takeEvents().get(0)).uuid()).isEqualTo("new");
    // A top-level bye from the WS counts as leaving too (browser behaviour).
    h.receive("{\"UUID\":\"new\",\"bye\":true}");
    assertThat(h.takeEvents()).containsExactly(new PeerLeft("new", "bye"));
  }

  @Test
  void anEndedStreamIsPlayedAgainAfter15Seconds() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.receive("{\"request\":\"videoaddedtoroom\",\"UUID\":\"p\",\"streamID\":\"cam808d64\"}");
    h.receive(encryptedOffer("p", "s1", "cam808d64", DEFAULT));
    h.takeSent();
    h.session.streamEnded("p", h.now);
    h.advance(14_999);
    assertThat(h.takeSent()).isEmpty();
    h.advance(1);
    assertThat(h.takeSent()).containsExactly("{\"request\":\"play\",\"streamID\":\"cam808d64\"}");
    h.advance(45_000);
    assertThat(h.takeSent()).hasSize(1);
    h.receive(encryptedOffer("p", "s2", "cam808d64", DEFAULT));
    h.advance(600_000);
    assertThat(h.takeSent()).isEmpty();
  }

  @Test
  void heldCandidatesExpireWhenNoOfferComes() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.receive(
        "{\"UUID\":\"p\",\"session\":\"s\",\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 1 typ host\",\"sdpMLineIndex\":0}]}");
    h.advance(15_000);
    assertThat(h.session.stats().dropped(DropReason.EXPIRED)).isEqualTo(1);
    h.receive(encryptedOffer("p", "s", "x808d64", DEFAULT));
    assertThat(h.takeEvents()).noneMatch(e -> e instanceof CandidatesReceived);
  }

  @Test
  void customServerModeSendsFromAndFiltersByOurId() {
    SignalingConfig cfg = room().routing(SignalingConfig.Routing.CUSTOM).customId("4242").build();
    Harness h = new Harness(cfg).startAndOpen();
    assertThat(h.takeSent())
        .containsExactly(
            "{\"request\":\"joinroom\",\"roomid\":\"1cccb8dc16c6a914\",\"from\":\"4242\"}");
    // A fan-out server relays another client's joinroom verbatim (§1.5).
    h.receive(
        "{\"request\":\"joinroom\",\"roomid\":\"1cccb8dc16c6a914\",\"streamID\":\"cam808d64\",\"from\":\"77\"}");
    assertThat(h.takeSent())
        .containsExactly(
            "{\"request\":\"play\",\"streamID\":\"cam808d64\",\"UUID\":\"77\",\"from\":\"4242\",\"roomid\":\"1cccb8dc16c6a914\"}");
    h.takeEvents();
    // Our own echo and messages for someone else are dropped.
    h.receive("{\"request\":\"joinroom\",\"streamID\":\"x808d64\",\"from\":\"4242\"}");
    h.receive(
        "{\"UUID\":\"999\",\"from\":\"77\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    assertThat(h.takeEvents()).isEmpty();
    assertThat(h.session.stats().dropped(DropReason.NOT_FOR_US)).isEqualTo(2);
    // The sender is "from"; "UUID" is us.
    h.receive(
        "{\"UUID\":\"4242\",\"from\":\"77\",\"session\":\"s\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    assertThat(h.takeEvents())
        .containsExactly(new OfferReceived("77", "s", "cam808d64", "cam", "v=0", false));
    h.session.sendAnswer("77", "s", "v=1", h.now);
    h.drain();
    JsonNode a = parse(h.takeSent().get(0));
    assertThat(a.get("UUID").asText()).isEqualTo("77");
    assertThat(a.get("from").asText()).isEqualTo("4242");
  }

  @Test
  void autoRoutingIsCustomExceptForTheOfficialHosts() {
    assertThat(SignalingConfig.builder().room("r").build().customServerMode()).isFalse();
    assertThat(
            SignalingConfig.builder()
                .room("r")
                .server("apibackup.vdo.ninja")
                .build()
                .customServerMode())
        .isFalse();
    assertThat(
            SignalingConfig.builder()
                .room("r")
                .server("ws://127.0.0.1:9")
                .build()
                .customServerMode())
        .isTrue();
  }

  @Test
  void closeIsFinalAndIdempotent() {
    Harness h = new Harness(room().build()).startAndOpen();
    h.session.close(h.now);
    h.session.close(h.now);
    h.drain();
    assertThat(h.disconnects).isEqualTo(1);
    assertThat(h.session.state()).isEqualTo(SignalingSession.State.CLOSED);
    h.session.handleClosed("late", h.now);
    h.advance(100_000);
    assertThat(h.connects).isEqualTo(1);
  }
}
