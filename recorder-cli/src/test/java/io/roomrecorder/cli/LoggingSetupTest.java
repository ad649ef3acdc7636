package io.roomrecorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The production logback.xml and the JUL bridge. */
class LoggingSetupTest {

  static LoggerContext production() throws Exception {
    URL config = LoggingSetupTest.class.getResource("/logback.xml");
    assertThat(config).as("src/main/resources/logback.xml on the classpath").isNotNull();
    LoggerContext context = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(config);
    return context;
  }

  static String render(
      LoggerContext context,
      String logger,
      String appender,
      Level level,
      String stream,
      String msg) {
    Logger l = context.getLogger(logger);
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) l.getAppender(appender);
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), l, level, msg, null, null);
    event.setMDCPropertyMap(stream == null ? Map.of() : Map.of("stream", stream));
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void eventLinesShowTheStreamFromTheMdcInBrackets() throws Exception {
    LoggerContext context = production();

    assertThat(
            render(
                context,
                "room-recorder",
                "EVENTS",
                Level.INFO,
                "cam1",
                "ICE connection state: CHECKING"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[cam1\\] ICE connection state: CHECKING\\R");
    assertThat(render(context, "room-recorder", "EVENTS", Level.INFO, null, "Connected"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} Connected\\R");
    assertThat(
            render(
                context,
                "room-recorder",
                "EVENTS",
                Level.ERROR,
                "cam1",
                "Connection state: FAILED"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR \\[cam1\\] Connection state: FAILED\\R");
    context.stop();
  }

  @Test
  void libraryLinesShowLevelStreamAndLogger() throws Exception {
    LoggerContext context = production();

    assertThat(render(context, "ROOT", "STDERR", Level.WARN, "cam1", "late packet"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[cam1\\] ROOT - late packet\\R");
    assertThat(render(context, "ROOT", "STDERR", Level.INFO, null, "hello"))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ROOT - hello\\R");
    context.stop();
  }

  @Test
  void ice4jJitsiAndNettyAreAtWarnByDefault() throws Exception {
    LoggerContext context = production();

    for (String lib : LoggingSetup.LIBRARIES) {
      assertThat(context.getLogger(lib).getLevel()).as(lib).isEqualTo(Level.WARN);
    }
    assertThat(context.getLogger("room-recorder").isAdditive()).isFalse();
    context.stop();
  }

  @Test
  void javaUtilLoggingFromIce4jReachesLogback() {
    LoggingSetup.configure(LoggingSetup.LogLevel.INFO);
    Logger ice4j = (Logger) LoggerFactory.getLogger("org.ice4j.ice.Agent");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    ice4j.addAppender(captured);
    try {
      java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.ice4j.ice.Agent");
      jul.warning("no candidate pair succeeded");
      jul.info("harvesting"); // below WARN: dropped

      assertThat(captured.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly("no candidate pair succeeded");
    } finally {
      ice4j.detachAppender(captured);
    }
  }

  @Test
  void onATerminalLogLinesArePrintedAboveTheTable() throws Exception {
    LoggerContext context = production();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LiveScreen screen = new LiveScreen(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    screen.showTable(List.of("HEADER", "row"));
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) context.getLogger("room-recorder").getAppender("EVENTS");
    LoggingSetup.ScreenAppender appender =
        new LoggingSetup.ScreenAppender(
            screen,
            ((ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent>)
                    console.getEncoder())
                .getLayout());
    appender.setContext(context);
    appender.start();
    Logger l = context.getLogger("room-recorder");
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), l, Level.INFO, "Recording to: f.ts", null, null);
    event.setMDCPropertyMap(Map.of("stream", "cam1"));

    appender.doAppend(event);

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .matches(
            "(?s)HEADER\nrow\n\r\u001b\\[2A\u001b\\[J\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[cam1\\] Recording to: f\\.ts\\R+HEADER\nrow\n");
    context.stop();
  }
}
