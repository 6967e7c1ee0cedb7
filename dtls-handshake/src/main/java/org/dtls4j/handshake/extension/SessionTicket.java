package org.dtls4j.handshake.extension;

/**
 * The SessionTicket extension (RFC 5077 §3.2). In a ClientHello its data is the ticket to resume
 * with, or empty to ask for a new ticket; in a ServerHello it is always empty and promises a
 * NewSessionTicket message (RFC 5077 §3.2: "The server uses a zero-length SessionTicket extension
 * to indicate to the client that it will send a new session ticket").
 *
 * <pre>
 * struct {
 *     opaque ticket&lt;0..2^16-1&gt;;     // the whole extension_data; no length of its own
 * } SessionTicket;
 * </pre>
 *
 * @param ticket the ticket; empty when none is presented
 */
public record SessionTicket(byte[] ticket) {
    public static final ExtensionType TYPE = ExtensionType.SESSION_TICKET;
    /** The empty extension: a client asking for a ticket, or a server promising one. */
    public static final SessionTicket EMPTY = new SessionTicket(new byte[0]);

    public SessionTicket {
        if (ticket.length > 0xFFFF) {
            throw new IllegalArgumentException("a ticket is at most 65535 bytes, got " + ticket.length);
        }
        ticket = ticket.clone();
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    /** Whether a ticket is presented (a ClientHello's extension that is not empty). */
    public boolean presentsTicket() {
        return ticket.length > 0;
    }

    /** The extension_data is the ticket itself (RFC 5077 §3.2), so every byte string decodes. */
    public static SessionTicket decode(byte[] data) {
        return new SessionTicket(data);
    }

    public byte[] encode() {
        return ticket.clone();
    }

    public Extension toExtension() {
        return Extension.of(TYPE, ticket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionTicket s && java.util.Arrays.equals(s.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ticket);
    }

    @Override
    public String toString() {
        return "SessionTicket[" + ticket.length + " bytes]";
    }
}
