package org.dtls4j.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A plain UDP echo service on 127.0.0.1, the thing behind the tunnel. Remembers the source
 * addresses it served, so a test can tell flows apart.
 */
final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;
    private final Set<InetSocketAddress> sources = new HashSet<>();
    private final Thread thread;

    UdpEcho() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::loop, "test-udp-echo");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    synchronized Set<InetSocketAddress> sources() {
        return Set.copyOf(sources);
    }

    private void loop() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
                synchronized (this) {
                    sources.add((InetSocketAddress) p.getSocketAddress());
                }
                socket.send(new DatagramPacket(Arrays.copyOf(buffer, p.getLength()), p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
