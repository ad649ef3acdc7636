/**
 * Reusable test fixtures for ICE: a real coturn TURN server on 127.0.0.1 ({@link
 * io.roomrecorder.ice.testing.Coturn}) and two connected agents in one JVM ({@link
 * io.roomrecorder.ice.testing.AgentPair}). Shipped in the ice-agent test-jar for recorder-core.
 */
package io.roomrecorder.ice.testing;
