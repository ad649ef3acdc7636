package io.roomrecorder.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway VDO.Ninja-style handshake relay (routed protocol of vdo-ninja.md §1.2/§10) over a
 * minimal RFC 6455 websocket, JDK sockets only. It exists so the browser pages can be tested before
 * the signaling module's HandshakeServer is available to this module; it is not a server for
 * anything else: no limits, no TLS, one thread per client.
 *
 * <p>Thread-safe.
 */
final class ThrowawayRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ThrowawayRelay.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  private ThrowawayRelay(ServerSocket server) {
    this.server = server;
  }

  static ThrowawayRelay start() throws IOException {
    ThrowawayRelay relay =
        new ThrowawayRelay(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()));
    Thread accept = new Thread(relay::acceptLoop, "relay-accept");
    accept.setDaemon(true);
    accept.start();
    return relay;
  }

  String url() {
    return "ws://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread t = new Thread(() -> serve(socket), "relay-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          LOG.warn("accept: {}", e.toString());
        }
      }
    }
  }

  private final class Client {
    final String uuid = UUID.randomUUID().toString().replace("-", "");
    final Socket socket;
    final OutputStream out;
    volatile String room;
    volatile String streamId;

    Client(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    void send(JsonNode message) {
      byte[] payload = message.toString().getBytes(StandardCharsets.UTF_8);
      synchronized (out) {
        try {
          out.write(0x81);
          if (payload.length < 126) {
            out.write(payload.length);
          } else if (payload.length < 65536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xff);
          } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
              out.write(i >= 4 ? 0 : (payload.length >>> (8 * i)) & 0xff);
            }
          }
          out.write(payload);
          out.flush();
        } catch (IOException e) {
          LOG.debug("send to {}: {}", uuid, e.toString());
        }
      }
    }
  }

  private void serve(Socket socket) {
    Client client = null;
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String key = readHandshake(in);
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      client = new Client(socket);
      clients.put(client.uuid, client);
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int opcode = b0 & 0x0f;
        long length = b1 & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if (length > 1 << 20) {
          return;
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        if (opcode == 8) {
          return;
        } else if (opcode == 9) {
          synchronized (out) {
            out.write(0x8a);
            out.write(payload.length);
            out.write(payload);
            out.flush();
          }
        } else if (opcode == 0 || opcode == 1) {
          message.write(payload);
          if ((b0 & 0x80) != 0) {
            onText(client, message.toString(StandardCharsets.UTF_8));
            message.reset();
          }
        }
      }
    } catch (IOException | NoSuchAlgorithmException e) {
      LOG.debug("client closed: {}", e.toString());
    } finally {
      if (client != null) {
        clients.remove(client.uuid);
      }
    }
  }

  private static String readHandshake(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0 || head.length() > 16384) {
        throw new IOException("bad handshake");
      }
      head.append((char) c);
    }
    for (String line : head.toString().split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new IOException("no Sec-WebSocket-Key");
  }

  private void onText(Client from, String text) throws IOException {
    ObjectNode msg = (ObjectNode) JSON.readTree(text);
    String request = msg.path("request").asText(null);
    LOG.debug("from {}: {}", from.uuid, request != null ? request : msg.fieldNames().next());
    if ("joinroom".equals(request)) {
      from.room = msg.path("roomid").asText();
      if (msg.hasNonNull("streamID")) {
        from.streamId = msg.get("streamID").asText();
      }
      ArrayNode list = JSON.createArrayNode();
      ObjectNode joined = JSON.createObjectNode().put("request", "someonejoined");
      joined.put("UUID", from.uuid);
      if (from.streamId != null) {
        joined.put("streamID", from.streamId);
      }
      for (Client c : clients.values()) {
        if (c != from && from.room.equals(c.room)) {
          ObjectNode entry = list.addObject().put("UUID", c.uuid);
          if (c.streamId != null) {
            entry.put("streamID", c.streamId);
          }
          c.send(joined);
        }
      }
      from.send(JSON.createObjectNode().put("request", "listing").set("list", list));
    } else if ("seed".equals(request)) {
      from.streamId = msg.path("streamID").asText();
      ObjectNode added = JSON.createObjectNode().put("request", "videoaddedtoroom");
      added.put("UUID", from.uuid).put("streamID", from.streamId);
      for (Client c : clients.values()) {
        if (c != from && from.room != null && from.room.equals(c.room)) {
          c.send(added);
        }
      }
    } else if ("play".equals(request)) {
      String streamId = msg.path("streamID").asText();
      for (Client c : clients.values()) {
        if (streamId.equals(c.streamId)) {
          c.send(JSON.createObjectNode().put("request", "offerSDP").put("UUID", from.uuid));
        }
      }
    } else if (request == null && msg.hasNonNull("UUID")) {
      Client to = clients.get(msg.get("UUID").asText());
      if (to != null) {
        msg.put("UUID", from.uuid);
        to.send(msg);
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Client c : clients.values()) {
      c.socket.close();
    }
  }
}
