package org.dtls4j.handshake.ticket;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.JcaProviders;

/**
 * The ticket's bytes: RFC 5077 §4's recommended construction, with AES-GCM in place of AES-CBC
 * and HMAC-SHA-256 (one key, one pass, and the tag covers the key name as the RFC's MAC does).
 * Only servers read tickets, so the layout is ours to choose (RFC 5077 §4: "the ticket is opaque
 * to the client").
 *
 * <pre>
 * struct {
 *     opaque key_name[16];           // in the clear: which key opens it (TicketKey)
 *     opaque nonce[12];              // random per ticket; the GCM IV
 *     opaque encrypted_state[..];    // AES-GCM(key, nonce, aad = key_name, state), tag (16) last
 * } ticket;                          // no length fields: the ticket ends where the extension ends
 *
 * struct {
 *     uint8  format;                 // 1
 *     uint16 cipher_suite;
 *     opaque master_secret[48];
 *     uint8  flags;                  // bit 0: extended_master_secret (RFC 7627)
 *     uint64 created;                // seconds since the Unix epoch
 *     uint8  identity_type;          // TicketState.IdentityType: 0 none, 1 X.509 leaf, 2 raw public key, 3 PSK identity
 *     opaque identity&lt;0..2^16-1&gt;;
 *     opaque server_name&lt;0..2^16-1&gt;; // empty when the client sent none
 * } state;
 * </pre>
 *
 * Nonces are random, 96 bits: NIST SP 800-38D §8.3 allows 2^32 of them under one key, far more
 * tickets than a key seals in one rotation period. A ticket whose tag does not verify is never
 * parsed; nothing in it is trusted before that.
 */
public final class TicketFormat {
    /** The format byte this class writes and the only one it reads. */
    public static final int FORMAT = 1;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    /** key_name, nonce and tag: every ticket is longer. */
    public static final int OVERHEAD = TicketKey.NAME_LENGTH + NONCE_LENGTH + TAG_LENGTH;

    private static final int EXTENDED_MASTER_SECRET_FLAG = 1;

    private TicketFormat() {
    }

    /** {@code state} sealed under {@code key} with a nonce from {@code random}. */
    public static byte[] seal(TicketState state, TicketKey key, SecureRandom random, JcaProviders providers) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] plain = encodeState(state);
        try {
            Cipher gcm = providers.cipher("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            gcm.updateAAD(key.name());
            byte[] sealed = gcm.doFinal(plain);
            return new ByteWriter(OVERHEAD + plain.length).bytes(key.name()).bytes(nonce).bytes(sealed).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available to seal a ticket", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** What {@link #open} found: the state and the key that opened it, or why there is none. */
    public record Opened(TicketState state, TicketKey key, TicketRejection rejection) {
        static Opened rejected(TicketRejection why) {
            return new Opened(null, null, why);
        }

        public boolean isOpen() {
            return state != null;
        }
    }

    /**
     * Opens a ticket with the key its key_name names, if {@code keys} still has it at {@code now}.
     * Never throws for what a client sends: the result names the reason it was not opened.
     */
    public static Opened open(byte[] ticket, TicketKeys keys, java.time.Instant now, JcaProviders providers) {
        if (ticket.length <= OVERHEAD) {
            return Opened.rejected(TicketRejection.MALFORMED);
        }
        byte[] name = Arrays.copyOfRange(ticket, 0, TicketKey.NAME_LENGTH);
        TicketKey key = keys.find(name, now);
        if (key == null) {
            return Opened.rejected(TicketRejection.UNKNOWN_KEY);
        }
        byte[] plain;
        try {
            Cipher gcm = openingCipher(providers);
            gcm.init(Cipher.DECRYPT_MODE, key.secret(),
                    new GCMParameterSpec(TAG_LENGTH * 8, ticket, TicketKey.NAME_LENGTH, NONCE_LENGTH));
            gcm.updateAAD(name);
            int start = TicketKey.NAME_LENGTH + NONCE_LENGTH;
            plain = gcm.doFinal(ticket, start, ticket.length - start);
        } catch (AEADBadTagException e) {
            return Opened.rejected(TicketRejection.MALFORMED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available to open a ticket", e);
        }
        try {
            return decodeState(plain).map(s -> new Opened(s, key, null)).orElse(Opened.rejected(TicketRejection.MALFORMED));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** A thread's AES-GCM {@code Cipher} for opening tickets, and the providers it came from. */
    private record OpeningCipher(JcaProviders providers, Cipher cipher) {
    }

    /**
     * One {@code Cipher} per thread, initialised anew for each ticket: looking up a {@code Cipher}
     * and expanding the key again for every ticket cost about 2 µs of a 20 µs resumption
     * (BENCHMARKS.md, "Session tickets").
     */
    private static final ThreadLocal<OpeningCipher> OPENING = new ThreadLocal<>();

    private static Cipher openingCipher(JcaProviders providers) {
        OpeningCipher cached = OPENING.get();
        if (cached != null && cached.providers() == providers) {
            return cached.cipher();
        }
        Cipher c = providers.cipher("AES/GCM/NoPadding");
        OPENING.set(new OpeningCipher(providers, c));
        return c;
    }

    static byte[] encodeState(TicketState s) {
        byte[] sni = s.serverName() == null ? new byte[0] : s.serverName().getBytes(StandardCharsets.US_ASCII);
        byte[] ms = s.masterSecret();
        try {
            long created = s.createdSeconds();
            return new ByteWriter(96 + s.identity().length + sni.length)
                    .u8(FORMAT)
                    .u16(s.cipherSuite().id())
                    .bytes(ms)
                    .u8(s.extendedMasterSecret() ? EXTENDED_MASTER_SECRET_FLAG : 0)
                    .u32(created >>> 32).u32(created & 0xFFFF_FFFFL)
                    .u8(s.identityType().code)
                    .opaque16(s.identity())
                    .opaque16(sni)
                    .toByteArray();
        } finally {
            Arrays.fill(ms, (byte) 0);
        }
    }

    /** The state, or empty when the bytes are not one (only a server with the key could have written them). */
    static Optional<TicketState> decodeState(byte[] plain) {
        try {
            ByteReader r = new ByteReader(plain);
            if (r.u8() != FORMAT) {
                return Optional.empty();
            }
            Optional<CipherSuite> suite = CipherSuite.fromId(r.u16());
            byte[] ms = r.bytes(TicketState.MASTER_SECRET_LENGTH);
            int flags = r.u8();
            long created = (r.u32() << 32) | r.u32();
            TicketState.IdentityType type = TicketState.IdentityType.fromCode(r.u8());
            byte[] identity = r.opaque16();
            byte[] sni = r.opaque16();
            r.expectEmpty("ticket state");
            if (suite.isEmpty() || type == null || (flags & ~EXTENDED_MASTER_SECRET_FLAG) != 0
                    || (type == TicketState.IdentityType.NONE) != (identity.length == 0)) {
                return Optional.empty();
            }
            TicketState state = new TicketState(suite.get(), ms, (flags & EXTENDED_MASTER_SECRET_FLAG) != 0, created, type,
                    identity, sni.length == 0 ? null : new String(sni, StandardCharsets.US_ASCII));
            Arrays.fill(ms, (byte) 0);
            return Optional.of(state);
        } catch (DecodeException e) {
            return Optional.empty();
        }
    }
}
