/**
 * Flights and the retransmission timer: how DTLS makes its handshake reliable over an unreliable
 * transport (RFC 6347 §3.2.1, §4.2.4, §4.2.4.1, §4.1.1.1).
 *
 * <h2>Flights</h2>
 * A datagram can be lost, so DTLS retransmits, but not message by message: the unit is the
 * <em>flight</em>, the group of messages one side sends before it waits for the other. RFC 6347
 * §4.2.4 numbers the flights of a full handshake:
 *
 * <pre>
 *   Client                                          Server
 *   ------                                          ------
 *   ClientHello             --------&gt;                              Flight 1
 *
 *                           &lt;-------    HelloVerifyRequest         Flight 2
 *
 *   ClientHello             --------&gt;                              Flight 3
 *
 *                                              ServerHello    \
 *                                             Certificate*     \
 *                                       ServerKeyExchange*      Flight 4
 *                                      CertificateRequest*     /
 *                           &lt;--------      ServerHelloDone    /
 *
 *   Certificate*                                              \
 *   ClientKeyExchange                                          \
 *   CertificateVerify*                                          Flight 5
 *   [ChangeCipherSpec]                                         /
 *   Finished                --------&gt;                         /
 *
 *                                       [ChangeCipherSpec]    \ Flight 6
 *                           &lt;--------             Finished    /
 * </pre>
 *
 * (Messages marked * are sent only in some configurations.) A side that has sent a flight and
 * expects an answer starts its timer; if the timer fires first, it sends the whole flight again.
 * When the answer (the peer's next flight) arrives, the timer stops. Flight 2 is the exception:
 * RFC 6347 §3.2.1, "Note that timeout and retransmission do not apply to the HelloVerifyRequest,
 * because this would require creating state on the server." The client's timer on Flight 1 covers
 * its loss.
 *
 * <h2>The pieces of this package</h2>
 * <dl>
 *   <dt>{@link org.dtls4j.handshake.flight.OutgoingMessage}</dt>
 *   <dd>one message of a flight, with the epoch it is sent in: a handshake message or a
 *       ChangeCipherSpec.</dd>
 *   <dt>{@link org.dtls4j.handshake.flight.Flight}</dt>
 *   <dd>the immutable list of a flight's messages, which can be turned into record plaintexts
 *       ({@link org.dtls4j.handshake.flight.OutgoingRecord}) for any record size, and the rule
 *       {@link org.dtls4j.handshake.flight.Flight#fragmentBudget(int, int)} that sends
 *       retransmissions in smaller datagrams when the path seems to drop large ones
 *       (RFC 6347 §4.1.1.1).</dd>
 *   <dt>{@link org.dtls4j.handshake.flight.FlightTracker}</dt>
 *   <dd>the state machine of RFC 6347 §4.2.4 (PREPARING, SENDING, WAITING, FINISHED) in one class:
 *       our last flight, when it goes out again, and what counts as the peer retransmitting. Its
 *       class documentation draws the RFC's figure.</dd>
 *   <dt>{@link org.dtls4j.handshake.flight.RetransmitTimer}</dt>
 *   <dd>the tracker's timer (RFC 6347 §4.2.4.1): 1 second at first, doubled at each
 *       retransmission (or grown by a configured factor) up to 60 seconds, reset when the peer
 *       answers.</dd>
 *   <dt>{@link org.dtls4j.handshake.flight.RepeatAnswers}</dt>
 *   <dd>the tracker's limits on answering the peer's repeated flight: one answer per datagram,
 *       none for a copy, a few per period.</dd>
 * </dl>
 *
 * <h2>A retransmission, step by step (fake clock)</h2>
 * <pre>
 * t = 0 s    client sends Flight 1             send(flight1)         WAITING, deadline 1 s
 * t = 1 s    nothing came back                 onTimer(1 s)          true: Flight 1 again,
 *                                                                    timeout 2 s, deadline 3 s
 * t = 1.2 s  HelloVerifyRequest arrives,       send(flight3)         timer reset to 1 s,
 *            client sends Flight 3                                   WAITING, deadline 2.2 s
 * </pre>
 *
 * Nothing here reads a clock or touches a socket: time comes in as {@code long nowNanos}, and
 * the engine asks {@link org.dtls4j.handshake.flight.FlightTracker#deadlineNanos()} when it
 * next needs to be woken.
 */
package org.dtls4j.handshake.flight;
