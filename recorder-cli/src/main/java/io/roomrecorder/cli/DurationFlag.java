package io.roomrecorder.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --duration}: plain seconds ({@code 90}) or amounts with units {@code h}, {@code m},
 * {@code s}, combined in that order ({@code 30s}, {@code 10m}, {@code 1h30m}). Must be positive.
 */
final class DurationFlag implements ITypeConverter<Duration> {
  private static final Pattern UNITS =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?", Pattern.CASE_INSENSITIVE);

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim();
    Duration d;
    if (v.matches("\\d{1,9}")) {
      d = Duration.ofSeconds(Long.parseLong(v));
    } else {
      Matcher m = UNITS.matcher(v);
      if (v.isEmpty() || !m.matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration (use e.g. 90, 30s, 10m, 1h30m)");
      }
      d = Duration.ZERO;
      if (m.group(1) != null) {
        d = d.plusHours(Long.parseLong(m.group(1)));
      }
      if (m.group(2) != null) {
        d = d.plusMinutes(Long.parseLong(m.group(2)));
      }
      if (m.group(3) != null) {
        d = d.plusSeconds(Long.parseLong(m.group(3)));
      }
    }
    if (d.isZero()) {
      throw new TypeConversionException("the duration must be longer than 0 s: " + value);
    }
    return d;
  }
}
