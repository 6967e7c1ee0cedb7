package org.dtls4j.handshake.message;

import java.util.Arrays;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.Checks;
import org.dtls4j.codec.DecodeException;

/**
 * The NewSessionTicket body (RFC 5077 §3.3): a ticket the server gives the client, opaque to the
 * client, which presents it in the SessionTicket extension of a later ClientHello to resume.
 *
 * <pre>
 * struct {
 *     uint32 ticket_lifetime_hint;
 *     opaque ticket&lt;0..2^16-1&gt;;
 * } NewSessionTicket;
 * </pre>
 *
 * RFC 5077 §3.3: "The ticket_lifetime_hint field contains a hint from the server about how long the
 * ticket should be stored. The value indicates the lifetime in seconds ... A value of zero is
 * reserved to indicate that the lifetime of the ticket is unspecified." An empty ticket says the
 * server decided, after promising one in its ServerHello, not to issue one.
 *
 * @param lifetimeHintSeconds ticket_lifetime_hint, 0 to 2^32-1
 * @param ticket              the ticket, at most 2^16-1 bytes
 */
public record NewSessionTicket(long lifetimeHintSeconds, byte[] ticket) implements HandshakeMessage {

    public NewSessionTicket {
        Checks.require(lifetimeHintSeconds >= 0 && lifetimeHintSeconds <= 0xFFFF_FFFFL,
                "ticket_lifetime_hint out of range: ", lifetimeHintSeconds);
        ticket = Checks.copy(ticket, 0xFFFF, "ticket");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public byte[] ticket() {
        return ticket.clone();
    }

    @Override
    public void encode(ByteWriter w) {
        w.u32(lifetimeHintSeconds).opaque16(ticket);
    }

    public static NewSessionTicket decode(byte[] body) throws DecodeException {
        ByteReader r = new ByteReader(body);
        long hint = r.u32();
        byte[] ticket = r.opaque16();
        r.expectEmpty("NewSessionTicket");
        return new NewSessionTicket(hint, ticket);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewSessionTicket n && n.lifetimeHintSeconds == lifetimeHintSeconds
                && Arrays.equals(n.ticket, ticket);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(lifetimeHintSeconds) + Arrays.hashCode(ticket);
    }

    @Override
    public String toString() {
        return "NewSessionTicket[lifetime_hint=" + lifetimeHintSeconds + "s, ticket=" + ticket.length + " bytes]";
    }
}
