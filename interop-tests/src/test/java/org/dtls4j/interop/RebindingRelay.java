package org.dtls4j.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A NAT in front of one client, on loopback: the client sends to the relay's front socket, and the
 * relay forwards to the server from its <em>outside</em> socket, whose address is the one the
 * server sees. {@link #rebind} moves the outside to a fresh socket (a new port, and with
 * {@code 127.0.0.2} a new address), as a NAT does when its binding expired or the device moved:
 * from then on the server's datagrams to the old address are lost.
 *
 * <pre>
 *   client  --&gt;  [front]  relay  [outside 127.0.0.1:p1]  --&gt;  server
 *                               after rebind(127.0.0.2):
 *                               [outside 127.0.0.2:p2]  --&gt;  server
 * </pre>
 *
 * Every datagram is written down ({@link #seen()}): its direction, the outside address it went
 * through, and the content type and epoch of its first record (RFC 6347 §4.1; with a Connection
 * ID, RFC 9146 §4, the type is tls12_cid(25) and the epoch sits where it always does). A test
 * asserts from this capture, not from either peer's counters, that records of type 25 crossed
 * and that no new handshake (an epoch-0 handshake record) started after a rebinding. The relay
 * stops by itself after its lifetime; {@link #close()} stops it at once.
 */
public final class RebindingRelay implements AutoCloseable {
    /** Which way a datagram travels. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /**
     * One datagram the relay forwarded (or lost, after a rebinding).
     *
     * @param head the datagram's first {@value #HEAD} bytes (fewer if it is shorter): the first
     *             record's header, with a CID if it has one
     */
    public record Seen(long index, Direction direction, InetSocketAddress outside, int length, int firstType, int firstEpoch,
                boolean delivered, byte[] head) {
        /** How many leading bytes of each datagram are kept: a header with the longest CID (RFC 9146 §4). */
        static final int HEAD = 13 + 255;

        /** An epoch-0 handshake record: a handshake (re)starting. */
        public boolean isEpochZeroHandshake() {
            return firstType == 22 && firstEpoch == 0;
        }

        /** A record of content type tls12_cid (RFC 9146 §4). */
        public boolean isCidRecord() {
            return firstType == 25;
        }

        /**
         * The CID of the first record, read with the {@code length} its receiver asked for (the
         * header does not carry it, RFC 9146 §4): the bytes after the 48-bit sequence number.
         */
        byte[] cid(int length) {
            if (!isCidRecord() || head.length < 11 + length) {
                throw new IllegalStateException("no " + length + "-byte CID in " + this);
            }
            return Arrays.copyOfRange(head, 11, 11 + length);
        }

        @Override
        public String toString() {
            return "#" + index + " " + (direction == Direction.CLIENT_TO_SERVER ? "c->s" : "s->c") + " via " + outside
                    + " type " + firstType + " epoch " + firstEpoch + ", " + length + " bytes"
                    + (delivered ? "" : ", lost");
        }
    }

    private static final int POLL_MILLIS = 50;

    private final InetSocketAddress server;
    private final Deadline stopAt;
    private final DatagramSocket front;
    private final Thread frontThread;
    private final List<Seen> seen = new ArrayList<>();
    private final List<Thread> outsideThreads = new ArrayList<>();
    private volatile DatagramSocket outside;
    private volatile InetSocketAddress client;
    private volatile boolean closed;

    public RebindingRelay(InetSocketAddress server, Duration lifetime) throws SocketException {
        this.server = server;
        this.stopAt = Deadline.in(lifetime);
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        front.setSoTimeout(POLL_MILLIS);
        front.setReceiveBufferSize(1 << 20);
        rebind(InetAddress.getLoopbackAddress());
        this.frontThread = new Thread(this::clientToServer, "nat-c2s");
        frontThread.setDaemon(true);
        frontThread.start();
    }

    /** Where the client sends. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** The address the server sees now. */
    public InetSocketAddress outside() {
        return (InetSocketAddress) outside.getLocalSocketAddress();
    }

    /**
     * The NAT's binding changes: a new outside socket on {@code local} (a loopback address) with a
     * new port carries the client's next datagrams; the old one is closed.
     */
    public synchronized void rebind(InetAddress local) throws SocketException {
        if (!local.isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback addresses only: " + local);
        }
        DatagramSocket next = new DatagramSocket(new InetSocketAddress(local, 0));
        next.setSoTimeout(POLL_MILLIS);
        next.setReceiveBufferSize(1 << 20);
        DatagramSocket previous = outside;
        outside = next;
        Thread t = new Thread(() -> serverToClient(next), "nat-s2c-" + next.getLocalPort());
        t.setDaemon(true);
        outsideThreads.add(t);
        t.start();
        if (previous != null) {
            previous.close();
        }
    }

    /** Everything forwarded so far, in order. */
    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Datagrams seen so far; the index of the next one. */
    public synchronized long count() {
        return seen.size();
    }

    private void clientToServer() {
        byte[] buf = new byte[65_535];
        while (!closed && !stopAt.expired()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                front.receive(p);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException e) {
                return;
            }
            if (client == null) {
                client = (InetSocketAddress) p.getSocketAddress();
            } else if (!client.equals(p.getSocketAddress())) {
                continue; // one client only
            }
            DatagramSocket out = outside;
            Seen s = note(Direction.CLIENT_TO_SERVER, (InetSocketAddress) out.getLocalSocketAddress(), p);
            if (!send(out, p, server)) {
                lost(s);
            }
        }
    }

    private void serverToClient(DatagramSocket socket) {
        byte[] buf = new byte[65_535];
        while (!closed && !stopAt.expired() && !socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (IOException e) {
                return; // closed by rebind() or close()
            }
            if (!server.equals(p.getSocketAddress()) || client == null) {
                continue;
            }
            // A datagram reaching an outside socket that is no longer the current one would be lost
            // by a real NAT; the old socket is closed at rebind, so this is the current one.
            Seen s = note(Direction.SERVER_TO_CLIENT, (InetSocketAddress) socket.getLocalSocketAddress(), p);
            if (!send(front, p, client)) {
                lost(s);
            }
        }
    }

    private static boolean send(DatagramSocket out, DatagramPacket p, InetSocketAddress to) {
        try {
            out.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), to));
            return true;
        } catch (IOException e) {
            return false; // the socket was just replaced by rebind(): the datagram is lost, as in a NAT
        }
    }

    /**
     * Writes a datagram down before it is forwarded, so that whoever receives it finds it in the
     * capture already.
     */
    private synchronized Seen note(Direction d, InetSocketAddress via, DatagramPacket p) {
        byte[] b = p.getData();
        int off = p.getOffset();
        int type = p.getLength() > 0 ? b[off] & 0xFF : -1;
        int epoch = p.getLength() >= 5 ? (b[off + 3] & 0xFF) << 8 | (b[off + 4] & 0xFF) : -1;
        byte[] head = Arrays.copyOfRange(b, off, off + Math.min(p.getLength(), Seen.HEAD));
        Seen s = new Seen(seen.size(), d, via, p.getLength(), type, epoch, true, head);
        seen.add(s);
        return s;
    }

    /** The datagram could not be forwarded after all. */
    private synchronized void lost(Seen s) {
        seen.set((int) s.index(), new Seen(s.index(), s.direction(), s.outside(), s.length(), s.firstType(),
                s.firstEpoch(), false, s.head()));
    }

    @Override
    public void close() {
        closed = true;
        front.close();
        DatagramSocket o = outside;
        if (o != null) {
            o.close();
        }
        try {
            frontThread.join(2000);
            for (Thread t : outsideThreads) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
