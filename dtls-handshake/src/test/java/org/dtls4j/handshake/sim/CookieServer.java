package org.dtls4j.handshake.sim;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.cookie.CookieExchange;

/**
 * A server as a transport runs it, for the simulated link: datagrams go through the stateless
 * {@link CookieExchange} until one carries a valid cookie (RFC 6347 §4.2.1); only then is a
 * {@link DtlsEngine} created, and everything after goes to it.
 */
public final class CookieServer {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

    private final DtlsConfig config;
    private final SecureRandom random;
    private final CookieExchange cookies;
    private final ArrayDeque<ByteBuffer> verifies = new ArrayDeque<>();
    private DtlsEngine engine;
    private int helloVerifyRequests;

    public CookieServer(DtlsConfig config, SecureRandom random) {
        this.config = config;
        this.random = random;
        this.cookies = new CookieExchange(random, Duration.ofSeconds(30), config.providers());
    }

    public void receive(byte[] datagram, long now) {
        if (engine != null) {
            engine.receive(datagram, now);
            return;
        }
        CookieExchange.Result r = cookies.check(datagram, 0, datagram.length, PEER, now);
        if (r instanceof CookieExchange.Verify) {
            helloVerifyRequests++;
            verifies.add(ByteBuffer.wrap(((CookieExchange.Verify) r).datagram()));
        } else if (r instanceof CookieExchange.Accept) {
            engine = DtlsEngine.server(config, random, (CookieExchange.Accept) r);
            engine.start(now);
        }
    }

    public ByteBuffer pollDatagram() {
        ByteBuffer v = verifies.poll();
        return v != null || engine == null ? v : engine.pollDatagram();
    }

    public long nextDeadlineNanos() {
        return engine == null ? Long.MAX_VALUE : engine.nextDeadlineNanos();
    }

    public void onDeadline(long now) {
        if (engine != null) {
            engine.onDeadline(now);
        }
    }

    public EngineState state() {
        return engine == null ? EngineState.NEW : engine.state();
    }

    /** The engine, once a ClientHello with a valid cookie arrived; else null. */
    public DtlsEngine engine() {
        return engine;
    }

    public int helloVerifyRequests() {
        return helloVerifyRequests;
    }

    public CookieExchange cookies() {
        return cookies;
    }
}
