package io.roomrecorder.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Drives a {@link SignalingSession} with a manual clock and collects what comes out. */
final class Harness {
  static final ObjectMapper JSON = new ObjectMapper();

  final SignalingSession session;
  long now = 1_000_000;
  final List<String> sent = new ArrayList<>();
  final List<SignalingEvent> events = new ArrayList<>();
  int connects;
  int disconnects;

  Harness(SignalingConfig config) {
    this.session = new SignalingSession(config, new Random(7));
  }

  Harness startAndOpen() {
    session.start(now);
    drain();
    session.handleOpen(now);
    drain();
    return this;
  }

  void receive(String text) {
    session.handleText(text, now);
    drain();
  }

  void advance(long ms) {
    now += ms;
    for (int i = 0; i < 100 && session.pollTimeout() <= now; i++) {
      session.handleTimeout(now);
      drain();
    }
    drain();
  }

  void drain() {
    SignalingSession.Output o;
    while ((o = session.pollOutput()) != null) {
      if (o instanceof SignalingSession.Output.Transmit t) {
        sent.add(t.text());
      } else if (o instanceof SignalingSession.Output.Emit e) {
        events.add(e.event());
      } else if (o instanceof SignalingSession.Output.Connect) {
        connects++;
      } else {
        disconnects++;
      }
    }
  }

  List<String> takeSent() {
    List<String> out = new ArrayList<>(sent);
    sent.clear();
    return out;
  }

  List<SignalingEvent> takeEvents() {
    List<SignalingEvent> out = new ArrayList<>(events);
    events.clear();
    return out;
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
