package org.dtls4j.handshake.cookie;

import java.security.InvalidKeyException;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.JcaProviders;

/**
 * One secret of the cookie exchange and what it computes: {@code HMAC-SHA256(secret, peer address
 * || port || client_version || random || session_id || cipher_suites || compression_methods)},
 * the cookie of RFC 6347 §4.2.1 ("the client MUST use the same parameter values (version, random,
 * session_id, cipher_suites, compression_method) as it did in the original ClientHello"). The
 * peer goes in as the length of its address, the address and the port (two bytes); the hello's
 * fields as they lie in the datagram, length fields included, so nothing is copied.
 *
 * <p>The HMAC is keyed once, when the secret is made; after that each cookie costs the HMAC of its
 * input and nothing else ({@link Mac#doFinal(byte[], int)} returns a {@code Mac} to its keyed
 * state). One keyed {@code Mac} is kept spare: a thread takes it, computes, and puts it back, so a
 * single receive thread reuses the same one for every datagram; a thread that finds none spare (two
 * threads at once) works on a clone of the keyed prototype. The object holds no per-peer state and
 * is safe for concurrent use.
 */
final class CookieSecret {
    static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final JcaProviders providers;
    /** Keyed and never used itself: cloned when no spare is free. */
    private final Mac prototype;
    private final AtomicReference<Mac> spare = new AtomicReference<>();

    CookieSecret(byte[] secret, JcaProviders providers) {
        this.key = new SecretKeySpec(secret, HMAC);
        this.providers = providers;
        this.prototype = keyedMac();
    }

    /**
     * Writes the {@value CookieExchange#COOKIE_LENGTH}-byte cookie for the hello laid out in
     * {@code datagram} and the {@code peer} ({@code length || address || port}) to
     * {@code out[offset]}.
     */
    void cookie(byte[] peer, byte[] datagram, ClientHelloLayout hello, byte[] out, int offset) {
        Mac mac = take();
        mac.update(peer);
        mac.update(datagram, hello.start(), hello.sessionIdEnd() - hello.start());
        mac.update(datagram, hello.cipherSuitesStart(), hello.compressionMethodsEnd() - hello.cipherSuitesStart());
        try {
            mac.doFinal(out, offset);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for a cookie at " + offset + " of " + out.length, e);
        }
        spare.set(mac);
    }

    /**
     * Whether the cookie of {@code datagram}'s hello is the one this secret makes for the peer.
     * Compares in constant time, so the time a rejection takes tells nothing about the right cookie.
     */
    boolean verifies(byte[] peer, byte[] datagram, ClientHelloLayout hello) {
        if (hello.cookieLength() != CookieExchange.COOKIE_LENGTH) {
            return false;
        }
        byte[] expected = new byte[CookieExchange.COOKIE_LENGTH];
        cookie(peer, datagram, hello, expected, 0);
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            difference |= expected[i] ^ datagram[hello.cookieOffset() + i];
        }
        return difference == 0;
    }

    private Mac take() {
        Mac mac = spare.getAndSet(null);
        if (mac != null) {
            return mac;
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return keyedMac(); // a provider whose Macs cannot be cloned: key a new one
        }
    }

    private Mac keyedMac() {
        Mac mac = providers.mac(HMAC);
        try {
            mac.init(key);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
        }
        return mac;
    }
}
