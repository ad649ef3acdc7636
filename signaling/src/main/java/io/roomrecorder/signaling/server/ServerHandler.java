package io.roomrecorder.signaling.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.roomrecorder.signaling.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection: feeds completed handshakes, text frames and closes into
 * the {@link HandshakeProtocol}. Runs on the server's single I/O thread.
 */
final class ServerHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);

  private final HandshakeProtocol protocol;
  private boolean open;

  /** A connection must finish the websocket upgrade this fast (no idle half-open sockets). */
  private final long upgradeTimeoutMs;

  ServerHandler(HandshakeProtocol protocol, long upgradeTimeoutMs) {
    this.protocol = protocol;
    this.upgradeTimeoutMs = upgradeTimeoutMs;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.executor()
        .schedule(
            () -> {
              if (!open && ctx.channel().isActive()) {
                protocol.drops.drop(
                    DropReason.EXPIRED,
                    "no websocket upgrade from "
                        + ctx.channel().remoteAddress()
                        + " within "
                        + upgradeTimeoutMs
                        + " ms; closing");
                ctx.close();
              }
            },
            upgradeTimeoutMs,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      open = protocol.connected(ctx.channel(), System.nanoTime());
      if (!open) {
        ctx.close();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!open) {
      return;
    }
    if (frame instanceof TextWebSocketFrame text) {
      protocol.handle(ctx.channel(), text.text(), System.nanoTime());
    } else {
      protocol.drops.drop(
          DropReason.WRONG_TYPE, "binary frame from " + ctx.channel().remoteAddress());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (open) {
      protocol.disconnected(ctx.channel());
      open = false;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException
        || (cause instanceof CorruptedWebSocketFrameException c
            && c.getMessage() != null
            && c.getMessage().contains("Max frame length"))) {
      protocol.drops.drop(
          DropReason.OVERSIZED,
          "frame over the hard limit from " + ctx.channel().remoteAddress() + "; closing");
    } else if (cause instanceof CorruptedFrameException) {
      protocol.drops.drop(
          DropReason.MALFORMED_JSON,
          "corrupt websocket frame from " + ctx.channel().remoteAddress() + "; closing");
    } else {
      LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
