/** JMH benchmarks, run by hand; never pass/fail tests. */
package io.roomrecorder.bench;
