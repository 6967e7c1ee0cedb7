/**
 * Session tickets (RFC 5077): the server's session state, sealed under a key only the servers
 * hold and kept by the client, so that any server holding the key resumes the session without a
 * cache (RFC 5077 §1: "the server ... encapsulates the session state into a ticket").
 *
 * <p>{@link org.dtls4j.handshake.ticket.TicketFormat} is the ticket's layout (RFC 5077 §4, with an
 * AEAD instead of CBC and HMAC); {@link org.dtls4j.handshake.ticket.TicketKeys} is where the keys
 * come from, rotated by {@link org.dtls4j.handshake.ticket.RotatingTicketKeys} in one process or
 * shared by a fleet; {@link org.dtls4j.handshake.ticket.SessionTickets} is the server's
 * configuration (keys, lifetime, wall clock) and its counters. This package knows nothing of the
 * handshake: the {@code protocol} package turns a ticket's state into a session and back.
 */
package org.dtls4j.handshake.ticket;
