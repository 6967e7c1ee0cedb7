package org.dtls4j.interop;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Makes {@link DtlsPeer}s of one implementation for an {@link InteropCase}. A new implementation
 * (dtls4j's own client and server) joins the matrix by implementing these two methods.
 */
public interface PeerFactory {

    /** The implementation's short name, used in reports. */
    String name();

    /**
     * A server for {@code c}, bound to 127.0.0.1 and ready to receive a ClientHello when this
     * returns (its handshake runs in {@link DtlsPeer#start}).
     */
    DtlsPeer server(InteropCase c) throws IOException;

    /** A client for {@code c} that will talk to {@code server}; nothing is sent before {@link DtlsPeer#start}. */
    DtlsPeer client(InteropCase c, InetSocketAddress server) throws IOException;

    /**
     * Whether these peers speak encrypt_then_mac (RFC 7366), so that a CBC suite between two of
     * them is encrypt-then-MAC; true unless a factory says otherwise (the JDK, Scandium, OpenSSL
     * with {@code -no_etm}).
     */
    default boolean encryptThenMac() {
        return true;
    }
}
