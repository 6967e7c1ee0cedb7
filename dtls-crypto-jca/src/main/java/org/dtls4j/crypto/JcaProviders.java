package org.dtls4j.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.NoSuchPaddingException;

/**
 * The one place where dtls4j asks the Java Cryptography Architecture for an engine object.
 *
 * <p>Every family ({@code Cipher}, {@code Mac}, {@code KeyAgreement}, {@code KeyPairGenerator},
 * {@code Signature}, {@code KeyFactory}, {@code MessageDigest}) can be bound to a specific
 * {@link Provider}; a family left unbound uses the JDK's provider list in preference order, as the
 * plain {@code getInstance(algorithm)} calls do. Instances are safe to share between
 * threads; the engine objects they hand out are not.
 *
 * <p>For {@code Cipher}, {@code Mac} and {@code MessageDigest} left unbound, the provider the
 * JDK's list chose the first time is remembered per algorithm and asked directly afterwards: a
 * handshake makes about a dozen such objects, and walking the provider list for each one cost
 * about a fifth of a PSK handshake. Those three families only ever get keys that dtls4j made
 * itself, so the remembered provider is the one the list would choose again. {@code Signature}
 * and the key families are never remembered: a private key from a hardware token must be free to
 * pick its own provider.
 *
 * <p>A missing algorithm is a configuration error, not a protocol event, so it surfaces as an
 * unchecked {@link IllegalStateException} naming the algorithm and the provider asked.
 *
 * <p>RFC 5246 §6.2.3.3 and §7.4 name the primitives; this class only decides who supplies them.
 */
public final class JcaProviders {

    private static final System.Logger LOG = System.getLogger(JcaProviders.class.getName());
    private static final JcaProviders DEFAULTS = new Builder().build();
    /** How many imported peer public keys {@link #forSignature(PublicKey)} keeps. */
    public static final int IMPORTED_KEYS = 64;

    private final Provider cipher;
    private final Provider mac;
    private final Provider keyAgreement;
    private final Provider keyPairGenerator;
    private final Provider signature;
    private final Provider keyFactory;
    private final Provider messageDigest;

    private final ConcurrentHashMap<String, Provider> chosenCipher = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Provider> chosenMac = new ConcurrentHashMap<>();
    /** Never-keyed {@code Mac}s that are copied instead of asking the provider again (see {@link #mac}). */
    private final ConcurrentHashMap<String, Mac> macPrototypes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Provider> chosenDigest = new ConcurrentHashMap<>();

