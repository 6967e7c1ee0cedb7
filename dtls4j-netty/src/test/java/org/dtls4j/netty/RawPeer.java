package org.dtls4j.netty;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;

/**
 * A client engine driven by hand over a plain UDP socket: the test decides which socket a datagram
 * leaves from (a NAT rebinding is a new socket) and when a new association starts from the same
 * address (RFC 6347 §4.2.8). Every wait is bounded by {@link Await#WAIT}.
 */
final class RawPeer implements AutoCloseable {
    private final InetSocketAddress server;
    private final DtlsConfig config;
    DatagramSocket socket;
    DtlsEngine engine;

    RawPeer(InetSocketAddress server, DtlsConfig config) throws IOException {
        this.server = server;
        this.config = config;
        this.socket = newSocket();
    }

    static DatagramSocket newSocket() throws IOException {
        return new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** A new association from the current socket; returns when it is connected. */
    RawPeer handshake() throws IOException {
        engine = DtlsEngine.client(config, new SecureRandom());
        engine.start(System.nanoTime());
        long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (engine.state() == EngineState.HANDSHAKING) {
            flush();
            long now = System.nanoTime();
            if (now - deadline > 0) {
                throw new AssertionError("no handshake within " + Await.WAIT);
            }
            long wait = Math.min(engine.nextDeadlineNanos(), deadline) - now;
            byte[] in = receiveDatagram(Math.max(1, wait / 1_000_000));
            if (in != null) {
                engine.receive(in, System.nanoTime());
            } else {
                engine.onDeadline(System.nanoTime());
            }
        }
        flush();
        if (engine.state() != EngineState.CONNECTED) {
            throw new AssertionError("handshake ended " + engine.state(), engine.failure());
        }
        return this;
    }

    /** Sends {@code data} as one record from the current socket and returns the first datagram back. */
    byte[] echo(byte[] data) throws IOException {
        engine.send(data);
        flush();
        long deadline = System.nanoTime() + Await.WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            byte[] in = receiveDatagram(50);
            if (in != null) {
                engine.receive(in, System.nanoTime());
                flush();
                ByteBuffer app = engine.pollApplicationData();
                if (app != null) {
                    byte[] out = new byte[app.remaining()];
                    app.get(out);
                    return out;
                }
            }
        }
        throw new AssertionError("no answer within " + Await.WAIT);
    }

    /** Sends a raw datagram from the current socket. */
    void sendRaw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /** The next datagram on the current socket within {@code millis}, or null. */
    byte[] receiveDatagram(long millis) throws IOException {
        byte[] buf = new byte[20_000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(buf, p.getLength());
    }

    private void flush() throws IOException {
        for (ByteBuffer d; (d = engine.pollDatagram()) != null; ) {
            sendRaw(java.util.Arrays.copyOfRange(d.array(), d.arrayOffset() + d.position(), d.arrayOffset() + d.limit()));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
