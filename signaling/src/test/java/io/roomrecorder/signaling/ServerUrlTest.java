package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** publish.py's normalize_signaling_server_url (vdo-ninja.md §1.1) and its tests. */
class ServerUrlTest {

  @ParameterizedTest(name = "--server {0} becomes {1}")
  @CsvSource({
    "relay.example.test:4443/socket, wss://relay.example.test:4443/socket",
    "ws://127.0.0.1:8080, ws://127.0.0.1:8080/",
    "WSS://wss.vdo.ninja:443, wss://wss.vdo.ninja:443/",
    "wss.vdo.ninja, wss://wss.vdo.ninja/"
  })
  void serverUrlsAreNormalized(String in, String out) {
    assertThat(SignalingConfig.normalizeServerUrl(in).toString()).isEqualTo(out);
  }

  @ParameterizedTest(name = "--server {0} is rejected")
  @ValueSource(strings = {"https://relay.example.test", "http://x", "ftp://x", "wss://", "", "   "})
  void otherSchemesAndMissingHostsAreRejected(String in) {
    assertThatThrownBy(() -> SignalingConfig.normalizeServerUrl(in))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void theDefaultServerIsTheOfficialOne() {
    SignalingConfig c = SignalingConfig.builder().room("r").build();
    assertThat(c.server().toString()).isEqualTo("wss://wss.vdo.ninja:443");
    assertThat(c.tls()).isTrue();
    assertThat(c.insecureTls()).isFalse();
  }
}
