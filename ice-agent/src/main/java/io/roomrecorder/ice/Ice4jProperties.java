package io.roomrecorder.ice;

/**
 * JVM-wide ice4j settings, applied before any ice4j class is initialized (ice4j reads its Typesafe
 * configuration once, with system properties overriding it).
 */
final class Ice4jProperties {
  private Ice4jProperties() {}

  private static volatile boolean applied;

  static synchronized void apply() {
    if (applied) {
      return;
    }
    // Never probe the AWS metadata address 169.254.169.254 (library-notes §2): forced, not a
    // default.
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    // We gather host candidates ourselves (loopback on request, port range) and STUN/TURN on our
    // own thread; ice4j's static STUN mapping harvesters would add hidden, unsignaled candidates.
    setIfAbsent("ice4j.harvest.udp.use-dynamic-ports", "false");
    setIfAbsent("ice4j.harvest.use-link-local-addresses", "false");
    // Consent freshness (RFC 7675 §5.1): check the selected pair often enough that
    // IceConfig.disconnectedTimeout can notice a silent peer; RFC 7675 allows more often than 5 s.
    setIfAbsent("ice4j.consent-freshness.interval", "2 seconds");
    // ice4j's StunCandidateHarvester sets these JVM-wide on first use when unset (400 ms, 3), which
    // would silently shorten every later connectivity check (library-notes §3). Pin ice4j's own
    // defaults so checks behave the same whether or not a STUN server is configured.
    setIfAbsent("org.ice4j.MAX_CTRAN_RETRANS_TIMER", "1600");
    setIfAbsent("org.ice4j.MAX_RETRANSMISSIONS", "6");
    applied = true;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
