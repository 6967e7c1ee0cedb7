package org.dtls4j.transport.io;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Where a connection's datagrams leave: a UDP socket, whichever thread owns its reading.
 * Any thread may send (a {@link java.nio.channels.DatagramChannel} allows concurrent writers).
 */
@FunctionalInterface
public interface DatagramSender {
    /**
     * Sends the remaining bytes of {@code datagram} to {@code to}. UDP semantics: false when it was
     * not sent (socket buffer full, socket closed, ICMP error reported), counted and never thrown.
     */
    boolean send(ByteBuffer datagram, SocketAddress to);
}
