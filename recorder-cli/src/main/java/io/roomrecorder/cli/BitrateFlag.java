package io.roomrecorder.cli;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --bitrate}: bits per second, plain ({@code 2500000}) or with a decimal SI prefix
 * ({@code 2500k}, {@code 2.5M}, also {@code 2.5Mbit}, {@code 2.5mbps}); must be positive and at
 * most 1 Gbit/s. Stateless.
 */
final class BitrateFlag implements ITypeConverter<Long> {
  static final long MAX = 1_000_000_000L;

  private static final Pattern VALUE =
      Pattern.compile("(\\d{1,10}(?:\\.\\d{1,6})?)\\s*([km]?)(?:bit/s|bits|bit|bps|b/s)?");

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    Matcher m = VALUE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a bit rate (use e.g. 2500000, 2500k, 2.5M)");
    }
    BigDecimal v = new BigDecimal(m.group(1));
    switch (m.group(2)) {
      case "k" -> v = v.scaleByPowerOfTen(3);
      case "m" -> v = v.scaleByPowerOfTen(6);
      default -> {}
    }
    if (v.signum() <= 0 || v.compareTo(BigDecimal.valueOf(MAX)) > 0) {
      throw new TypeConversionException(
          "the bit rate must be between 1 bit/s and 1 Gbit/s: " + value);
    }
    return v.longValue();
  }
}
