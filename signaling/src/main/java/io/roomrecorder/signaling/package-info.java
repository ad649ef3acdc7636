/**
 * VDO.Ninja signaling: message model and codec, the sans-IO protocol session, password hashing and
 * payload encryption. Netty and Jackson stay inside this module.
 */
package io.roomrecorder.signaling;
