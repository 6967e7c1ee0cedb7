package org.dtls4j.handshake.cookie;

import java.util.Objects;

/**
 * What a server does with an epoch-0 ClientHello from an address it already holds an association
 * for (RFC 6347 §4.2.8): the client may have lost its state and started over (a reboot, a NAT that
 * gave its port to another host), or someone may be trying to break the association with a forged
 * hello. The rule separates the two by the cookie:
 *
 * <pre>
 *   hello from a known address
 *     no valid cookie                   -&gt; VERIFY: answer with a HelloVerifyRequest, keep the association
 *     valid cookie, same client_random  -&gt; CURRENT_ASSOCIATION: a retransmission of the running
 *                                          handshake's hello; the current engine answers it
 *     valid cookie, new client_random   -&gt; NEW_ASSOCIATION: the address is proven; end the old
 *                                          association and start a new engine from the hello
 *     the exchange dropped it           -&gt; DROP (malformed or fragmented; counted by the exchange)
 * </pre>
 *
 * RFC 6347 §4.2.8 lets the server go on with the new handshake but forbids it to destroy the
 * existing association before the client has shown that it is reachable at the address, by a
 * cookie exchange or by a complete handshake; a forged hello can do neither. The transport's
 * server applies this rule through this class; an application that runs engines on its own event
 * loop does the same.
 */
public enum KnownPeerHello {
    /** Send the {@link CookieExchange.Verify} datagram; leave the association alone. */
    VERIFY,
    /** Hand the datagram to the association's engine, as any other datagram of that peer. */
    CURRENT_ASSOCIATION,
    /**
     * End the association (its engine is dropped, or closed without a word to the address) and
     * start a new server engine from the {@link CookieExchange.Accept}.
     */
    NEW_ASSOCIATION,
    /** Nothing to do: the cookie exchange refused the datagram and counted why. */
    DROP;

    /**
     * The rule for a server with cookies on.
     *
     * @param cookieCheck what {@link CookieExchange#check} answered for the datagram
     * @param hello the datagram's {@link ClientHelloPeek}
     * @param currentClientRandom the client_random of the hello the association started with
     */
    public static KnownPeerHello decide(CookieExchange.Result cookieCheck, ClientHelloPeek hello,
                                        byte[] currentClientRandom) {
        Objects.requireNonNull(cookieCheck, "cookieCheck");
        Objects.requireNonNull(hello, "hello");
        if (cookieCheck instanceof CookieExchange.Verify) {
            return VERIFY;
        }
        if (cookieCheck instanceof CookieExchange.Drop) {
            return DROP;
        }
        return hello.hasClientRandom(currentClientRandom) ? CURRENT_ASSOCIATION : NEW_ASSOCIATION;
    }

    /**
     * The rule for a server with cookies off: a new client_random replaces the association at
     * once, since nothing proves the address. That is the price of turning cookies off; never
     * {@link #VERIFY} or {@link #DROP}.
     */
    public static KnownPeerHello decideWithoutCookies(ClientHelloPeek hello, byte[] currentClientRandom) {
        Objects.requireNonNull(hello, "hello");
        return hello.hasClientRandom(currentClientRandom) ? CURRENT_ASSOCIATION : NEW_ASSOCIATION;
    }
}
