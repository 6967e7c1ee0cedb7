package org.dtls4j.handshake;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.dtls4j.codec.ByteReader;
import org.dtls4j.codec.ByteWriter;
import org.dtls4j.codec.DecodeException;
import org.dtls4j.crypto.CipherSuite;

/**
 * A {@link DtlsSession} as bytes, so that a client can resume after its own restart: versioned,
 * encrypted and authenticated under a key the caller keeps (the session holds its master secret).
 *
 * <pre>
 * struct {
 *     opaque magic[4] = "D4JS";
 *     uint8  version = 1;
 *     opaque nonce[12];                      // random
 *     opaque sealed[..];                     // AES-GCM(key, nonce, aad = magic || version, body), tag (16) last
 * } SessionFile;
 *
 * struct {
 *     opaque session_id&lt;0..32&gt;;
 *     uint16 cipher_suite;
 *     opaque master_secret[48];
 *     uint8  flags;                          // bit 0: extended_master_secret
 *     opaque ticket&lt;0..2^16-1&gt;;           // empty: none (RFC 5077)
 *     uint32 ticket_lifetime_hint;
 *     opaque server_name&lt;0..2^16-1&gt;;      // empty: none
 *     uint8  has_psk_identity;
 *     opaque psk_identity&lt;0..2^16-1&gt;;
 *     opaque peer_certificates&lt;0..2^24-1&gt;; // each: opaque der&lt;1..2^24-1&gt;, leaf first
 *     opaque peer_key_algorithm&lt;0..255&gt;;   // JCA name of the raw public key's algorithm; empty: none
 *     opaque peer_raw_public_key&lt;0..2^16-1&gt;; // its SubjectPublicKeyInfo (RFC 7250)
 * } body;
 * </pre>
 *
 * A file of another version, under another key, or changed in any byte is refused before anything
 * in it is read. Certificates are stored as they came, not checked again when read: they were
 * checked when the session was made, and the server proves the session's master secret again in
 * the abbreviated handshake.
 */
final class SessionBytes {
    private static final byte[] MAGIC = "D4JS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private SessionBytes() {
    }

    static byte[] write(DtlsSession s, SecretKey key, SecureRandom random) throws GeneralSecurityException {
        byte[] body = body(s);
        try {
            byte[] nonce = new byte[NONCE_LENGTH];
            random.nextBytes(nonce);
            byte[] header = new ByteWriter().bytes(MAGIC).u8(VERSION).toByteArray();
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(header);
            return new ByteWriter().bytes(header).bytes(nonce).bytes(gcm.doFinal(body)).toByteArray();
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    static DtlsSession read(byte[] file, SecretKey key) throws GeneralSecurityException {
        int headerLength = MAGIC.length + 1;
        if (file.length < headerLength + NONCE_LENGTH + TAG_BITS / 8
                || !Arrays.equals(MAGIC, Arrays.copyOf(file, MAGIC.length))) {
            throw new GeneralSecurityException("not a dtls4j session (no D4JS header)");
        }
        if (file[MAGIC.length] != VERSION) {
            throw new GeneralSecurityException("dtls4j session format version " + (file[MAGIC.length] & 0xFF)
                    + "; this version reads " + VERSION);
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, file, headerLength, NONCE_LENGTH));
        gcm.updateAAD(file, 0, headerLength);
        byte[] body = gcm.doFinal(file, headerLength + NONCE_LENGTH, file.length - headerLength - NONCE_LENGTH);
        try {
            return parseBody(body);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The body, unsealed; see {@link DtlsSession#fromUnsealedBytes}. */
    static DtlsSession parseBody(byte[] body) throws GeneralSecurityException {
        try {
            return parse(body);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed dtls4j session: " + e.getMessage(), e);
        }
    }

    static byte[] body(DtlsSession s) throws GeneralSecurityException {
        ByteWriter w = new ByteWriter();
        byte[] ms = s.masterSecret();
        w.opaque8(s.sessionId()).u16(s.cipherSuite().id()).bytes(ms).u8(s.extendedMasterSecret() ? 1 : 0);
        Arrays.fill(ms, (byte) 0);
        w.opaque16(s.ticket().orElse(new byte[0])).u32(s.ticketLifetimeHint());
        w.opaque16(s.serverName() == null ? new byte[0] : s.serverName().getBytes(StandardCharsets.UTF_8));
        w.u8(s.pskIdentity() == null ? 0 : 1).opaque16(s.pskIdentity() == null ? new byte[0] : s.pskIdentity());
        ByteWriter chain = new ByteWriter();
        for (X509Certificate c : s.peerCertificates()) {
            chain.opaque24(c.getEncoded());
        }
        w.opaque24(chain.toByteArray());
        PublicKey raw = s.peerRawPublicKey().orElse(null);
        w.opaque8(raw == null ? new byte[0] : raw.getAlgorithm().getBytes(StandardCharsets.US_ASCII));
        w.opaque16(raw == null ? new byte[0] : raw.getEncoded());
        return w.toByteArray();
    }

    private static DtlsSession parse(byte[] body) throws DecodeException, GeneralSecurityException {
        ByteReader r = new ByteReader(body);
        byte[] id = r.opaque8();
        int suiteId = r.u16();
        CipherSuite suite = CipherSuite.fromId(suiteId)
                .orElseThrow(() -> new GeneralSecurityException(String.format("unknown cipher suite 0x%04X", suiteId)));
        byte[] ms = r.bytes(48);
        boolean ems = (r.u8() & 1) != 0;
        byte[] ticket = r.opaque16();
        long hint = r.u32();
        byte[] sni = r.opaque16();
        boolean hasPsk = r.u8() != 0;
        byte[] psk = r.opaque16();
        ByteReader chain = r.sub24();
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        while (chain.hasRemaining()) {
            certificates.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(chain.opaque24())));
        }
        byte[] algorithm = r.opaque8();
        byte[] spki = r.opaque16();
        r.expectEmpty("dtls4j session");
        PublicKey raw = algorithm.length == 0 ? null
                : KeyFactory.getInstance(new String(algorithm, StandardCharsets.US_ASCII)).generatePublic(new X509EncodedKeySpec(spki));
        DtlsSession s = new DtlsSession(id, suite, ms, ems, certificates, hasPsk ? psk : null,
                sni.length == 0 ? null : new String(sni, StandardCharsets.UTF_8), raw);
        Arrays.fill(ms, (byte) 0);
        return ticket.length == 0 ? s : s.withTicket(ticket, hint, id);
    }
}
