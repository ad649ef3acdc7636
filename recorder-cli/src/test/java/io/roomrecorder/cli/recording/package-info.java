/** End-to-end recordings of real browsers publishing like VDO.Ninja; run in the test namespace. */
package io.roomrecorder.cli.recording;
