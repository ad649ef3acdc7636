package io.roomrecorder.signaling;

import static io.roomrecorder.signaling.Harness.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data-channel messages of vdo-ninja.md §6 and §10–§11. */
class DataChannelCodecTest {

  final Password pw = Password.defaults();
  final DataChannelCodec codec = new DataChannelCodec(pw, new Random(5));

  @Test
  void theBrowsersEncryptedMediaOfferDecodes() {
    String sdp = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
    Password.Encrypted e =
        pw.encrypt(
            "{\"type\":\"offer\",\"sdp\":\"" + sdp.replace("\r\n", "\\r\\n") + "\"}",
            new Random(1));
    DcMessage m =
        codec.decode(
            "{\"UUID\":\"me\",\"streamID\":\"cam1808d64\",\"session\":\"gFasfJEFsL\",\"description\":\""
                + e.ciphertextHex()
                + "\",\"vector\":\""
                + e.vectorHex()
                + "\"}");
    assertThat(m).isEqualTo(new DcMessage.Offer("gFasfJEFsL", "cam1808d64", sdp, true));
  }

  @Test
  void aPlainOfferDecodesToo() {
    assertThat(
            codec.decode(
                "{\"session\":\"s\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}"))
        .isEqualTo(new DcMessage.Offer("s", null, "v=0", false));
  }

  @Test
  void candidatesDecodeBatchedSingleAndEncrypted() {
    assertThat(
            codec.decode(
                "{\"type\":\"local\",\"session\":\"s\",\"candidates\":[{\"candidate\":\"candidate:a\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},{\"candidate\":\"candidate:b\",\"sdpMLineIndex\":1}]}"))
        .isEqualTo(
            new DcMessage.Candidates(
                "s",
                List.of(
                    new RemoteCandidate("candidate:a", "0", 0, null),
                    new RemoteCandidate("candidate:b", null, 1, null)),
                false));
    assertThat(codec.decode("{\"candidate\":{\"candidate\":\"candidate:c\",\"sdpMLineIndex\":0}}"))
        .isEqualTo(
            new DcMessage.Candidates(
                null, List.of(new RemoteCandidate("candidate:c", null, 0, null)), false));
    Password.Encrypted e =
        pw.encrypt("[{\"candidate\":\"candidate:d\",\"sdpMLineIndex\":2}]", new Random(2));
    assertThat(
            codec.decode(
                "{\"candidates\":\""
                    + e.ciphertextHex()
                    + "\",\"vector\":\""
                    + e.vectorHex()
                    + "\"}"))
        .isEqualTo(
            new DcMessage.Candidates(
                null, List.of(new RemoteCandidate("candidate:d", null, 2, null)), true));
  }

  @Test
  void pingIsAnsweredWithTheSameValue() {
    DcMessage ping = codec.decode("{\"ping\":\"1732181234\"}");
    assertThat(ping).isEqualTo(new DcMessage.Ping("\"1732181234\""));
    assertThat(codec.pong((DcMessage.Ping) ping)).isEqualTo("{\"pong\":\"1732181234\"}");
    DcMessage numeric = codec.decode("{\"ping\":1732181234.5}");
    assertThat(codec.pong((DcMessage.Ping) numeric)).isEqualTo("{\"pong\":1.7321812345E9}");
  }

  @Test
  void byeInfoAndOtherControlMessagesAreRecognized() {
    assertThat(codec.decode("{\"videoMuted\":true,\"bye\":true}")).isEqualTo(new DcMessage.Bye());
    assertThat(codec.decode("{\"pong\":5}")).isEqualTo(new DcMessage.Pong("5"));
    DcMessage info =
        codec.decode("{\"info\":{\"label\":\"Cam\",\"version\":\"26.1\"},\"miniInfo\":{}}");
    assertThat(info).isInstanceOf(DcMessage.Info.class);
    assertThat(((DcMessage.Info) info).label()).isEqualTo("Cam");
    assertThat(codec.decode("{\"miniInfo\":{\"x\":1}}")).isInstanceOf(DcMessage.Info.class);
    assertThat(codec.decode("{\"videoMuted\":false}"))
        .isEqualTo(new DcMessage.Other(Set.of("videoMuted")));
  }

  @Test
  void theHelloAsksForMediaAndH264() {
    assertThat(codec.hello(true, true, "h264"))
        .isEqualTo("{\"audio\":true,\"video\":true,\"preferVideoCodec\":\"h264\"}");
    assertThat(codec.hello(false, true, null)).isEqualTo("{\"audio\":false,\"video\":true}");
    assertThat(codec.keyframeRequest()).isEqualTo("{\"keyframe\":true}");
    assertThat(codec.bye()).isEqualTo("{\"bye\":true}");
  }

