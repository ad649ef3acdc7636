package io.roomrecorder.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Process-wide logging for the real command line (never in tests): routes java.util.logging (which
 * ice4j uses) into SLF4J, applies {@code --log-level}, keeps ice4j, jitsi and Netty at WARN unless
 * the level is TRACE, and, on a terminal, sends every log line through the {@link LiveScreen} so
 * that it scrolls above the status table. The patterns live in src/main/resources/logback.xml.
 */
final class LoggingSetup {
  /** {@code --log-level} values. */
  enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG,
    TRACE
  }

  static final String[] LIBRARIES = {"org.ice4j", "org.jitsi", "io.netty"};

  private LoggingSetup() {}

  /** Installs the JUL bridge and sets levels. */
  static void configure(LogLevel level) {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    LoggerContext context = context();
    if (context == null) {
      return;
    }
    Level l = Level.toLevel(level.name().toLowerCase(Locale.ROOT), Level.INFO);
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(l);
    context.getLogger("io.roomrecorder").setLevel(l);
    context.getLogger(RecordingSession.EVENTS.getName()).setLevel(l);
    for (String lib : LIBRARIES) {
      context.getLogger(lib).setLevel(level == LogLevel.TRACE ? Level.DEBUG : Level.WARN);
    }
    for (String[] noise : EXPECTED_NOISE) {
      context
          .getLogger(noise[0])
          .setLevel(level == LogLevel.TRACE ? Level.DEBUG : Level.toLevel(noise[1]));
    }
  }

  /**
   * Library loggers whose messages are expected in this application, and their level unless TRACE.
   * jitsi-srtp's OpenSSL provider warns with a stack trace that its JNI library is missing: this
   * application refuses to load it on purpose (org.jitsi.utils.JNIUtils here; no native code, SRTP
   * uses the JDK's AES and HMAC). jitsi's config loader announces itself at INFO under a logger
   * outside org.jitsi. ice4j's ComponentSocket reports, even at ERROR, the removal of the selected
   * pair's socket whenever an agent closes normally.
   */
  static final String[][] EXPECTED_NOISE = {
    {"org.jitsi.srtp.crypto.JitsiOpenSslProvider", "ERROR"},
    {"JitsiConfig", "WARN"},
    {"org.ice4j.ice.ComponentSocket", "OFF"}
  };

  /** Sets one logger's level (e.g. the demo keeps its own publishers at WARN). */
  static void level(String logger, LogLevel level) {
    LoggerContext context = context();
    if (context != null) {
      context.getLogger(logger).setLevel(Level.toLevel(level.name(), Level.INFO));
    }
  }

  /** Replaces every console appender with one that prints through {@code screen}. */
  static void routeThrough(LiveScreen screen) {
    LoggerContext context = context();
    if (context == null) {
      return;
    }
    for (Logger logger : context.getLoggerList()) {
      List<Appender<ILoggingEvent>> replace = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> a = it.next();
        if (a instanceof ConsoleAppender<ILoggingEvent>) {
          replace.add(a);
        }
      }
      for (Appender<ILoggingEvent> a : replace) {
        Encoder<ILoggingEvent> encoder = ((ConsoleAppender<ILoggingEvent>) a).getEncoder();
        if (!(encoder instanceof LayoutWrappingEncoder<ILoggingEvent> wrapping)) {
          continue;
        }
        ScreenAppender screenAppender = new ScreenAppender(screen, wrapping.getLayout());
        screenAppender.setContext(context);
        screenAppender.setName(a.getName() + "-screen");
        screenAppender.start();
        logger.addAppender(screenAppender);
        logger.detachAppender(a);
      }
    }
  }

  private static LoggerContext context() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext c ? c : null;
  }

  /** A logback appender that prints formatted lines above the live status table. */
  static final class ScreenAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final LiveScreen screen;
    private final Layout<ILoggingEvent> layout;

    ScreenAppender(LiveScreen screen, Layout<ILoggingEvent> layout) {
      this.screen = screen;
      this.layout = layout;
    }

    @Override
    protected void append(ILoggingEvent event) {
      screen.printAbove(layout.doLayout(event));
    }
  }
}
