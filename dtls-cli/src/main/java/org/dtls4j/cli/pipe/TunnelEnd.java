package org.dtls4j.cli.pipe;

import java.net.InetSocketAddress;
import java.time.Duration;

/** Either end of the tunnel, as its command and its tests see it. */
public interface TunnelEnd extends AutoCloseable {

    /** The address this end listens on (plain UDP on the client, DTLS on the server). */
    InetSocketAddress localAddress();

    /** Flows held now. */
    int flowCount();

    /** Waits until at most {@code n} flows are held; false if the timeout passed first. */
    boolean awaitFlowsAtMost(int n, Duration timeout) throws InterruptedException;

    /** Closes every flow (close_notify on each session) and the listening socket. */
    @Override
    void close();
}
