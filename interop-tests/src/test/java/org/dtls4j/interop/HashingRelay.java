package org.dtls4j.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A load balancer in front of a fleet of servers, on loopback: each client sends to its own front
 * socket, and the relay hashes the client to one node of the fleet. Every new source address seen
 * on a front socket is a new flow (a new connection of that client) and gets its own socket
 * towards the node, so each node sees each flow as a separate peer; datagrams from the node go back
 * out of the client's front socket to the flow's source.
 *
 * <p>{@link #rehash()} moves every client to the next node for the flows that start afterwards,
 * as a balancer does when the fleet changes: a client that connects again lands on a node that
 * never saw it. (A client is told apart by its front socket rather than by its source port,
 * because each new connection comes from a new ephemeral port, and the test needs to know that
 * the node changed.) The relay stops by itself after its lifetime; {@link #close()} stops it at
 * once.
 */
final class HashingRelay implements AutoCloseable {
    /** One connection of a client through the relay: which node it was hashed to. */
    record Flow(int client, SocketAddress source, int node) {
    }

    private static final int SELECT_MILLIS = 50;

    private final List<InetSocketAddress> nodes;
    private final Selector selector;
    private final List<DatagramChannel> fronts = new ArrayList<>();
    private final Map<DatagramChannel, Integer> clientOfFront = new HashMap<>();
    private final Map<String, DatagramChannel> backOfFlow = new HashMap<>();
    private final List<Flow> flows = new ArrayList<>();
    private final List<DatagramChannel> backs = new ArrayList<>();
    private final Thread thread;
    private final Deadline deadline;
    private volatile int shift;
    private volatile boolean closed;

    /** Opens {@code clients} front sockets on 127.0.0.1 and starts forwarding to {@code nodes}. */
    HashingRelay(List<InetSocketAddress> nodes, int clients, Duration lifetime) throws IOException {
        this.nodes = List.copyOf(nodes);
        this.selector = Selector.open();
        this.deadline = Deadline.in(lifetime);
        for (int i = 0; i < clients; i++) {
            DatagramChannel front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            front.configureBlocking(false);
            front.register(selector, SelectionKey.OP_READ, new Front(i));
            fronts.add(front);
            clientOfFront.put(front, i);
        }
        thread = new Thread(this::run, "hashing-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where client {@code i} sends. */
    InetSocketAddress front(int i) {
        try {
            return (InetSocketAddress) fronts.get(i).getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node client {@code i}'s next flow goes to. */
    int nodeOf(int i) {
        return Math.floorMod(hash(i) + shift, nodes.size());
    }

    /** Every client's next flow goes to the node after its current one. */
    void rehash() {
        shift++;
    }

    /** Every flow so far, in the order they started. */
    synchronized List<Flow> flows() {
        return List.copyOf(flows);
    }

    /** A fixed spread of client numbers over the nodes (not just round robin). */
    private static int hash(int client) {
        int h = client * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private record Front(int client) {
    }

    private record Back(DatagramChannel front, SocketAddress source) {
    }

    private void run() {
        ByteBuffer buf = ByteBuffer.allocate(65_535);
        try {
            while (!closed && !deadline.expired()) {
                selector.select(SELECT_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    buf.clear();
                    SocketAddress from = ch.receive(buf);
                    if (from == null) {
                        continue;
                    }
                    buf.flip();
                    if (key.attachment() instanceof Front f) {
                        backFor(ch, f.client(), from).write(buf);
                    } else {
                        Back b = (Back) key.attachment();
                        b.front().send(buf, b.source());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The socket towards the node of the flow from {@code source}; a new flow is hashed now. */
    private DatagramChannel backFor(DatagramChannel front, int client, SocketAddress source) throws IOException {
        String flowKey = client + " " + source;
        DatagramChannel back = backOfFlow.get(flowKey);
        if (back == null) {
            int node = nodeOf(client);
            back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)).connect(nodes.get(node));
            back.configureBlocking(false);
            back.register(selector, SelectionKey.OP_READ, new Back(front, source));
            backOfFlow.put(flowKey, back);
            synchronized (this) {
                backs.add(back);
                flows.add(new Flow(client, source, node));
            }
        }
        return back;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<DatagramChannel> all = new ArrayList<>(fronts);
        synchronized (this) {
            all.addAll(backs);
        }
        for (DatagramChannel ch : all) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
