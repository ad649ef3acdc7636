package io.roomrecorder.signaling.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.signaling.DropReason;
import io.roomrecorder.signaling.EventLog;
import io.roomrecorder.signaling.Password;
import io.roomrecorder.signaling.RawPeer;
import io.roomrecorder.signaling.RemoteCandidate;
import io.roomrecorder.signaling.SignalingConfig;
import io.roomrecorder.signaling.SignalingEvent.CandidatesReceived;
import io.roomrecorder.signaling.SignalingEvent.Connected;
import io.roomrecorder.signaling.SignalingEvent.Disconnected;
import io.roomrecorder.signaling.SignalingEvent.OfferReceived;
import io.roomrecorder.signaling.SignalingEvent.PeerLeft;
import io.roomrecorder.signaling.SignalingEvent.StreamAnnounced;
import io.roomrecorder.signaling.TestCertificate;
import io.roomrecorder.signaling.server.HandshakeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's client against our handshake server over real websockets on 127.0.0.1, with a
 * scripted publisher on the JDK's websocket client doing what the browser does (§10).
 */
class ClientServerTest {

  static final String SDP =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n";

  final List<AutoCloseable> closeables = new ArrayList<>();
  final ExecutorService events = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    events.shutdownNow();
  }

  <T extends AutoCloseable> T track(T c) {
    closeables.add(c);
    return c;
  }

  HandshakeServer server() {
    return track(HandshakeServer.start("127.0.0.1", 0, null));
  }

  SignalingClient client(SignalingConfig config, EventLog log) {
    return track(SignalingClient.start(config, events, log));
  }

  static SignalingConfig.Builder config(HandshakeServer s) {
    return SignalingConfig.builder()
        .server(s.url())
        .routing(SignalingConfig.Routing.ROUTED)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(400));
  }

  /** The publisher's offer, encrypted like the browser's when a password is on. */
  static String offer(String to, String session, String streamId, Password pw) {
    String description = "{\"type\":\"offer\",\"sdp\":" + json(SDP) + "}";
    if (!pw.enabled()) {
      return "{\"UUID\":\""
          + to
          + "\",\"streamID\":\""
          + streamId
          + "\",\"session\":\""
          + session
          + "\",\"description\":"
          + description
          + "}";
    }
    Password.Encrypted e = pw.encrypt(description, new Random());
    return "{\"UUID\":\""
        + to
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

  static String json(String s) {
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }

  RawPeer publisher(HandshakeServer s, String room, String streamId, Password pw) {
    RawPeer pub = track(RawPeer.connect(s.url()));
    pub.send("{\"request\":\"joinroom\",\"roomid\":\"" + pw.roomId(room) + "\"}");
    pub.nextRequest("listing");
    pub.send("{\"request\":\"seed\",\"streamID\":\"" + streamId + "\"}");
    return pub;
  }

  void roomRecording(Password pw, UnaryOperator<SignalingConfig.Builder> settings) {
    HandshakeServer s = server();
    SignalingConfig.Builder cfg = settings.apply(config(s));
    String salted = "cam1" + pw.streamSuffix();
    RawPeer pub = publisher(s, "room1", salted, pw);
    EventLog log = new EventLog();
    SignalingClient rec = client(cfg.room("room1").build(), log);
    log.await(Connected.class);
    StreamAnnounced announced = log.await(StreamAnnounced.class);
    assertThat(s.roomMembers(pw.roomId("room1"))).hasSize(2);
    assertThat(announced.saltedStreamId()).isEqualTo(salted);
    assertThat(announced.streamId()).isEqualTo("cam1");
    String recorderId = pub.nextRequest("someonejoined").get("UUID").asText();
    JsonNode offerSdp = pub.nextRequest("offerSDP");
    assertThat(offerSdp.get("UUID").asText()).isEqualTo(recorderId);

    // The publisher offers to the recorder's UUID; the recorder sees the publisher's UUID.
    pub.send(offer(recorderId, "sess1", salted, pw));
    OfferReceived offer = log.await(OfferReceived.class);
    assertThat(offer.uuid()).isEqualTo(announced.uuid());
    assertThat(offer.session()).isEqualTo("sess1");
    assertThat(offer.sdp()).isEqualTo(SDP);
    assertThat(offer.streamId()).isEqualTo("cam1");
    assertThat(offer.encrypted()).isEqualTo(pw.enabled());

    pub.send(
        "{\"UUID\":\""
            + recorderId
            + "\",\"type\":\"local\",\"session\":\"sess1\",\"candidates\":[{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}]}");
    CandidatesReceived cands = log.await(CandidatesReceived.class);
    assertThat(cands.candidates())
        .containsExactly(
            new RemoteCandidate(
                "candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host", "0", 0, "abcd"));

    rec.sendAnswer(offer.uuid(), offer.session(), "v=0\r\nanswer\r\n");
    JsonNode answer = pub.next(n -> n.has("description"), "answer");
    assertThat(answer.get("UUID").asText()).isEqualTo(recorderId); // rewritten to the sender
    assertThat(answer.get("session").asText()).isEqualTo("sess1");
    String description =
        pw.enabled()
            ? pw.decrypt(answer.get("description").asText(), answer.get("vector").asText())
                .orElseThrow()
            : answer.get("description").toString();
    assertThat(description).isEqualTo("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nanswer\\r\\n\"}");

    rec.sendCandidate(
        offer.uuid(), offer.session(), "candidate:9 1 udp 1 127.0.0.1 50000 typ host", 0);
    JsonNode cand = pub.next(n -> n.has("candidates"), "candidate");
    assertThat(cand.get("type").asText()).isEqualTo("remote");
    assertThat(cand.get("session").asText()).isEqualTo("sess1");
    assertThat(cand.has("vector")).isEqualTo(pw.enabled());

    pub.close();
    PeerLeft left = log.await(PeerLeft.class);
    assertThat(left.uuid()).isEqualTo(offer.uuid());
    assertThat(left.reason()).isEqualTo("cleanup");
    assertThat(rec.stats().droppedTotal()).isZero();
  }

  @Test
  void roomRecordingWithTheDefaultPassword() {
    roomRecording(Password.defaults(), b -> b);
  }

  @Test
  void roomRecordingWithoutAPassword() {
    roomRecording(Password.disabled(), b -> b.password("false"));
  }

  @Test
  void roomRecordingWithAUserPasswordAndCustomSalt() {
    roomRecording(
        Password.of("pä ss", "example.org"), b -> b.password("pä ss").salt("example.org"));
  }

  @Test
  void aPublisherWhoArrivesLaterIsPlayedOnVideoaddedtoroom() {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    EventLog log = new EventLog();
    client(config(s).room("room2").build(), log);
    log.await(Connected.class);
    RawPeer pub = publisher(s, "room2", "late" + pw.streamSuffix(), pw);
    assertThat(log.await(StreamAnnounced.class).streamId()).isEqualTo("late");
    assertThat(pub.nextRequest("offerSDP").get("UUID").asText()).isNotEmpty();
  }

  @Test
  void aSingleStreamPlayWaitsUntilThePublisherSeeds() {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    EventLog log = new EventLog();
    SignalingClient rec = client(config(s).streamId("abc").build(), log);
    log.await(Connected.class);
    RawPeer pub = track(RawPeer.connect(s.url()));
    pub.send("{\"request\":\"seed\",\"streamID\":\"abc808d64\"}");
    String recorderId = pub.nextRequest("offerSDP").get("UUID").asText();
    pub.send(offer(recorderId, "s1", "abc808d64", pw));
    OfferReceived o = log.await(OfferReceived.class);
    assertThat(o.streamId()).isEqualTo("abc");
    rec.sendAnswer(o.uuid(), o.session(), "v=0");
    assertThat(pub.next(n -> n.has("description"), "answer").get("session").asText())
        .isEqualTo("s1");
  }

  @Test
  void afterTheServerDropsTheConnectionTheClientReconnectsJoinsAndPlaysAgain() {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    RawPeer pub = publisher(s, "room3", "cam808d64", pw);
    EventLog log = new EventLog();
    client(config(s).room("room3").build(), log);
    StreamAnnounced first = log.await(StreamAnnounced.class);
    pub.nextRequest("offerSDP");

    s.disconnectAll();
    Disconnected d = log.await(Disconnected.class);
    assertThat(d.retryInMs()).isBetween(80L, 400L);
    assertThat(pub.awaitClosed()).isTrue();

    // The publisher comes back (new UUID) and so does the recorder, which joins and plays again.
    RawPeer pub2 = publisher(s, "room3", "cam808d64", pw);
    log.await(Connected.class);
    StreamAnnounced second = log.await(StreamAnnounced.class);
    assertThat(second.uuid()).isNotEqualTo(first.uuid());
    assertThat(second.streamId()).isEqualTo("cam");
    String recorderId = pub2.nextRequest("offerSDP").get("UUID").asText();
    pub2.send(offer(recorderId, "s2", "cam808d64", pw));
    assertThat(log.await(OfferReceived.class).uuid()).isEqualTo(second.uuid());
  }

  @Test
  void theClientKeepsRetryingWhileTheServerIsDown() {
    HandshakeServer s = server();
    int port = s.port();
    s.close();
    EventLog log = new EventLog();
    SignalingClient rec = client(config(s).room("room4").build(), log);
    log.await(Disconnected.class);
    log.await(Disconnected.class);
    HandshakeServer again = track(HandshakeServer.start("127.0.0.1", port, null));
    log.await(Connected.class);
    long deadline = System.nanoTime() + RawPeer.TIMEOUT.toNanos();
    while (again.roomMembers(Password.defaults().roomId("room4")).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(again.roomMembers(Password.defaults().roomId("room4"))).hasSize(1);
    assertThat(rec.stats().connects()).isEqualTo(1);
  }

  @Test
  void customServerModeWithARaspberryNinjaStylePublisher() {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    // Raspberry Ninja against a non-official server: its own numeric "from" on every message.
    RawPeer pub = track(RawPeer.connect(s.url()));
    pub.send("{\"request\":\"joinroom\",\"roomid\":\"" + pw.roomId("rn") + "\",\"from\":\"777\"}");
    pub.nextRequest("listing");
    pub.send("{\"request\":\"seed\",\"streamID\":\"rn808d64\",\"from\":\"777\"}");

    EventLog log = new EventLog();
    SignalingConfig cfg =
        config(s).routing(SignalingConfig.Routing.AUTO).room("rn").customId("4242").build();
    assertThat(cfg.customServerMode()).isTrue(); // 127.0.0.1 is not an official host
    SignalingClient rec = client(cfg, log);
    StreamAnnounced a = log.await(StreamAnnounced.class);

    // §11.14: delivered as {"from": sender, "UUID": its own id}.
    JsonNode offerSdp = pub.nextRequest("offerSDP");
    assertThat(offerSdp.get("UUID").asText()).isEqualTo("777");
    String recorderId = offerSdp.get("from").asText();
    pub.send(
        "{\"UUID\":\""
            + recorderId
            + "\",\"from\":\"777\",\"session\":null,\"streamID\":\"rn808d64\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
    OfferReceived o = log.await(OfferReceived.class);
    assertThat(o.uuid()).isEqualTo(a.uuid());
    assertThat(o.session()).isNull();
    rec.sendAnswer(o.uuid(), o.session(), "v=0\r\n");
    JsonNode answer = pub.next(n -> n.has("description"), "answer");
    assertThat(answer.get("UUID").asText()).isEqualTo("777");
    assertThat(answer.get("from").asText()).isEqualTo(recorderId);
    assertThat(answer.has("session")).isFalse();
    assertThat(answer.has("roomid")).isFalse(); // stripped by the server on relay
    assertThat(answer.get("description").get("type").asText()).isEqualTo("answer");
  }

  @Test
  void aRoomsStreamIsNotOfferedToSomeoneOutsideTheRoom() throws Exception {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    RawPeer pub = publisher(s, "private", "secret808d64", pw);
    RawPeer outsider = track(RawPeer.connect(s.url()));
    outsider.send("{\"request\":\"play\",\"streamID\":\"secret808d64\"}");
    assertThat(pub.quietFor(300)).isNull();
    assertThat(s.stats().dropped(DropReason.DENIED)).isEqualTo(1);
  }

  @Test
  void hostileRelayedMessagesAreDroppedByTheClientWhichKeepsWorking() {
    HandshakeServer s = server();
    Password pw = Password.defaults();
    RawPeer pub = publisher(s, "room5", "cam808d64", pw);
    EventLog log = new EventLog();
    SignalingClient rec = client(config(s).room("room5").build(), log);
    log.await(StreamAnnounced.class);
    String recorderId = pub.nextRequest("offerSDP").get("UUID").asText();
    String to = "\"UUID\":\"" + recorderId + "\"";
    pub.send(
        "{"
            + to
            + ",\"description\":\"00112233445566778899aabbccddeeff\",\"vector\":\"000102030405060708090a0b0c0d0e0f\"}");
    pub.send("{" + to + ",\"description\":{\"type\":\"offer\",\"sdp\":5}}");
    pub.send("{" + to + ",\"candidates\":\"abc\",\"vector\":\"zz\"}");
    pub.send("{" + to + ",\"whatever\":[1,2,3]}");
    pub.send(offer(recorderId, "ok", "cam808d64", Password.of("wrong", "vdo.ninja")));
    pub.send(offer(recorderId, "ok", "cam808d64", pw));
    assertThat(log.await(OfferReceived.class).session()).isEqualTo("ok");
    assertThat(rec.stats().dropped(DropReason.UNDECRYPTABLE)).isEqualTo(3);
    assertThat(rec.stats().dropped(DropReason.WRONG_TYPE)).isEqualTo(1);
    assertThat(rec.stats().dropped(DropReason.UNKNOWN_REQUEST)).isEqualTo(1);
  }

  @Test
  void wssWithAVerifiedCertificate(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    HandshakeServer s =
        track(
            HandshakeServer.start(
                "127.0.0.1", 0, new HandshakeServer.Tls(cert.certificate, cert.privateKey)));
    assertThat(s.url()).startsWith("wss://127.0.0.1:");
    Password pw = Password.defaults();
    RawPeer pub = track(RawPeer.connect(s.url(), cert.trustingContext()));
    pub.send("{\"request\":\"joinroom\",\"roomid\":\"" + pw.roomId("tls") + "\"}");
    pub.nextRequest("listing");
    pub.send("{\"request\":\"seed\",\"streamID\":\"cam808d64\"}");

    EventLog log = new EventLog();
    client(config(s).room("tls").trustedCertificates(cert.certificate).build(), log);
    log.await(Connected.class);
    assertThat(log.await(StreamAnnounced.class).streamId()).isEqualTo("cam");
    pub.nextRequest("offerSDP");
  }

  @Test
  void wssWithAnUntrustedCertificateIsRefusedUnlessInsecureIsChosen(@TempDir Path dir)
      throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    HandshakeServer s =
        track(
            HandshakeServer.start(
                "127.0.0.1", 0, new HandshakeServer.Tls(cert.certificate, cert.privateKey)));

    EventLog refused = new EventLog();
    SignalingClient verifying = client(config(s).room("tls").build(), refused);
    Disconnected d = refused.await(Disconnected.class);
    assertThat(d.reason()).containsAnyOf("Cert", "cert", "PKIX", "SSL", "handshake");
    refused.await(Disconnected.class); // it retries, and fails again
    assertThat(refused.snapshot()).noneMatch(e -> e instanceof Connected);
    assertThat(verifying.stats().connects()).isZero();

    EventLog insecure = new EventLog();
    client(config(s).room("tls").insecureTls(true).build(), insecure);
    insecure.await(Connected.class);
  }

  @Test
  void closeIsIdempotentAndEndsWithAFinalDisconnected() {
    HandshakeServer s = server();
    EventLog log = new EventLog();
    SignalingClient rec = SignalingClient.start(config(s).room("r").build(), events, log);
    log.await(Connected.class);
    rec.close();
    rec.close();
    assertThat(log.await(Disconnected.class).retryInMs()).isEqualTo(-1);
  }

  void ourPublisherAndOurRecorder(SignalingConfig.Routing routing, String password) {
    HandshakeServer s = server();
    EventLog pubLog = new EventLog();
    PublisherClient pub =
        track(
            PublisherClient.start(
                config(s)
                    .routing(routing)
                    .password(password)
                    .room("both")
                    .streamId("cam 1")
                    .build(),
                events,
                pubLog));
    pubLog.await(Connected.class);
    EventLog recLog = new EventLog();
    SignalingClient rec =
        client(config(s).routing(routing).password(password).room("both").build(), recLog);

    StreamAnnounced a = recLog.await(StreamAnnounced.class);
    assertThat(a.streamId()).isEqualTo("cam_1");
    String viewer =
        pubLog.await(io.roomrecorder.signaling.SignalingEvent.ViewerRequested.class).uuid();
    pub.sendOffer(viewer, "s1", SDP);
    OfferReceived o = recLog.await(OfferReceived.class);
    assertThat(o.uuid()).isEqualTo(a.uuid());
    assertThat(o.sdp()).isEqualTo(SDP);
    pub.sendCandidates(
        viewer,
        "s1",
        List.of(new RemoteCandidate("candidate:1 1 udp 1 127.0.0.1 1 typ host", "0", 0, "u")));
    assertThat(recLog.await(CandidatesReceived.class).candidates()).hasSize(1);
    rec.sendAnswer(o.uuid(), o.session(), "v=0\r\nanswer");
    io.roomrecorder.signaling.SignalingEvent.AnswerReceived ans =
        pubLog.await(io.roomrecorder.signaling.SignalingEvent.AnswerReceived.class);
    assertThat(ans.uuid()).isEqualTo(viewer);
    assertThat(ans.sdp()).isEqualTo("v=0\r\nanswer");
    assertThat(ans.session()).isEqualTo("s1");
    rec.sendCandidate(o.uuid(), o.session(), "candidate:2 1 udp 1 127.0.0.1 2 typ host", 0);
    assertThat(pubLog.await(CandidatesReceived.class).candidates().get(0).sdpMLineIndex()).isZero();
    pub.close();
    assertThat(recLog.await(PeerLeft.class).uuid()).isEqualTo(a.uuid());
    assertThat(rec.stats().droppedTotal()).isZero();
  }

  @Test
  void ourPublisherClientAndRecorderClientRoutedWithPassword() {
    ourPublisherAndOurRecorder(SignalingConfig.Routing.ROUTED, null);
  }

  @Test
  void ourPublisherClientAndRecorderClientInCustomServerModeWithoutPassword() {
    ourPublisherAndOurRecorder(SignalingConfig.Routing.CUSTOM, "false");
  }
}
