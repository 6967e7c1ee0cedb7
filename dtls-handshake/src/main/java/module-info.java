/**
 * The DTLS 1.2 handshake (RFC 6347 §4.2) and the I/O-free {@code DtlsEngine}.
 */
module org.dtls4j.handshake {
    requires transitive org.dtls4j.record;
    // JDK Flight Recorder events (engine.JfrEvents). A module of the JDK, not a dependency; a plain
    // (not static) requires, so that jlink puts it into an image made for an application.
    requires jdk.jfr;
    exports org.dtls4j.handshake;
    exports org.dtls4j.handshake.engine;
    exports org.dtls4j.handshake.cookie;
    exports org.dtls4j.handshake.message;
    exports org.dtls4j.handshake.extension;
    exports org.dtls4j.handshake.ticket;
}
