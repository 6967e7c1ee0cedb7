package org.dtls4j.handshake.ticket;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.dtls4j.crypto.JcaProviders;

/**
 * A server's session tickets (RFC 5077): where the keys come from, how long a session lives, the
 * wall clock that measures it, and the counters. One instance serves every connection of a server
 * (and several servers may share one {@link TicketKeys} source, each with its own instance).
 *
 * <p>A session lives {@link #lifetime()} from its full handshake, however often its ticket is
 * renewed: the renewed ticket keeps the time of the full handshake (RFC 5077 §5.6 lets a server
 * bound a session's life; forward secrecy for the master secret then lasts at most that long,
 * plus the life of the ticket key). The lifetime hint sent with a ticket is the time it has left.
 *
 * <p>This is the one place the handshake reads a wall clock: tickets must compare times across
 * processes, which the engine's monotonic {@code nowNanos} cannot.
 */
public final class SessionTickets {
    /** Default session lifetime: one day, for devices that sleep for hours between exchanges. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
    /** How far in the future a ticket's creation may lie (servers' clocks differ) before it is refused. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final TicketKeys keys;
    private final Duration lifetime;
    private final Clock clock;
    private final TicketCounters counters = new TicketCounters();

    /** Tickets under {@code keys} for {@link #DEFAULT_LIFETIME}, on the system's UTC clock. */
    public SessionTickets(TicketKeys keys) {
        this(keys, DEFAULT_LIFETIME, Clock.systemUTC());
    }

    /**
     * @param lifetime how long a session resumes by ticket after its full handshake: 1 s to 2^32-1 s
     *                 (the lifetime hint is a uint32 of seconds, RFC 5077 §3.3)
     * @param clock    the wall clock tickets are dated by
     */
    public SessionTickets(TicketKeys keys, Duration lifetime, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.getSeconds() < 1 || lifetime.getSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ticket lifetime must be 1 s to 2^32-1 s, was " + lifetime);
        }
        this.lifetime = lifetime;
    }

    public TicketKeys keys() { return keys; }
    public Duration lifetime() { return lifetime; }
    public Clock clock() { return clock; }
    public TicketCounters counters() { return counters; }

    /** Now, in seconds since the Unix epoch, by {@link #clock()}. */
    public long nowSeconds() {
        return clock.instant().getEpochSecond();
    }

    /** A ticket for {@code state}, under the current key. */
    public byte[] seal(TicketState state, SecureRandom random, JcaProviders providers) {
        return TicketFormat.seal(state, keys.current(clock.instant()), random, providers);
    }

    /** The lifetime hint for a ticket of a session made at {@code createdSeconds}: the seconds it has left. */
    public long lifetimeHint(long createdSeconds) {
        return Math.max(0, Math.min(lifetime.getSeconds(), createdSeconds + lifetime.getSeconds() - nowSeconds()));
    }

    /**
     * What a presented ticket holds, if it opens and its session is still alive; otherwise the
     * reason, which the caller counts once it has made its own checks too.
     */
    public TicketFormat.Opened open(byte[] ticket, JcaProviders providers) {
        Instant now = clock.instant();
        TicketFormat.Opened o = TicketFormat.open(ticket, keys, now, providers);
        if (!o.isOpen()) {
            return o;
        }
        long created = o.state().createdSeconds();
        if (created > now.getEpochSecond() + CLOCK_SKEW.getSeconds()) {
            o.state().destroy();
            return TicketFormat.Opened.rejected(TicketRejection.NOT_YET_VALID);
        }
        if (now.getEpochSecond() - created >= lifetime.getSeconds()) {
            o.state().destroy();
            return TicketFormat.Opened.rejected(TicketRejection.EXPIRED);
        }
        return o;
    }

    /** Whether a ticket opened by {@code key} should be issued again: its key no longer seals new ones. */
    public boolean shouldRenew(TicketKey key) {
        return !keys.current(clock.instant()).isNamed(key.name());
    }

    @Override
    public String toString() {
        return "SessionTickets[" + keys + ", lifetime=" + lifetime + "]";
    }
}