  @Test
  void answersAndCandidatesRoundTripThroughTheDecoderEncryptedOrNot() {
    String plain = codec.answer("pub", "s", "v=0\r\n", false);
    assertThat(plain)
        .isEqualTo(
            "{\"UUID\":\"pub\",\"session\":\"s\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}");
    String enc = codec.answer(null, null, "v=0\r\n", true);
    JsonNode n = parse(enc);
    assertThat(n.has("session")).isFalse();
    assertThat(n.get("vector").asText()).hasSize(32);
    assertThat(codec.decode(enc)).isEqualTo(new DcMessage.Answer(null, "v=0\r\n", true));

    String cand = codec.candidate("pub", "s", "candidate:x", 0, true);
    JsonNode c = parse(cand);
    assertThat(c.get("type").asText()).isEqualTo("remote");
    assertThat(codec.decode(cand))
        .isEqualTo(
            new DcMessage.Candidates(
                "s", List.of(new RemoteCandidate("candidate:x", null, 0, null)), true));
  }

  @Test
  void withoutAPasswordNothingIsEncryptedEvenWhenAsked() {
    DataChannelCodec none = new DataChannelCodec(Password.disabled());
    assertThat(none.answer(null, "s", "v", true))
        .isEqualTo("{\"session\":\"s\",\"description\":{\"type\":\"answer\",\"sdp\":\"v\"}}");
  }

  @ParameterizedTest(name = "hostile data-channel text {0} is dropped and counted")
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1,2]",
        "\"str\"",
        "{\"description\":5}",
        "{\"description\":{\"type\":\"offer\"}}",
        "{\"description\":{\"type\":\"pranswer\",\"sdp\":\"x\"}}",
        "{\"description\":\"abcdef\"}",
        "{\"description\":\"00112233445566778899aabbccddeeff\",\"vector\":\"000102030405060708090a0b0c0d0e0f\"}",
        "{\"description\":\"zz\",\"vector\":\"00\"}",
        "{\"candidates\":[{\"sdpMLineIndex\":0}]}",
        "{\"candidates\":[{\"candidate\":\"c\",\"sdpMLineIndex\":-1}]}",
        "{\"candidates\":[{\"candidate\":\"c\",\"sdpMLineIndex\":1e400}]}",
        "{\"candidates\":7}",
        "{\"session\":{},\"description\":{\"type\":\"offer\",\"sdp\":\"v\"}}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        "{} trailing",
        "{\"a\":1,}"
      })
  void hostileTextIsDroppedAndCounted(String text) {
    long before = total();
    DcMessage m = codec.decode(text);
    assertThat(m).isInstanceOf(DcMessage.Dropped.class);
    assertThat(total()).isEqualTo(before + 1);
  }

  @Test
  void hugeMessagesAreDroppedAsOversized() {
    DcMessage m =
        codec.decode("{\"x\":\"" + "a".repeat(DataChannelCodec.MAX_MESSAGE_CHARS) + "\"}");
    assertThat(m)
        .isEqualTo(
            new DcMessage.Dropped(
                DropReason.OVERSIZED, (DataChannelCodec.MAX_MESSAGE_CHARS + 8) + " chars"));
  }

  @Test
  void randomAndMutatedInputNeverThrows() {
    Random r = new Random(11);
    String valid = codec.answer("pub", "s", "v=0\r\na=x\r\n", true);
    for (int i = 0; i < 20_000; i++) {
      char[] c = valid.toCharArray();
      int edits = 1 + r.nextInt(4);
      for (int k = 0; k < edits; k++) {
        c[r.nextInt(c.length)] =
            (char) (r.nextBoolean() ? r.nextInt(128) : "{}[]\":,0a".charAt(r.nextInt(9)));
      }
      String s = new String(c, 0, r.nextInt(c.length + 1));
      codec.decode(s); // must not throw
    }
  }

  private long total() {
    return codec.dropped().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void thePublisherSideDecodesTheHelloAndKeyframeRequests() {
    assertThat(codec.decode(codec.hello(true, true, "h264")))
        .isEqualTo(new DcMessage.MediaRequest(true, true, "h264"));
    assertThat(codec.decode("{\"audio\":false,\"video\":true,\"info\":{\"label\":\"rec\"}}"))
        .isEqualTo(new DcMessage.MediaRequest(false, true, null));
    assertThat(codec.decode(codec.keyframeRequest())).isEqualTo(new DcMessage.KeyframeRequest());
    assertThat(codec.decode("{\"keyframe\":false}")).isInstanceOf(DcMessage.Other.class);
  }

  @Test
  void publisherOffersCandidatesInfoAndPingRoundTrip() {
    String offer = codec.offer("viewer", "cam808d64", "s1", "v=0\r\n", true);
    assertThat(codec.decode(offer))
        .isEqualTo(new DcMessage.Offer("s1", "cam808d64", "v=0\r\n", true));
    List<RemoteCandidate> list =
        List.of(new RemoteCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0, "uf"));
    String cands = codec.localCandidates("viewer", "s1", list, true);
    assertThat(parse(cands).get("type").asText()).isEqualTo("local");
    assertThat(codec.decode(cands)).isEqualTo(new DcMessage.Candidates("s1", list, true));
    assertThat(codec.decode(codec.info("Cam 1")))
        .isEqualTo(new DcMessage.Info("Cam 1", "{\"info\":{\"label\":\"Cam 1\"}}"));
    DcMessage ping = codec.decode(codec.ping("17"));
    assertThat(codec.pong((DcMessage.Ping) ping)).isEqualTo("{\"pong\":\"17\"}");
  }
}
