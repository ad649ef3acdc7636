package io.roomrecorder.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IceServerTest {

  @ParameterizedTest(name = "{0} is {1} at {2}:{3} over {4}")
  @CsvSource({
    "stun:stun.l.google.com:19302, STUN, stun.l.google.com, 19302, UDP",
    "stun:127.0.0.1, STUN, 127.0.0.1, 3478, UDP",
    "turn:127.0.0.1:3478?transport=udp, TURN, 127.0.0.1, 3478, UDP",
    "turn:127.0.0.1:3478?transport=tcp, TURN, 127.0.0.1, 3478, TCP",
    "turn:turn.example.org, TURN, turn.example.org, 3478, UDP",
    "turns:turn.example.org, TURN, turn.example.org, 5349, TLS",
    "turns:turn.example.org:443?transport=tcp, TURN, turn.example.org, 443, TLS",
    "turn:[2001:db8::1]:3479?transport=tcp, TURN, 2001:db8::1, 3479, TCP",
  })
  void urisParse(
      String uri, IceServer.Kind kind, String host, int port, IceServer.Transport transport) {
    IceServer s = IceServer.parse(uri, "u", "p");
    assertThat(s.kind()).isEqualTo(kind);
    assertThat(s.host()).isEqualTo(host);
    assertThat(s.port()).isEqualTo(port);
    assertThat(s.transport()).isEqualTo(transport);
  }

  @Test
  void credentialsInTheUriArePercentDecodedAndNeverPrinted() {
    IceServer s = IceServer.parse("turn:alice:s%40cret%3Ax@127.0.0.1:3478?transport=tcp");
    assertThat(s.username()).isEqualTo("alice");
    assertThat(s.password()).isEqualTo("s@cret:x");
    assertThat(s.toString()).doesNotContain("cret").doesNotContain("alice");
  }

  @Test
  void separateCredentialsWinOverCredentialsInTheUri() {
    IceServer s = IceServer.parse("turn:a:b@127.0.0.1", "carol", "pw");
    assertThat(s.username()).isEqualTo("carol");
    assertThat(s.password()).isEqualTo("pw");
  }

  @ParameterizedTest(name = "rejected: {0}")
  @ValueSource(
      strings = {
        "http://x",
        "turn:",
        "turn:host:0",
        "turn:host:99999",
        "turn:host?transport=sctp",
        "turns:host?transport=udp",
        "stun:host?transport=tcp",
        "turn:[::1",
        "turn:host:12ab"
      })
  void badUrisAreRejectedWithAMessage(String uri) {
    assertThatThrownBy(() -> IceServer.parse(uri, "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("p@");
  }

  @Test
  void turnWithoutCredentialsIsRejected() {
    assertThatThrownBy(() -> IceServer.parse("turn:127.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user name");
  }

  @Test
  void theDefaultConfigUsesGoogleStunAndNoStunMeansNone() {
    assertThat(IceConfig.builder().build().stunServers())
        .extracting(IceServer::uri)
        .containsExactly("stun:stun.l.google.com:19302");
    assertThat(IceConfig.builder().noStun().build().stunServers()).isEmpty();
    assertThat(IceConfig.builder().stunServer("stun:127.0.0.1:3478").build().stunServers())
        .extracting(IceServer::port)
        .containsExactly(3478);
  }

  @Test
  void relayPolicyWithoutTurnServerIsAConfigurationError() {
    assertThatThrownBy(() -> IceConfig.builder().noStun().policy(TransportPolicy.RELAY).build())
        .hasMessageContaining("TURN");
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "127.0.0.0/8, 127.0.0.1, true",
    "127.0.0.0/8, 128.0.0.1, false",
    "10.1.0.0/17, 10.1.127.255, true",
    "10.1.0.0/17, 10.1.128.0, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "0.0.0.0/0, ::1, false",
    "fd00::/8, fd12::1, true",
    "192.0.2.5, 192.0.2.5, true",
    "192.0.2.5, 192.0.2.6, false",
  })
  void ipNetworksMatchByPrefix(String cidr, String address, boolean expected) {
    assertThat(IpNetwork.parse(cidr).contains(IpLiterals.parse(address))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "rejected network: {0}")
  @ValueSource(
      strings = {"example.com/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "::1/129", "1.2.3.4/8x"})
  void badNetworksAreRejected(String cidr) {
    assertThatThrownBy(() -> IpNetwork.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
  }
}
