package org.dtls4j.netty;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.dtls4j.handshake.engine.DtlsEngine;

/**
 * One peer of a {@link DtlsServerHandler}: its engine and the handler's bookkeeping about it. Only
 * the handler's event loop touches it, so nothing here is synchronized.
 */
final class ServerPeer {
    final DtlsEngine engine;
    /** The client_random of the hello this association started with (RFC 6347 §4.2.8). */
    final byte[] clientRandom;
    /** The retransmission timer and the handshake's limit, until the handshake is over. */
    final DeadlineTimer deadline;
    /** The address the handler files the peer under; follows the engine's moves (RFC 9146 §6). */
    InetSocketAddress address;
    /** Our CID for this peer once it is filed under it, or null. */
    byte[] connectionId;
    long lastHeard;
    /** True until the handshake completes or the peer is forgotten; counted in the group's handshakes. */
    boolean handshaking = true;
    /** Forgotten by the handler: nothing may touch the engine any more. */
    boolean ended;
    /** The idle check (a connected peer only). */
    ScheduledFuture<?> idleCheck;

    /** {@code onDeadline} runs on {@code loop} when the engine's deadline may have come. */
    ServerPeer(DtlsEngine engine, InetSocketAddress address, byte[] clientRandom, long now, EventExecutor loop,
               Consumer<ServerPeer> onDeadline) {
        this.engine = engine;
        this.address = address;
        this.clientRandom = clientRandom;
        this.lastHeard = now;
        this.deadline = new DeadlineTimer(loop, () -> onDeadline.accept(this));
    }

    /** Where our datagrams go: the engine's idea of the peer once it has one. */
    InetSocketAddress recipient() {
        return engine.peerAddress() instanceof InetSocketAddress a ? a : address;
    }

    void cancelTimers() {
        deadline.cancel();
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
    }

    @Override
    public String toString() {
        return "peer " + address;
    }
}
