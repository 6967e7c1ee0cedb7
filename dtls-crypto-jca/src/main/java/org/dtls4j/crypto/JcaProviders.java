package org.dtls4j.crypto;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
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
 * plain {@code getInstance(algorithm)} calls do. Instances are immutable and safe to share between
 * threads; the engine objects they hand out are not.
 *
 * <p>A missing algorithm is a configuration error, not a protocol event, so it surfaces as an
 * unchecked {@link IllegalStateException} naming the algorithm and the provider asked.
 *
 * <p>RFC 5246 §6.2.3.3 and §7.4 name the primitives; this class only decides who supplies them.
 */
public final class JcaProviders {

    private static final JcaProviders DEFAULTS = new Builder().build();

    private final Provider cipher;
    private final Provider mac;
    private final Provider keyAgreement;
    private final Provider keyPairGenerator;
    private final Provider signature;
    private final Provider keyFactory;
    private final Provider messageDigest;

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
            return cipher == null ? Cipher.getInstance(transformation)
                    : Cipher.getInstance(transformation, cipher);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw missing("Cipher", transformation, cipher, e);
        }
    }

    /** A {@code Mac} such as {@code "HmacSHA256"}. */
    public Mac mac(String algorithm) {
        try {
            return mac == null ? Mac.getInstance(algorithm) : Mac.getInstance(algorithm, mac);
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
            return messageDigest == null ? MessageDigest.getInstance(algorithm)
                    : MessageDigest.getInstance(algorithm, messageDigest);
        } catch (NoSuchAlgorithmException e) {
            throw missing("MessageDigest", algorithm, messageDigest, e);
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
