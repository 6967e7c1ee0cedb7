/**
 * DTLS 1.2 over UDP (RFC 6347): sockets, threads and timers around the I/O-free engine.
 * {@code DtlsServer} listens, answers the cookie exchange and demultiplexes many peers on one
 * socket; {@code DtlsClient} connects; both hand out {@code DtlsConnection}s.
 */
module org.dtls4j.transport {
    requires transitive org.dtls4j.handshake;
    exports org.dtls4j.transport;
    exports org.dtls4j.transport.tickets;
    exports org.dtls4j.transport.restart;
}
