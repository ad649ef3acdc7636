/** Tests of the EBML primitives. */
package io.roomrecorder.webm.ebml;
