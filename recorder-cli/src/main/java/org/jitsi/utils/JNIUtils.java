package org.jitsi.utils;

/**
 * Room Recorder's stand-in for jitsi-utils' {@code JNIUtils} in the command-line application: it
 * loads no native library, ever.
 *
 * <p>jitsi-srtp asks this class for its optional OpenSSL JNI library ({@code libjitsisrtp_*}) the
 * first time SRTP is used, and the original class unpacks it with JNA, whose own native dispatch
 * library is loaded on the way. Refusing both keeps the process free of native code: jitsi-srtp
 * then uses the JDK's AES and HMAC-SHA1 (SunJCE, pure Java with HotSpot intrinsics). The CLI's
 * build drops the original class and JNA from the fat jar (recorder-cli/pom.xml), and this class
 * comes first on the CLI's own classpath, so its tests run the same way.
 *
 * <p>Same public signatures as the original; nothing else in the application calls it.
 */
public final class JNIUtils {
  private JNIUtils() {}

  /**
   * Refuses to load {@code libname}.
   *
   * @throws UnsatisfiedLinkError always, which jitsi-srtp treats as "library not available"
   */
  public static void loadLibrary(String libname, ClassLoader classLoader) {
    throw refused(libname);
  }

  /**
   * Refuses to load {@code libname}.
   *
   * @throws UnsatisfiedLinkError always, which jitsi-srtp treats as "library not available"
   */
  public static <T> void loadLibrary(String libname, Class<T> clazz) {
    throw refused(libname);
  }

  private static UnsatisfiedLinkError refused(String libname) {
    return new UnsatisfiedLinkError(
        "room-recorder loads no native code; "
            + libname
            + " not loaded (pure-Java crypto is used)");
  }
}
