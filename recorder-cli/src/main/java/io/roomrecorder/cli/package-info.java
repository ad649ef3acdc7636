/**
 * The room-recorder command line: argument parsing, logging setup, live status and exit codes. No
 * protocol logic lives here.
 */
package io.roomrecorder.cli;
