package io.roomrecorder.datachannel.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateCookieTest {
  private final StateCookie cookies = new StateCookie(new byte[32]);
  private final StateCookie.Contents contents =
      new StateCookie.Contents(1_000, 60_000, 11, 22, 33, 44, 1 << 20, 65535, 1024, 3, 0, 0);

  @Test
  void aFreshCookieOpensToItsContents() {
    StateCookie.Opened o = cookies.open(cookies.create(contents), 2_000);
    assertThat(o.check()).isEqualTo(StateCookie.Check.VALID);
    assertThat(o.contents()).isEqualTo(contents);
  }

  @Test
  void anyFlippedBitFailsTheHmac() {
    byte[] c = cookies.create(contents);
    for (int i = 1; i < c.length; i++) {
      byte[] m = c.clone();
      m[i] ^= 0x10;
      assertThat(cookies.open(m, 2_000).check()).isEqualTo(StateCookie.Check.BAD_MAC);
    }
  }

  @Test
  void aCookieFromAnotherKeyIsRejected() {
    byte[] key = new byte[32];
    key[0] = 1;
    byte[] c = new StateCookie(key).create(contents);
    assertThat(cookies.open(c, 2_000).check()).isEqualTo(StateCookie.Check.BAD_MAC);
  }

  @Test
  void aCookiePastItsLifetimeIsStaleWithTheExcessInMicroseconds() {
    StateCookie.Opened o = cookies.open(cookies.create(contents), 1_000 + 60_000 + 5);
    assertThat(o.check()).isEqualTo(StateCookie.Check.STALE);
    assertThat(o.stalenessMicros()).isEqualTo(5_000);
  }

  @Test
  void truncatedCookiesAreMalformed() {
    byte[] c = cookies.create(contents);
    assertThat(cookies.open(java.util.Arrays.copyOf(c, c.length - 1), 0).check())
        .isEqualTo(StateCookie.Check.MALFORMED);
    assertThat(cookies.open(new byte[0], 0).check()).isEqualTo(StateCookie.Check.MALFORMED);
  }
}
