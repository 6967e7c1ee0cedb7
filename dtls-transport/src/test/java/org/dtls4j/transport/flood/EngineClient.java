package org.dtls4j.transport.flood;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * A client engine driven by hand over one raw {@link Udp} socket: it can restart on the same port,
 * stop answering in the middle of a handshake, and send hand-made datagrams from the address the
 * server knows it by.
 */
final class EngineClient implements AutoCloseable {
    private final Udp udp;
    private final InetSocketAddress server;
    private final List<byte[]> sent = new ArrayList<>();
    private DtlsEngine engine;

    EngineClient(InetSocketAddress server) throws IOException {
        this.udp = new Udp();
        this.server = server;
    }

    Udp udp() {
        return udp;
    }

    DtlsEngine engine() {
        return engine;
    }

    /** Every datagram the engines on this socket sent, in order. */
    List<byte[]> sent() {
        return sent;
    }

    /** A new engine on this socket (a client restart): its ClientHello goes out at once. */
    EngineClient start(DtlsConfig config) throws IOException {
        engine = DtlsEngine.client(config, new SecureRandom());
        engine.start(System.nanoTime());
        flush();
        return this;
    }

    /**
     * Runs the cookie exchange and sends the ClientHello with the cookie, then stops: the server
     * now holds a handshake for this address that will never go on. True if the exchange worked.
     */
    boolean stallAfterCookie(Duration bound) throws IOException {
        byte[] verify = awaitHandshakeMessage(Hellos.HELLO_VERIFY_REQUEST, bound);
        if (verify == null) {
            return false;
        }
        deliver(verify);
        return true;
    }

    /** Drives the engine until it is connected or failed, at most {@code bound}. */
    EngineState handshake(Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        while (engine.state() == EngineState.HANDSHAKING && System.nanoTime() - end < 0) {
            long wake = Math.min(end, engine.nextDeadlineNanos());
            byte[] d = udp.receive(Duration.ofNanos(Math.max(1, wake - System.nanoTime())));
            if (d != null) {
                engine.receive(d, System.nanoTime());
            } else {
                engine.onDeadline(System.nanoTime());
            }
            flush();
        }
        return engine.state();
    }

    /** Hands one received datagram to the engine and sends whatever it answers. */
    void deliver(byte[] datagram) throws IOException {
        engine.receive(datagram, System.nanoTime());
        flush();
    }

    void send(byte[] data) throws IOException {
        engine.send(data);
        flush();
    }

    /** The next application datagram, or null when none arrives within {@code bound}. */
    byte[] receiveApplicationData(Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            ByteBuffer b = engine.pollApplicationData();
            if (b != null) {
                return Hellos.bytes(b);
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            byte[] d = udp.receive(Duration.ofNanos(left));
            if (d == null) {
                return null;
            }
            engine.receive(d, System.nanoTime());
            flush();
        }
    }

    /**
     * Reads datagrams until one is an epoch-0 handshake record whose first message is of type
     * {@code msgType}; others go to the engine. Null when none comes within {@code bound}.
     */
    byte[] awaitHandshakeMessage(int msgType, Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            byte[] d = left > 0 ? udp.receive(Duration.ofNanos(left)) : null;
            if (d == null) {
                return null;
            }
            if (d.length > 13 && d[0] == Hellos.HANDSHAKE && d[3] == 0 && d[4] == 0 && d[13] == msgType) {
                return d;
            }
            engine.receive(d, System.nanoTime());
            flush();
        }
    }

    /** Sends bytes as they are, from this socket's address. */
    void sendRaw(byte[] d) throws IOException {
        if (!udp.send(d, server)) {
            throw new IOException("socket buffer full");
        }
    }

    private void flush() throws IOException {
        ByteBuffer out;
        while ((out = engine.pollDatagram()) != null) {
            byte[] d = Hellos.bytes(out);
            sent.add(d);
            sendRaw(d);
        }
    }

    @Override
    public void close() throws IOException {
        udp.close();
    }
}
