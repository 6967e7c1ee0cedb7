package org.dtls4j.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary results of the handshake benchmarks: how many handshakes an iteration ran and how many
 * nanoseconds of them the server side took. JMH reports both as per-iteration sums
 * ({@code EVENTS}); {@code serverNanos / handshakes} is the server's CPU per handshake, which
 * {@code summarize.py} prints.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class HandshakeCounters {
    public long handshakes;
    public long serverNanos;

    @Setup(Level.Iteration)
    public void reset() {
        handshakes = 0;
        serverNanos = 0;
    }

    /** Adds one handshake whose server took {@code nanos}. */
    void add(long nanos) {
        handshakes++;
        serverNanos += nanos;
    }
}
