package org.dtls4j.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import org.dtls4j.crypto.kx.EcPointCodec;
import org.dtls4j.crypto.kx.X25519Codec;

/**
 * One side's ephemeral key pair for ECDHE (RFC 8422 §2), and the agreement that turns the peer's
 * public key into the premaster secret.
 *
 * <ul>
 *   <li>x25519 (RFC 7748 §5, RFC 8422 §5.4): 32-byte little-endian u-coordinates; JCA
 *       {@code "X25519"} key pair generator, key factory and key agreement.</li>
 *   <li>secp256r1, secp384r1 (RFC 8422 §5.4): uncompressed points; JCA {@code "EC"} and
 *       {@code "ECDH"}. The peer's point is validated here, see {@link EcPointCodec}.</li>
 * </ul>
 *
 * <p>The premaster secret for the NIST curves is the x-coordinate of the shared point as a
 * field-size octet string (RFC 8422 §5.10: "leading zeros found in this octet string MUST NOT be
 * truncated"); for X25519 it is the
 * 32-byte function output, which must not be all zeros (RFC 8422 §5.11: "With X25519 and X448, a
 * receiving party MUST check whether the computed premaster secret is the all-zero value and abort
 * the handshake if so, as described in Section 6 of [RFC7748].").
 *
 * <p>Every refusal is an {@link InvalidKeyException} whose message names the group and the
 * defect; the handshake maps it to an {@code illegal_parameter} alert. Not thread-safe.
 */
public final class EcdheKeyPair {

    private static final String XDH = "X25519";

    private final NamedGroup group;
    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final JcaProviders providers;

    private EcdheKeyPair(NamedGroup group, PrivateKey privateKey, byte[] publicKey, JcaProviders providers) {
        this.group = group;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.providers = providers;
    }

    /**
     * A fresh key pair on {@code group}.
     *
     * @throws IllegalStateException if the provider cannot generate keys for the group
     */
    public static EcdheKeyPair generate(NamedGroup group, SecureRandom random, JcaProviders p) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(random, "random");
        try {
            if (group == NamedGroup.X25519) {
                KeyPairGenerator g = p.keyPairGenerator(XDH);
                g.initialize(NamedParameterSpec.X25519, random);
                KeyPair kp = g.generateKeyPair();
                byte[] pub = X25519Codec.fromSubjectPublicKeyInfo(kp.getPublic().getEncoded());
                if (pub == null) {
                    throw new InvalidKeyException("the X25519 public key's encoding is not RFC 8410 SubjectPublicKeyInfo");
                }
                return new EcdheKeyPair(group, kp.getPrivate(), pub, p);
            }
            KeyPairGenerator g = p.keyPairGenerator("EC");
            g.initialize(new ECGenParameterSpec(group.tlsName()), random);
            KeyPair kp = g.generateKeyPair();
            ECPublicKey pk = (ECPublicKey) kp.getPublic();
            return new EcdheKeyPair(group, kp.getPrivate(), EcPointCodec.encode(pk.getW(), pk.getParams()), p);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + group.tlsName() + " key pair", e);
        }
    }

    /** A key pair from an existing private key, for known-answer tests. */
    static EcdheKeyPair of(NamedGroup group, PrivateKey privateKey, byte[] publicKey, JcaProviders p) {
        return new EcdheKeyPair(group, privateKey, publicKey.clone(), p);
    }

    public NamedGroup group() {
        return group;
    }

    /** This side's public key in wire encoding (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Computes the premaster secret from the peer's public key in wire encoding.
     *
     * @return the shared secret: 32 bytes for x25519, the field size (32 or 48 bytes) for the NIST curves
     * @throws InvalidKeyException if the peer key has the wrong length or form, is not on the curve,
     *                             is the point at infinity, or gives an all-zero x25519 result
     */
    public byte[] agree(byte[] peerPublicKey) throws InvalidKeyException {
        Objects.requireNonNull(peerPublicKey, "peerPublicKey");
        return group == NamedGroup.X25519 ? agreeX25519(peerPublicKey) : agreeEc(peerPublicKey);
    }

    private byte[] agreeX25519(byte[] peer) throws InvalidKeyException {
        BigInteger u = X25519Codec.decode(peer);
        PublicKey pub;
        try {
            // X.509 encoding, not XECPublicKeySpec: every provider reads it (Bouncy Castle reads nothing else).
            pub = providers.keyFactory(XDH).generatePublic(new X509EncodedKeySpec(X25519Codec.subjectPublicKeyInfo(u)));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("x25519 peer public key refused: " + e.getMessage(), e);
        }
        byte[] secret = runAgreement(XDH, pub);
        // RFC 7748 §6.1: "...check, without leaking extra information about the value of K, whether K
        // is the all-zero value and abort if so".
        int bits = 0;
        for (byte b : secret) {
            bits |= b;
        }
        if (bits == 0) {
            throw new InvalidKeyException("x25519 peer public key gives an all-zero shared secret"
                    + " (a low-order point, RFC 7748 §6.1)");
        }
        return secret;
    }

    private byte[] agreeEc(byte[] peer) throws InvalidKeyException {
        ECParameterSpec params = ((ECKey) privateKey).getParams();
        ECPoint w = EcPointCodec.decode(peer, params, group.tlsName());
        PublicKey pub;
        try {
            pub = providers.keyFactory("EC").generatePublic(new ECPublicKeySpec(w, params));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException(group.tlsName() + " peer public key refused: " + e.getMessage(), e);
        }
        byte[] x = runAgreement("ECDH", pub);
        int len = EcPointCodec.coordinateLength(params);
        if (x.length == len) {
            return x;
        }
        // RFC 8422 §5.10: "leading zeros found in this octet string MUST NOT be truncated."
        byte[] padded = new byte[len];
        System.arraycopy(x, 0, padded, len - x.length, x.length);
        Arrays.fill(x, (byte) 0);
        return padded;
    }

    private byte[] runAgreement(String algorithm, PublicKey peer) throws InvalidKeyException {
        KeyAgreement ka = providers.keyAgreement(algorithm);
        ka.init(privateKey);
        try {
            ka.doPhase(peer, true);
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(group.tlsName() + " key agreement refused the peer public key: "
                    + e.getMessage(), e);
        }
        return ka.generateSecret();
    }

    @Override
    public String toString() {
        return "EcdheKeyPair[" + group.tlsName() + "]";
    }
}
