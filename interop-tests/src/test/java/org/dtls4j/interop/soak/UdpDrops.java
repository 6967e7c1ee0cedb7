package org.dtls4j.interop.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped at one UDP socket because its receive buffer was full: the last
 * column of the socket's line in {@code /proc/net/udp} (Linux only; -1 elsewhere). A soak run
 * reads it for the server's socket, to tell loss at a busy server from loss on the relay.
 */
final class UdpDrops {
    private UdpDrops() {
    }

    /** Drops counted for the IPv4 socket bound to 127.0.0.1:{@code port}, or -1 when unknown. */
    static long at(int port) {
        String local = String.format(Locale.ROOT, "0100007F:%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/udp"));
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].equals(local)) {
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
