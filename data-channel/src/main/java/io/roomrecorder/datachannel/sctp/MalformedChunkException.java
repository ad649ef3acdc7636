package io.roomrecorder.datachannel.sctp;

/**
 * Thrown by {@link ChunkView} accessors for a field outside the chunk. Caught inside the
 * association (the packet is dropped and counted); it never crosses the module boundary. No stack
 * trace is filled in: it is ordinary control flow for hostile input.
 */
public final class MalformedChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedChunkException(String message) {
    super(message, null, false, false);
  }
}
