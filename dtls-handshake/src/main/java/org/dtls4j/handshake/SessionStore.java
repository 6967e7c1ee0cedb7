package org.dtls4j.handshake;

/**
 * Where a server keeps the sessions it can resume by session ID (RFC 5246 §7.3): by default the
 * in-memory {@link SessionCache}; another implementation may share sessions between the servers
 * of a fleet, or keep them across a restart (docs/SCALING.md weighs this against session tickets,
 * which need no store at all).
 *
 * <p>Called from every connection of a server, on the threads that run handshakes: implementations
 * must be thread-safe, and should answer quickly (a slow {@link #get} holds up that handshake). A
 * session holds its master secret: a store outside the process must protect it as it would a
 * private key. {@link #get} is asked only for the IDs clients send, which are attacker-chosen.
 */
public interface SessionStore {

    /** Keeps {@code session} under its {@link DtlsSession#sessionId()} (never empty here). */
    void put(DtlsSession session);

    /** The session with this ID, or {@code null}: the client then gets a full handshake. */
    DtlsSession get(byte[] sessionId);

    /** Forgets the session with this ID, if there is one. */
    void remove(byte[] sessionId);
}
