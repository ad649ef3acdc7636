/**
 * A Java publisher that behaves like a VDO.Ninja browser: for tests, the offline demo and load
 * generation. Never needed by the library at run time.
 */
package io.roomrecorder.testpeer;
