/**
 * Browser-test harness: a small HTTP server for the test pages (publisher.html behaves like the
 * VDO.Ninja publisher, viewer.html plays the recorder's part in JavaScript), a launcher for
 * headless Chromium and Firefox ESR that captures the pages' {@code RRPUB}/{@code RRVIEW} console
 * lines, and the checks that the JVM runs inside a network namespace with only {@code lo} (see
 * src/test/netns/bin/java). Test code only.
 */
package io.roomrecorder.cli.browser;
