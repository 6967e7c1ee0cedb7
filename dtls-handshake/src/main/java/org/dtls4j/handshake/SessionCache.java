package org.dtls4j.handshake;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's bounded cache of resumable sessions, keyed by session ID (RFC 5246 §7.3), least
 * recently used evicted first: the default {@link SessionStore}. Thread-safe: one cache serves
 * every connection of a server.
 */
public final class SessionCache implements SessionStore {
    private final int capacity;
    private final Map<ByteBuffer, DtlsSession> sessions;

    public SessionCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity < 0");
        }
        this.capacity = capacity;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, DtlsSession> eldest) {
                return size() > SessionCache.this.capacity;
            }
        };
    }

    @Override
    public synchronized void put(DtlsSession session) {
        if (capacity > 0) {
            sessions.put(ByteBuffer.wrap(session.sessionId()), session);
        }
    }

    @Override
    public synchronized DtlsSession get(byte[] sessionId) {
        return sessionId.length == 0 ? null : sessions.get(ByteBuffer.wrap(sessionId.clone()));
    }

    @Override
    public synchronized void remove(byte[] sessionId) {
        sessions.remove(ByteBuffer.wrap(sessionId.clone()));
    }

    public synchronized int size() {
        return sessions.size();
    }
}
