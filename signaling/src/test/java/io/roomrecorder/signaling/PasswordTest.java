package io.roomrecorder.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The computed reference vectors of vdo-ninja.md §2.7 and the password rules of §2.1–§2.3. */
class PasswordTest {

  private static final byte[] IV = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  @Test
  void theAesKeyIsSha256OfPasswordPlusSalt() {
    assertThat(Password.hash("someEncryptionKey123" + "vdo.ninja", 64))
        .isEqualTo("808d646f7eb92052344e1e668e340c852f8d675754acfae11d8cc49233c36eba");
  }

  @Test
  void theDefaultStreamSuffixIs808d64() {
    Password p = Password.defaults();
    assertThat(p.streamSuffix()).isEqualTo("808d64");
    assertThat(StreamIds.salt("abc", p)).isEqualTo("abc808d64");
  }

  @ParameterizedTest(name = "room {0} with password {1} hashes to {2}")
  @CsvSource({
    "myroom123, someEncryptionKey123, 1cccb8dc16c6a914",
    "testroom123, someEncryptionKey123, f8a52950fcaa9910",
    "myroom123, abc, da3a7835f79652c6"
  })
  void roomIdsAreTheFirst16HexOfSha256OfRoomPasswordSalt(String room, String pw, String id) {
    assertThat(Password.of(pw, "vdo.ninja").roomId(room)).isEqualTo(id);
  }

  @Test
  void passwordAbcHasSuffixD48f01() {
    assertThat(Password.of("abc", "vdo.ninja").streamSuffix()).isEqualTo("d48f01");
  }

  // The SDP holds a real CR LF; the plaintext is its JSON serialization, so the encrypted bytes
  // contain the escapes backslash-r backslash-n (33 bytes, three AES blocks).
  @Test
  void aesSampleWithPythonSpacingMatchesTheSpec() {
    Password.Encrypted e =
        Password.defaults().encrypt("{\"type\": \"answer\", \"sdp\": \"v=0\\r\\n\"}", IV);
    assertThat(e.ciphertextHex())
        .isEqualTo(
            "36aa9f08d2dcfa8fd8ee844fc96e5c30a73ee84c66f7e00fba2121648c394463a1ee0b26ddb0aab7d8231b9402828c24");
    assertThat(e.vectorHex()).isEqualTo("000102030405060708090a0b0c0d0e0f");
  }

  @Test
  void aesSampleWithCompactJsSpacingMatchesTheSpecAndDecryptsBack() {
    String plain = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}";
    String cipher =
        "e3cbc3ad10ee89125690f59776c972d770723acec02df276fe7c02a800d34f83bfa792e1450b421fd51f9f101d21c8d0";
    assertThat(Password.defaults().encrypt(plain, IV).ciphertextHex()).isEqualTo(cipher);
    assertThat(Password.defaults().decrypt(cipher, "000102030405060708090a0b0c0d0e0f"))
        .contains(plain);
  }

  @Test
  void aFreshRandomIvRoundTrips() {
    Password p = Password.of("s3cret pass/ü", "example.com");
    Password.Encrypted e = p.encrypt("{\"sdp\":\"x\"}", new Random(1));
    assertThat(e.vectorHex()).hasSize(32);
    assertThat(p.decrypt(e.ciphertextHex(), e.vectorHex())).contains("{\"sdp\":\"x\"}");
  }

  @Test
  void aDifferentPasswordOrSaltCannotDecrypt() {
    String plain = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}";
    Password.Encrypted e = Password.defaults().encrypt(plain, IV);
    // A wrong key almost always breaks the PKCS#7 padding; if it happens not to, the text differs.
    assertThat(Password.of("abc", "vdo.ninja").decrypt(e.ciphertextHex(), e.vectorHex()))
        .isNotEqualTo(java.util.Optional.of(plain));
    assertThat(Password.disabled().decrypt(e.ciphertextHex(), e.vectorHex())).isEmpty();
  }

  @ParameterizedTest(name = "ciphertext {0} with vector {1} is rejected")
  @CsvSource({
    "'', 000102030405060708090a0b0c0d0e0f",
    "abc, 000102030405060708090a0b0c0d0e0f",
    "zz, 000102030405060708090a0b0c0d0e0f",
    "00112233445566778899aabbccddeeff00, 000102030405060708090a0b0c0d0e0f",
    "00112233445566778899aabbccddeeff, 0001",
    "00112233445566778899aabbccddeeff, not-hex-at-all-not-hex-at-all-xx"
  })
  void malformedCiphertextOrVectorIsRejectedNotThrown(String cipher, String vector) {
    assertThat(Password.defaults().decrypt(cipher, vector)).isEmpty();
  }

  @ParameterizedTest(name = "password \"{0}\" means the default")
  @CsvSource({"''", "true", "TRUE", "1", "on", "' on '"})
  void emptyTrueOneAndOnMeanTheDefaultPassword(String input) {
    Password p = Password.of(input, "vdo.ninja");
    assertThat(p.enabled()).isTrue();
    assertThat(p.streamSuffix()).isEqualTo("808d64");
  }

  @ParameterizedTest(name = "password \"{0}\" disables hashing and encryption")
  @CsvSource({"false", "FALSE", "0", "off", "Off"})
  void falseZeroAndOffDisableThePassword(String input) {
    Password p = Password.of(input, "vdo.ninja");
    assertThat(p.enabled()).isFalse();
    assertThat(p.streamSuffix()).isEmpty();
    assertThat(p.roomId("my room!")).isEqualTo("my_room_");
    assertThat(StreamIds.salt("abc", p)).isEqualTo("abc");
  }

  @Test
  void aNullPasswordMeansTheDefault() {
    assertThat(Password.of(null, "vdo.ninja").streamSuffix()).isEqualTo("808d64");
  }

  @Test
  void passwordsAreUriEncodedLikeEncodeUriComponent() {
    assertThat(Password.encodeUriComponent("a b&c/d?é!~*'()-_."))
        .isEqualTo("a%20b%26c%2Fd%3F%C3%A9!~*'()-_.");
    // The hash is taken over the encoded form, as the browser does.
    assertThat(Password.of("a b", "vdo.ninja").streamSuffix())
        .isEqualTo(Password.hash("a%20b" + "vdo.ninja", 6));
    assertThat(Password.of("  a b  ", "vdo.ninja").streamSuffix())
        .isEqualTo(Password.of("a b", "vdo.ninja").streamSuffix());
  }

  @ParameterizedTest(name = "the web app on {0} salts with {1}")
  @CsvSource({
    "vdo.ninja, vdo.ninja",
    "VDO.Ninja, vdo.ninja",
    "steveseguin.github.io, vdo.ninja",
    "beta.vdo.ninja, vdo.ninja",
    "obs.rtc.ninja, rtc.ninja",
    "app.versus.cam, versus.cam",
    "x.socialstream.ninja, socialstream.ninja",
    "localhost, vdo.ninja",
    "192.168.1.20, vdo.ninja",
    "'[::1]', vdo.ninja",
    "fe80::1, vdo.ninja",
    "ninja.example.com, ninja.example.com",
    "example.com, example.com"
  })
  void theSaltFollowsTheBrowsersHostnameRules(String host, String salt) {
    assertThat(Password.saltForAppHost(host)).isEqualTo(salt);
  }
}
