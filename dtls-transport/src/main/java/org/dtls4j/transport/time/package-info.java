/**
 * Time for the transport: the one clock read of dtls4j ({@code NanoClock}) and the timer heap that
 * drives every engine's retransmission timer (RFC 6347 §4.2.4), handshake deadline and idle
 * timeout on one thread ({@code TimerQueue}). Internal: not exported.
 */
package org.dtls4j.transport.time;
