package io.roomrecorder.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Seeded random sessions: channels opened and closed from both sides, reliable, unordered and
 * partially reliable messages of many sizes, on a network that loses, duplicates and reorders.
 * Every reliable ordered channel must deliver exactly what was sent, in order.
 */
class RandomScenarioTest {

  @ParameterizedTest(name = "random session {0} keeps every reliable channel exact")
  @org.junit.jupiter.params.provider.MethodSource("seeds")
  void randomSession(long seed) {
    Random r = new Random(seed);
    Link link = Link.standard(seed);
    link.connectBoth();
    assertThat(link.runUntil(link::established, 60_000)).isTrue();
    link.lossy(r.nextDouble() * 0.25, r.nextDouble() * 0.05, r.nextInt(60));
    Map<String, List<String>> sent = new HashMap<>();
    Map<String, DataChannel> local = new HashMap<>();
    List<String> reliableLabels = new ArrayList<>();
    int labels = 0;
    for (int step = 0; step < 300; step++) {
      int op = r.nextInt(10);
      boolean fromA = r.nextBoolean();
      SctpAssociation side = fromA ? link.a : link.b;
      if (op == 0 || local.isEmpty()) {
        String label = (fromA ? "a" : "b") + labels++;
        DataChannelOptions o = DataChannelOptions.DEFAULT;
        switch (r.nextInt(4)) {
          case 0 -> o = o.withOrdered(false);
          case 1 -> o = o.withMaxRetransmits(r.nextInt(3));
          case 2 -> o = o.withMaxPacketLifeTimeMs(50 + r.nextInt(500));
          default -> reliableLabels.add(label);
        }
        local.put(label, side.openChannel(label, o));
        sent.put(label, new ArrayList<>());
      } else if (op == 1 && local.size() > 2) {
        String label = new ArrayList<>(local.keySet()).get(r.nextInt(local.size()));
        local.remove(label).close();
        reliableLabels.remove(label);
      } else {
        String label = new ArrayList<>(local.keySet()).get(r.nextInt(local.size()));
        DataChannel ch = local.get(label);
        int size = r.nextInt(10) == 0 ? r.nextInt(200_000) : r.nextInt(2_000);
        String text = label + ":" + step + ":" + "x".repeat(size);
        if (ch.state() == DataChannelState.OPEN && ch.send(text)) {
          sent.get(label).add(text);
        }
      }
      if (r.nextInt(25) == 0) {
        // The application stops reading for a while: the receive window closes and reopens.
        link.holdEventsA = r.nextBoolean();
        link.holdEventsB = r.nextBoolean();
      }
      link.run(r.nextInt(300));
    }
    link.holdEventsA = false;
    link.holdEventsB = false;
    link.loss = 0;
    link.duplicate = 0;
    link.run(600_000);
    assertThat(link.established()).isTrue();
    Map<String, List<String>> received = new HashMap<>();
    for (DataChannelEvent e : link.eventsA) {
      collect(e, received);
    }
    for (DataChannelEvent e : link.eventsB) {
      collect(e, received);
    }
    for (String label : reliableLabels) {
      assertThat(received.getOrDefault(label, List.of()))
          .as("channel %s", label)
          .containsExactlyElementsOf(sent.get(label));
    }
    // Partially reliable and unordered channels deliver a subset, never a corrupt message.
    for (Map.Entry<String, List<String>> e : received.entrySet()) {
      for (String m : e.getValue()) {
        assertThat(sent.get(e.getKey()))
            .as("message %s received on %s", m.substring(0, Math.min(40, m.length())), e.getKey())
            .contains(m);
      }
    }
    assertThat(link.a.stats().drops(DropReason.MALFORMED_CHUNK)).isZero();
    assertThat(link.b.stats().drops(DropReason.MALFORMED_CHUNK)).isZero();
    // And it ends gracefully, started from either side, on a lossy network again.
    link.loss = 0.1;
    (seed % 2 == 0 ? link.a : link.b).shutdown();
    assertThat(
            link.runUntil(
                () ->
                    link.a.state() == AssociationState.CLOSED
                        && link.b.state() == AssociationState.CLOSED,
                3_600_000))
        .isTrue();
    assertThat(Link.of(link.eventsA, DataChannelEvent.AssociationClosed.class))
        .extracting(DataChannelEvent.AssociationClosed::reason)
        .containsExactly(CloseReason.SHUTDOWN_COMPLETE);
    assertThat(Link.of(link.eventsB, DataChannelEvent.AssociationClosed.class))
        .extracting(DataChannelEvent.AssociationClosed::reason)
        .containsExactly(CloseReason.SHUTDOWN_COMPLETE);
  }

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.rangeClosed(1, Long.getLong("scenarios", 12));
  }

  private static void collect(DataChannelEvent e, Map<String, List<String>> received) {
    if (e instanceof DataChannelEvent.TextMessage t) {
      received.computeIfAbsent(t.channel().label(), k -> new ArrayList<>()).add(t.text());
    }
  }
}
