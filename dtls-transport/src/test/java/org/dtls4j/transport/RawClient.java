package org.dtls4j.transport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.handshake.DtlsConfig;
import org.dtls4j.handshake.engine.DtlsEngine;
import org.dtls4j.handshake.engine.EngineState;
import org.dtls4j.handshake.message.ClientHello;

/**
 * A client engine driven by hand over one UDP socket, for tests that need what
 * {@link DtlsClient} deliberately does not allow: several associations from the same port, a client
 * that vanishes without close_notify, hand-made datagrams from an address the server knows.
 */
final class RawClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final byte[] buffer = new byte[65_535];
    private final List<byte[]> sent = new ArrayList<>();
    private DtlsEngine engine;

    RawClient(InetSocketAddress server) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.connect(server);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    DtlsEngine engine() {
        return engine;
    }

    /** Starts a new client engine on this socket, forgetting the previous one (a client restart). */
    RawClient start(DtlsConfig config) throws IOException {
        engine = DtlsEngine.client(config, new SecureRandom());
        engine.start(System.nanoTime());
        flush();
        return this;
    }

    /** Drives the engine until it is connected (or failed), at most {@code bound}. */
    EngineState handshake(Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        while (engine.state() == EngineState.HANDSHAKING && System.nanoTime() - end < 0) {
            long wake = Math.min(end, engine.nextDeadlineNanos());
            byte[] d = receiveDatagram(wake);
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
                byte[] out = new byte[b.remaining()];
                b.get(out);
                return out;
            }
            byte[] d = receiveDatagram(end);
            if (d == null) {
                return null;
            }
            engine.receive(d, System.nanoTime());
            flush();
        }
    }

    /**
     * Reads datagrams until one starts with an epoch-0 handshake record of type {@code msgType};
     * others go to the engine as usual. Null when none comes within {@code bound}.
     */
    byte[] awaitHandshakeMessage(int msgType, Duration bound) throws IOException {
        long end = System.nanoTime() + bound.toNanos();
        byte[] d;
        while ((d = receiveDatagram(end)) != null) {
            if (d.length > 13 && d[0] == 22 && d[3] == 0 && d[4] == 0 && d[13] == msgType) {
                return d;
            }
            engine.receive(d, System.nanoTime());
            flush();
        }
        return null;
    }

    /** Sends bytes as they are, from this socket's address. */
    void sendRaw(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }

    /** Every datagram the engines on this socket sent, in order. */
    List<byte[]> sent() {
        return sent;
    }

    /** The next datagram as it arrived, or null when none arrives before {@code deadlineNanos}. */
    byte[] receiveDatagram(long deadlineNanos) throws IOException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            return null;
        }
        long waitMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, waitMillis));
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, p.getLength());
    }

    private void flush() throws IOException {
        ByteBuffer out;
        while ((out = engine.pollDatagram()) != null) {
            byte[] d = new byte[out.remaining()];
            out.get(d);
            sent.add(d);
            sendRaw(d);
        }
    }

    /** The first datagram a fresh client engine sends: a ClientHello without a cookie, with a new random. */
    static byte[] cookielessHello(DtlsConfig config) {
        DtlsEngine e = DtlsEngine.client(config, new SecureRandom());
        e.start(0);
        ByteBuffer b = e.pollDatagram();
        byte[] d = new byte[b.remaining()];
        b.get(d);
        return d;
    }

    /** {@code helloDatagram} (one unfragmented ClientHello record) with its cookie replaced. */
    static byte[] withCookie(byte[] helloDatagram, byte[] cookie) throws DecodeException {
        ByteReader r = new ByteReader(helloDatagram);
        byte[] recordHeader = r.bytes(11); // type, version, epoch, sequence: kept
        r.u16();
        int msgType = r.u8();
        r.u24();
        int messageSeq = r.u16();
        r.u24();
        ClientHello hello = ClientHello.decode(r.sub(r.u24())).withCookie(cookie);
        ByteWriter body = new ByteWriter();
        hello.encode(body);
        byte[] b = body.toByteArray();
        ByteWriter w = new ByteWriter();
        w.bytes(recordHeader);
        w.lengthPrefixed16(rec -> rec.u8(msgType).u24(b.length).u16(messageSeq).u24(0).u24(b.length).bytes(b));
        return w.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
