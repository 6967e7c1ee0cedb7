package org.dtls4j.handshake;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.Prf;
import org.dtls4j.crypto.PrfHash;

/**
 * The keying material exporter of one connection (RFC 5705 §4), for protocols that key themselves
 * from a DTLS handshake: DTLS-SRTP (RFC 5764 §4.2, label {@code "EXTRACTOR-dtls_srtp"}), channel
 * bindings, and the like.
 *
 * <pre>
 *   RFC 5705 §4, without a context:
 *     PRF(SecurityParameters.master_secret, label,
 *         SecurityParameters.client_random + SecurityParameters.server_random)[length]
 *   with a context:
 *     PRF(SecurityParameters.master_secret, label,
 *         SecurityParameters.client_random + SecurityParameters.server_random +
 *         context_value_length + context_value)[length]
 * </pre>
 *
 * where {@code context_value_length} is a uint16. "No context" and "an empty context" give
 * different output (the second has two zero bytes of length in its seed), so a {@code null}
 * context here is not the same as {@code new byte[0]}.
 *
 * <p>The PRF is the suite's (RFC 5246 §5), the master secret is this connection's, and the randoms
 * are this handshake's: a resumed connection (RFC 5246 §7.3) has the session's master secret but
 * new randoms, so its exported keys differ from the first connection's.
 *
 * <p><b>Extended master secret.</b> With RFC 7627 the formula is unchanged; only the master secret
 * is the extended one, bound to the whole handshake. RFC 7627 §5.4 warns that without it the master
 * secret of two connections can be made equal by a man in the middle, and that such a session's
 * keys should not be exported for application-level authentication. dtls4j requires extended master
 * secret unless configured otherwise ({@link DtlsConfig.Builder#requireExtendedMasterSecret}); an
 * application that relies on exported keys for authentication should check
 * {@link Negotiated#extendedMasterSecret()} too.
 *
 * <p>Holds its own copy of the master secret until {@link #destroy()}, which the engine calls when
 * the connection closes or fails; after that, {@link #export} throws {@link IllegalStateException}.
 */
public final class KeyingMaterialExporter {
    /**
     * Labels the TLS PRF itself uses (RFC 5246 §5, §6.3, §7.4.9, §8.1; RFC 7627 §4): RFC 5705 §4
     * reserves them, because exported output under these labels could reproduce a Finished, the key
     * block or a master secret.
     */
    public static final Set<String> RESERVED_LABELS = Set.of(
            "client finished", "server finished", "master secret", "extended master secret", "key expansion");

    private final PrfHash hash;
    private final byte[] masterSecret;
    private final byte[] clientRandom;
    private final byte[] serverRandom;
    private final boolean extendedMasterSecret;
    private final JcaProviders providers;
    private volatile boolean destroyed;

    /**
     * @param hash                 the PRF hash of the negotiated suite
     * @param masterSecret         the connection's master secret, 48 bytes (copied)
     * @param clientRandom         ClientHello.random of this handshake, 32 bytes (copied)
     * @param serverRandom         ServerHello.random of this handshake, 32 bytes (copied)
     * @param extendedMasterSecret whether the master secret is RFC 7627's
     * @param providers            where HMAC comes from
     */
    public KeyingMaterialExporter(PrfHash hash, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom,
                                  boolean extendedMasterSecret, JcaProviders providers) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.masterSecret = masterSecret.clone();
        this.clientRandom = clientRandom.clone();
        this.serverRandom = serverRandom.clone();
        if (this.clientRandom.length != 32 || this.serverRandom.length != 32) {
            throw new IllegalArgumentException("client_random and server_random are 32 bytes each");
        }
        this.extendedMasterSecret = extendedMasterSecret;
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /**
     * Exports {@code length} bytes of keying material (RFC 5705 §4).
     *
     * @param label   an ASCII label, e.g. {@code "EXTRACTOR-dtls_srtp"} (RFC 5764 §4.2) or one of the
     *                caller's own {@code "EXPORTER-..."} labels; the TLS PRF's own labels are refused
     * @param context the context value, at most 65535 bytes; {@code null} for none, which is not the
     *                same as an empty context
     * @param length  the number of bytes wanted, 0 or more
     * @return the keying material
     * @throws IllegalArgumentException for a reserved, empty or non-ASCII label, a negative length or
     *                                  a context longer than 65535 bytes
     * @throws IllegalStateException    once the connection has closed or failed
     */
    public byte[] export(String label, byte[] context, int length) {
        checkLabel(label);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        if (context != null && context.length > 0xFFFF) {
            // RFC 5705 §4: context_value_length is a uint16.
            throw new IllegalArgumentException("context longer than 65535 bytes: " + context.length);
        }
        byte[] seed = seed(context);
        synchronized (masterSecret) {
            if (destroyed) {
                throw new IllegalStateException("cannot export keying material: the connection is closed");
            }
            return Prf.prf(hash, masterSecret, label, seed, length, providers);
        }
    }

    /** Whether the master secret exported from is RFC 7627's extended master secret. */
    public boolean extendedMasterSecret() {
        return extendedMasterSecret;
    }

    /** Overwrites the master secret copy; {@link #export} throws from now on. Idempotent. */
    public void destroy() {
        synchronized (masterSecret) {
            destroyed = true;
            Arrays.fill(masterSecret, (byte) 0);
        }
    }

    /** Whether {@link #destroy()} was called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    /** client_random + server_random [+ uint16 context length + context]. */
    private byte[] seed(byte[] context) {
        int n = 64 + (context == null ? 0 : 2 + context.length);
        byte[] seed = new byte[n];
        System.arraycopy(clientRandom, 0, seed, 0, 32);
        System.arraycopy(serverRandom, 0, seed, 32, 32);
        if (context != null) {
            seed[64] = (byte) (context.length >>> 8);
            seed[65] = (byte) context.length;
            System.arraycopy(context, 0, seed, 66, context.length);
        }
        return seed;
    }

    private static void checkLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (label.isEmpty()) {
            throw new IllegalArgumentException("exporter label must not be empty");
        }
        if (RESERVED_LABELS.contains(label)) {
            throw new IllegalArgumentException("exporter label \"" + label
                    + "\" is reserved: the TLS PRF uses it (RFC 5705 §4)");
        }
        for (int i = 0; i < label.length(); i++) {
            if (label.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("exporter label must be ASCII: " + label);
            }
        }
    }

    @Override
    public String toString() {
        return "KeyingMaterialExporter[" + hash + ", ems=" + extendedMasterSecret + (destroyed ? ", destroyed" : "") + "]";
    }
}
