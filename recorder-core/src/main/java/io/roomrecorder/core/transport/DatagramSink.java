package io.roomrecorder.core.transport;

/**
 * Receives datagrams pushed by a {@link DatagramPort} (or by the demux, one class of them).
 *
 * <p>Buffer ownership: borrowed. The bytes are valid only during the call; the caller reuses the
 * array as soon as it returns, so copy what you keep. Implementations must not block and must not
 * throw: bad input is dropped and counted.
 */
@FunctionalInterface
public interface DatagramSink {
  void handle(byte[] buffer, int offset, int length);
}
