package io.roomrecorder.api;

import java.util.Objects;

/**
 * A TURN server: {@code turn:host:port?transport=udp|tcp} or {@code turns:host:port}, with the
 * long-term credentials to use.
 *
 * @param url the TURN URL (RFC 7065)
 * @param username the user name, or {@code null} when the URL carries it
 * @param password the password, or {@code null} when the URL carries it
 */
public record TurnServer(String url, String username, String password) {
  public TurnServer {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("turn:") && !url.startsWith("turns:")) {
      throw new IllegalArgumentException("a TURN URL starts with turn: or turns: — " + url);
    }
  }

  @Override
  public String toString() {
    return "TurnServer[" + url + ", user=" + username + "]";
  }
}
