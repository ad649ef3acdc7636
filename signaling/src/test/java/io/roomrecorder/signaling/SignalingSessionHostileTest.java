package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomrecorder.signaling.SignalingEvent.OfferReceived;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile websocket input: dropped, counted, and the session keeps working. */
class SignalingSessionHostileTest {

  static Harness openRoom() {
    Harness h = new Harness(SignalingSessionTest.room().build()).startAndOpen();
    h.takeSent();
    h.takeEvents();
    return h;
  }

  @ParameterizedTest(name = "{1} is dropped as {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "MALFORMED_JSON | not json",
        "MALFORMED_JSON | [1,2,3]",
        "MALFORMED_JSON | {\"a\":1} {\"b\":2}",
        "MALFORMED_JSON | {\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        "UNKNOWN_REQUEST | {\"request\":\"launchMissiles\"}",
        "UNKNOWN_REQUEST | {\"hello\":\"there\"}",
        "WRONG_TYPE | {\"request\":5}",
        "WRONG_TYPE | {\"UUID\":{},\"description\":{\"type\":\"offer\",\"sdp\":\"v\"}}",
        "WRONG_TYPE | {\"request\":\"listing\",\"list\":\"everyone\"}",
        "WRONG_TYPE | {\"description\":{\"type\":\"offer\",\"sdp\":\"v\"}}",
        "WRONG_TYPE | {\"UUID\":\"p\",\"description\":{\"type\":\"offer\",\"sdp\":7}}",
        "WRONG_TYPE | {\"UUID\":\"p\",\"description\":\"abcd\"}",
        "WRONG_TYPE | {\"UUID\":\"p\",\"candidates\":\"x\"}",
        "WRONG_TYPE | {\"UUID\":\"p\",\"candidates\":[{\"sdpMLineIndex\":0}]}",
        "WRONG_TYPE | {\"UUID\":\"p\",\"session\":[1],\"candidates\":[{\"candidate\":\"c\"}]}",
        "UNDECRYPTABLE | {\"UUID\":\"p\",\"description\":\"00112233445566778899aabbccddeeff\",\"vector\":\"000102030405060708090a0b0c0d0e0f\"}",
        "UNDECRYPTABLE | {\"UUID\":\"p\",\"candidates\":\"0011\",\"vector\":\"0001\"}",
        "UNEXPECTED | {\"UUID\":\"p\",\"description\":{\"type\":\"answer\",\"sdp\":\"v\"}}",
        "UNEXPECTED | {\"request\":\"offerSDP\",\"UUID\":\"v\"}"
      })
  void hostileMessagesAreDroppedAndCountedAndTheSessionSurvives(DropReason reason, String text) {
    Harness h = openRoom();
    h.receive(text);
    assertThat(h.session.stats().dropped(reason)).as("dropped as %s", reason).isEqualTo(1);
    assertThat(h.takeEvents()).isEmpty();
    assertStillWorks(h);
  }

  @Test
  void anUndecryptableOfferFromAnotherPasswordIsDropped() {
    Harness h = openRoom();
    h.receive(
        SignalingSessionTest.encryptedOffer("p", "s", "c", Password.of("other", "vdo.ninja")));
    assertThat(h.takeEvents()).isEmpty();
    // Either the padding breaks (UNDECRYPTABLE) — or, rarely, the garbage is not JSON.
    assertThat(h.session.stats().dropped(DropReason.UNDECRYPTABLE)).isEqualTo(1);
    assertStillWorks(h);
  }

  @Test
  void hugeMessagesAreDroppedAsOversized() {
    Harness h = openRoom();
    h.receive("{\"x\":\"" + "a".repeat(300_000) + "\"}");
    assertThat(h.session.stats().dropped(DropReason.OVERSIZED)).isEqualTo(1);
    assertStillWorks(h);
  }

  @Test
  void aFloodOfRandomAndMutatedMessagesNeverBreaksTheSession() {
    Harness h = openRoom();
    Random r = new Random(99);
    String valid = SignalingSessionTest.encryptedOffer("p", "s", "c808d64", Password.defaults());
    String[] seeds = {
      valid,
      "{\"request\":\"listing\",\"list\":[{\"UUID\":\"a\",\"streamID\":\"b808d64\"}]}",
      "{\"UUID\":\"p\",\"type\":\"local\",\"session\":\"s\",\"candidates\":[{\"candidate\":\"candidate:1\",\"sdpMLineIndex\":0}]}"
    };
    for (int i = 0; i < 30_000; i++) {
      char[] c = seeds[r.nextInt(seeds.length)].toCharArray();
      for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
        c[r.nextInt(c.length)] = (char) r.nextInt(128);
      }
      h.receive(new String(c, 0, r.nextInt(c.length + 1)));
    }
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(200)];
      r.nextBytes(b);
      h.receive(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    assertThat(h.session.stats().droppedTotal()).isGreaterThan(25_000);
    h.takeEvents();
    assertStillWorks(h);
  }

  private static void assertStillWorks(Harness h) {
    h.takeEvents();
    h.receive(SignalingSessionTest.encryptedOffer("ok", "s9", "fine808d64", Password.defaults()));
    assertThat(h.takeEvents())
        .anyMatch(
            e ->
                e instanceof OfferReceived o
                    && o.uuid().equals("ok")
                    && o.streamId().equals("fine"));
    assertThat(h.session.state()).isEqualTo(SignalingSession.State.OPEN);
  }

  @Test
  void hostileStreamIdsFromTheServerAreAnnouncedWithASafeFileName() {
    Harness h = openRoom();
    h.receive(
        "{\"request\":\"listing\",\"list\":[{\"UUID\":\"p\",\"streamID\":\"../../etc/passwd808d64\"},{\"UUID\":\"q\",\"streamID\":\"nul\\u0000\\n808d64\"}]}");
    List<SignalingEvent.StreamAnnounced> announced =
        h.takeEvents().stream().map(e -> (SignalingEvent.StreamAnnounced) e).toList();
    assertThat(announced).hasSize(2);
    assertThat(announced.get(0).streamId()).isEqualTo("../../etc/passwd");
    for (SignalingEvent.StreamAnnounced a : announced) {
      assertThat(a.fileSafeStreamId()).matches("[A-Za-z0-9_-]{1,64}").doesNotContain("..");
    }
  }

  @Test
  void overlongIdentifiersAreDropped() {
    Harness h = openRoom();
    h.receive(
        "{\"request\":\"videoaddedtoroom\",\"UUID\":\"p\",\"streamID\":\""
            + "x".repeat(300)
            + "\"}");
    h.receive(
        "{\"UUID\":\""
            + "u".repeat(300)
            + "\",\"description\":{\"type\":\"offer\",\"sdp\":\"v\"}}");
    assertThat(h.takeEvents()).isEmpty();
    assertThat(h.takeSent()).isEmpty();
    assertThat(h.session.stats().dropped(DropReason.WRONG_TYPE)).isEqualTo(2);
    assertStillWorks(h);
  }

  @Test
  void nullTextIsDroppedNotThrown() {
    Harness h = openRoom();
    h.session.handleText(null, h.now);
    assertThat(h.session.stats().dropped(DropReason.MALFORMED_JSON)).isEqualTo(1);
  }
}