    /** Peer public keys imported for the bound signature provider, least recently used first. */
    private final Map<ByteBuffer, PublicKey> importedKeys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, PublicKey> eldest) {
            return size() > IMPORTED_KEYS;
        }
    };

    private JcaProviders(Builder b) {
        this.cipher = b.cipher;
        this.mac = b.mac;
        this.keyAgreement = b.keyAgreement;
        this.keyPairGenerator = b.keyPairGenerator;
        this.signature = b.signature;
        this.keyFactory = b.keyFactory;
        this.messageDigest = b.messageDigest;
    }

    /** The JDK's installed providers, in their preference order, for every family. */
    public static JcaProviders defaults() {
        return DEFAULTS;
    }

    /** A builder whose families all start unbound (the JDK's preference order). */
    public static Builder builder() {
        return new Builder();
    }

    /** A {@code Cipher} for a transformation such as {@code "AES/GCM/NoPadding"}. */
    public Cipher cipher(String transformation) {
        try {
            Provider p = cipher != null ? cipher : chosenCipher.get(transformation);
            if (p != null) {
                return Cipher.getInstance(transformation, p);
            }
            Cipher c = Cipher.getInstance(transformation);
            chosenCipher.putIfAbsent(transformation, c.getProvider());
            return c;
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw missing("Cipher", transformation, cipher, e);
        }
    }

    /**
     * A {@code Mac} such as {@code "HmacSHA256"}. The first one of each algorithm is kept, never
     * keyed, as a prototype, and later ones are its clones when the provider supports cloning
     * (the JDK's HMACs do): a clone costs a tenth of {@code Mac.getInstance}, which a handshake
     * pays for every PRF run and cookie. Cloning only reads the prototype, so threads may share it.
     */
    public Mac mac(String algorithm) {
        Mac prototype = macPrototypes.get(algorithm);
        if (prototype != null) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                macPrototypes.remove(algorithm, prototype); // not expected: the prototype was cloned once
            }
        }
        Mac m = newMac(algorithm);
        try {
            Mac copy = (Mac) m.clone();
            macPrototypes.putIfAbsent(algorithm, m);
            return copy;
        } catch (CloneNotSupportedException e) {
            return m; // this provider's Macs are made afresh each time
        }
    }

    private Mac newMac(String algorithm) {
        try {
            Provider p = mac != null ? mac : chosenMac.get(algorithm);
            if (p != null) {
                return Mac.getInstance(algorithm, p);
            }
            // Mac.getInstance(algorithm) may defer the choice of provider until init; asking for the
            // provider settles it, and the Mac made again from that provider has its engine fixed.
            Provider chosen = Mac.getInstance(algorithm).getProvider();
            chosenMac.putIfAbsent(algorithm, chosen);
            return Mac.getInstance(algorithm, chosen);
        } catch (NoSuchAlgorithmException e) {
            throw missing("Mac", algorithm, mac, e);
        }
    }

    /** A {@code KeyAgreement} such as {@code "ECDH"} or {@code "X25519"}. */
    public KeyAgreement keyAgreement(String algorithm) {
        try {
            return keyAgreement == null ? KeyAgreement.getInstance(algorithm)
                    : KeyAgreement.getInstance(algorithm, keyAgreement);
        } catch (NoSuchAlgorithmException e) {
            throw missing("KeyAgreement", algorithm, keyAgreement, e);
        }
    }

    /** A {@code KeyPairGenerator} such as {@code "EC"} or {@code "X25519"}. */
    public KeyPairGenerator keyPairGenerator(String algorithm) {
        try {
            return keyPairGenerator == null ? KeyPairGenerator.getInstance(algorithm)
                    : KeyPairGenerator.getInstance(algorithm, keyPairGenerator);
        } catch (NoSuchAlgorithmException e) {
            throw missing("KeyPairGenerator", algorithm, keyPairGenerator, e);
        }
    }

    /** A {@code Signature} such as {@code "SHA256withECDSA"} or {@code "RSASSA-PSS"}. */
    public Signature signature(String algorithm) {
        try {
            return signature == null ? Signature.getInstance(algorithm)
                    : Signature.getInstance(algorithm, signature);
        } catch (NoSuchAlgorithmException e) {
            throw missing("Signature", algorithm, signature, e);
        }
    }

    /** A {@code KeyFactory} such as {@code "EC"}, {@code "XDH"} or {@code "RSA"}. */
    public KeyFactory keyFactory(String algorithm) {
        try {
            return keyFactory == null ? KeyFactory.getInstance(algorithm)
                    : KeyFactory.getInstance(algorithm, keyFactory);
        } catch (NoSuchAlgorithmException e) {
            throw missing("KeyFactory", algorithm, keyFactory, e);
        }
    }

    /** A {@code MessageDigest} such as {@code "SHA-256"}. */
    public MessageDigest messageDigest(String algorithm) {
        try {
            Provider p = messageDigest != null ? messageDigest : chosenDigest.get(algorithm);
            if (p != null) {
                return MessageDigest.getInstance(algorithm, p);
            }
            MessageDigest d = MessageDigest.getInstance(algorithm);
            chosenDigest.putIfAbsent(algorithm, d.getProvider());
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw missing("MessageDigest", algorithm, messageDigest, e);
        }
    }

    /**
     * {@code key} as the bound {@code Signature} provider's own key class, or {@code key} itself
     * when that family is unbound, the key cannot be exported (a hardware token) or the provider
     * cannot read it. A provider handed a foreign key converts it on every {@code initSign}:
     * Bouncy Castle rebuilds the curve and its precomputed multiples of the base point each time,
     * which made an ECDSA signature three times slower. Import once, sign many times.
     */
    public PrivateKey forSignature(PrivateKey key) {
        if (signature == null || key == null || !"PKCS#8".equals(key.getFormat())) {
            return key;
        }
        byte[] encoded = key.getEncoded();
        try {
            return encoded == null ? key
                    : KeyFactory.getInstance(key.getAlgorithm(), signature).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} keeps a {1} private key it cannot import: {2}",
                    signature.getName(), key.getAlgorithm(), e.toString());
            return key;
        } finally {
            if (encoded != null) {
                java.util.Arrays.fill(encoded, (byte) 0);
            }
        }
    }

    /**
     * The public-key counterpart of {@link #forSignature(PrivateKey)}, from its X.509 encoding.
     * The last {@value #IMPORTED_KEYS} keys imported are kept, keyed by their encoding: a client
     * that meets the same server again, or a server that meets the same client certificate, then
     * verifies with a key whose multiples the provider has already computed.
     */
    public PublicKey forSignature(PublicKey key) {
        if (signature == null || key == null || !"X.509".equals(key.getFormat())) {
            return key;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return key;
        }
        ByteBuffer id = ByteBuffer.wrap(encoded);
        synchronized (importedKeys) {
            PublicKey known = importedKeys.get(id);
            if (known != null) {
                return known;
            }
        }
        try {
            PublicKey imported = KeyFactory.getInstance(key.getAlgorithm(), signature)
                    .generatePublic(new X509EncodedKeySpec(encoded));
            synchronized (importedKeys) {
                importedKeys.put(id, imported);
            }
            return imported;
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} keeps a {1} public key it cannot import: {2}",
                    signature.getName(), key.getAlgorithm(), e.toString());
            return key;
        }
    }

    @Override
    public String toString() {
        return "JcaProviders[cipher=" + name(cipher) + ", mac=" + name(mac)
                + ", keyAgreement=" + name(keyAgreement) + ", keyPairGenerator=" + name(keyPairGenerator)
                + ", signature=" + name(signature) + ", keyFactory=" + name(keyFactory)
                + ", messageDigest=" + name(messageDigest) + "]";
    }

    private static IllegalStateException missing(String family, String algorithm, Provider p, Exception e) {
        return new IllegalStateException(family + " \"" + algorithm + "\" is not available from "
                + (p == null ? "any installed provider" : "provider " + p.getName()), e);
    }

    private static String name(Provider p) {
        return p == null ? "default" : p.getName();
    }

    /** Binds families to providers; unbound families use the JDK's preference order. */
    public static final class Builder {
        private Provider cipher;
        private Provider mac;
        private Provider keyAgreement;
        private Provider keyPairGenerator;
        private Provider signature;
        private Provider keyFactory;
        private Provider messageDigest;

        private Builder() {
        }

        /** Provider for {@code Cipher}; {@code null} restores the default. */
        public Builder cipher(Provider p) {
            this.cipher = p;
            return this;
        }

        /** Provider for {@code Mac}; {@code null} restores the default. */
        public Builder mac(Provider p) {
            this.mac = p;
            return this;
        }

        /** Provider for {@code KeyAgreement}; {@code null} restores the default. */
        public Builder keyAgreement(Provider p) {
            this.keyAgreement = p;
            return this;
        }

        /** Provider for {@code KeyPairGenerator}; {@code null} restores the default. */
        public Builder keyPairGenerator(Provider p) {
            this.keyPairGenerator = p;
            return this;
        }

        /** Provider for {@code Signature}; {@code null} restores the default. */
        public Builder signature(Provider p) {
            this.signature = p;
            return this;
        }

        /** Provider for {@code KeyFactory}; {@code null} restores the default. */
        public Builder keyFactory(Provider p) {
            this.keyFactory = p;
            return this;
        }

        /** Provider for {@code MessageDigest}; {@code null} restores the default. */
        public Builder messageDigest(Provider p) {
            this.messageDigest = p;
            return this;
        }

        /** The same provider for every family. */
        public Builder all(Provider p) {
            return cipher(p).mac(p).keyAgreement(p).keyPairGenerator(p).signature(p).keyFactory(p)
                    .messageDigest(p);
        }

        public JcaProviders build() {
            return new JcaProviders(this);
        }
    }
}
