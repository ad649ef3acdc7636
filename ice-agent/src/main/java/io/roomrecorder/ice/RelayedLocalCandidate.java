package io.roomrecorder.ice;

import java.net.SocketException;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidateExtendedType;
import org.ice4j.ice.Component;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A relayed local candidate (RFC 8445 §5.1.1.2) backed by our own {@link
 * io.roomrecorder.ice.turn.TurnClient}, so relays reached over TCP and TLS work (ice4j's own TURN
 * harvester only handles UDP). Its base is itself; its socket is a {@link RelayedDatagramSocket}
 * inside ice4j's multiplexing socket.
 */
final class RelayedLocalCandidate extends LocalCandidate {
  private final IceSocketWrapper socket;
  private final String relayProtocol;

  RelayedLocalCandidate(
      TransportAddress relayed,
      Component component,
      TransportAddress server,
      TransportAddress mapped,
      RelayedDatagramSocket relayedSocket,
      String relayProtocol)
      throws SocketException {
    super(
        relayed,
        component,
        org.ice4j.ice.CandidateType.RELAYED_CANDIDATE,
        CandidateExtendedType.TURN_RELAYED_CANDIDATE,
        null);
    setBase(this);
    setRelayServerAddress(server);
    if (mapped != null) {
      setMappedAddress(mapped);
    }
    this.socket = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(relayedSocket));
    this.relayProtocol = relayProtocol;
  }

  String relayProtocol() {
    return relayProtocol;
  }

  @Override
  protected IceSocketWrapper getCandidateIceSocketWrapper() {
    return socket;
  }

  IceSocketWrapper socketWrapper() {
    return socket;
  }
}
