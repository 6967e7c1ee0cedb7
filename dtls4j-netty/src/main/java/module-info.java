/**
 * DTLS 1.2 (RFC 6347) for Netty datagram pipelines.
 */
module org.dtls4j.netty {
    requires transitive org.dtls4j.handshake;
    requires transitive io.netty.transport;
    requires transitive io.netty.buffer;
    requires transitive io.netty.common;
    exports org.dtls4j.netty;
}
