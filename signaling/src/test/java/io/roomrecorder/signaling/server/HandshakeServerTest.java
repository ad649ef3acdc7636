package io.roomrecorder.signaling.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.roomrecorder.signaling.DropReason;
import io.roomrecorder.signaling.RawPeer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake server's protocol with scripted websocket clients (vdo-ninja.md §10, §11.14). */
class HandshakeServerTest {

  HandshakeServer server;
  final List<RawPeer> peers = new ArrayList<>();

  @BeforeEach
  void start() {
    server = HandshakeServer.start("127.0.0.1", 0, null);
  }

  @AfterEach
  void stop() {
    peers.forEach(RawPeer::close);
    server.close();
  }

  RawPeer peer() {
    RawPeer p = RawPeer.connect(server.url());
    peers.add(p);
    return p;
  }

  @Test
  void theBrowserExchangeOfSection10() {
    RawPeer pub = peer();
    pub.send("{\"request\":\"joinroom\",\"roomid\":\"room1\"}");
    assertThat(pub.nextRequest("listing").get("list").size()).isZero();
    pub.send("{\"request\":\"seed\",\"streamID\":\"cam1\"}");

    RawPeer viewer = peer();
    viewer.send("{\"request\":\"joinroom\",\"roomid\":\"room1\"}");
    JsonNode listing = viewer.nextRequest("listing");
    assertThat(listing.get("list").size()).isEqualTo(1);
    assertThat(listing.get("list").get(0).get("streamID").asText()).isEqualTo("cam1");
    String pubId = listing.get("list").get(0).get("UUID").asText();
    String viewerId = pub.nextRequest("someonejoined").get("UUID").asText();

    viewer.send("{\"request\":\"play\",\"streamID\":\"cam1\"}");
    assertThat(pub.nextRequest("offerSDP").get("UUID").asText()).isEqualTo(viewerId);

    pub.send(
        "{\"UUID\":\""
            + viewerId
            + "\",\"streamID\":\"cam1\",\"session\":\"gFasfJEFsL\",\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    JsonNode offer = viewer.next(n -> n.has("description"), "offer");
    assertThat(offer.get("UUID").asText()).isEqualTo(pubId); // rewritten to the SENDER
    assertThat(offer.get("session").asText()).isEqualTo("gFasfJEFsL");

    viewer.send(
        "{\"UUID\":\""
            + pubId
            + "\",\"session\":\"gFasfJEFsL\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
    assertThat(pub.next(n -> n.has("description"), "answer").get("UUID").asText())
        .isEqualTo(viewerId);

    // A new seeder in the room is announced; a leaving member is reported with cleanup.
    RawPeer second = peer();
    second.send("{\"request\":\"joinroom\",\"roomid\":\"room1\"}");
    second.nextRequest("listing");
    second.send("{\"request\":\"seed\",\"streamID\":\"cam2\"}");
    JsonNode added = viewer.nextRequest("videoaddedtoroom");
    assertThat(added.get("streamID").asText()).isEqualTo("cam2");
    pub.close();
    assertThat(viewer.nextRequest("cleanup").get("UUID").asText()).isEqualTo(pubId);
  }

  @Test
  void aJoinroomWithAStreamIdAnnouncesItInSomeonejoined() {
    RawPeer viewer = peer();
    viewer.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    viewer.nextRequest("listing");
    RawPeer pub = peer();
    pub.send("{\"request\":\"joinroom\",\"roomid\":\"r\",\"streamID\":\"s1\"}");
    assertThat(viewer.nextRequest("someonejoined").get("streamID").asText()).isEqualTo("s1");
  }

  @Test
  void aSecondSeederOfTheSameStreamIsRefused() {
    RawPeer a = peer();
    a.send("{\"request\":\"seed\",\"streamID\":\"dup\"}");
    RawPeer b = peer();
    b.send("{\"request\":\"seed\",\"streamID\":\"dup\"}");
    assertThat(b.nextRequest("alert").get("message").asText()).contains("in use");
    assertThat(server.stats().dropped(DropReason.DENIED)).isEqualTo(1);
  }

  @Test
  void raspberryNinjaClientsGetFromAndTheirOwnIdAsUuid() {
    RawPeer rn = peer();
    rn.send("{\"request\":\"joinroom\",\"roomid\":\"r\",\"from\":\"123456\"}");
    rn.nextRequest("listing");
    rn.send("{\"request\":\"seed\",\"streamID\":\"rn1\",\"from\":\"123456\"}");
    RawPeer browser = peer();
    browser.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    String rnId = browser.nextRequest("listing").get("list").get(0).get("UUID").asText();
    JsonNode joined = rn.nextRequest("someonejoined");
    assertThat(joined.get("UUID").asText()).isEqualTo("123456");
    String browserId = joined.get("from").asText();

    // Raspberry Ninja's play carries a UUID; the server serves it anyway.
    browser.send("{\"request\":\"play\",\"streamID\":\"rn1\",\"UUID\":\"" + rnId + "\"}");
    JsonNode offerSdp = rn.nextRequest("offerSDP");
    assertThat(offerSdp.get("from").asText()).isEqualTo(browserId);
    assertThat(offerSdp.get("UUID").asText()).isEqualTo("123456");

    rn.send(
        "{\"UUID\":\""
            + browserId
            + "\",\"from\":\"123456\",\"session\":null,\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
    JsonNode offer = browser.next(n -> n.has("description"), "offer");
    assertThat(offer.get("UUID").asText()).isEqualTo(rnId);
    assertThat(offer.has("from")).isFalse();
    assertThat(offer.get("session").isNull()).isTrue();

    // The browser may also address it by its own "from" id.
    browser.send("{\"UUID\":\"123456\",\"candidates\":[]}");
    JsonNode c = rn.next(n -> n.has("candidates"), "candidates");
    assertThat(c.get("from").asText()).isEqualTo(browserId);
    assertThat(c.get("UUID").asText()).isEqualTo("123456");
  }

  @Test
  void theBoundPortAndUrlAreReported() {
    assertThat(server.port()).isPositive();
    assertThat(server.url()).isEqualTo("ws://127.0.0.1:" + server.port());
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void joiningTheSameRoomAgainOnlyListsItAgain() throws Exception {
    RawPeer a = peer();
    a.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    a.nextRequest("listing");
    RawPeer b = peer();
    b.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    b.nextRequest("listing");
    a.nextRequest("someonejoined");
    b.send("{\"request\":\"joinroom\",\"roomid\":\"r\"}");
    assertThat(b.nextRequest("listing").get("list").size()).isEqualTo(1); // a, not b itself
    assertThat(a.quietFor(300)).isNull(); // no cleanup/someonejoined churn
    assertThat(server.roomMembers("r")).hasSize(2);
  }
}
