package org.dtls4j.handshake.ticket;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One ticket key: the 16-byte key_name that travels in the clear at the front of every ticket
 * sealed under it (RFC 5077 §4: "key_name ... serves to identify a particular set of keys used to
 * protect the ticket"), and the AES key that seals the state. One AES key does the work of RFC
 * 5077's two (encryption and MAC), because the ticket is sealed with AES-GCM.
 *
 * <p>{@link #toString()} shows the name only.
 */
public final class TicketKey {
    /** key_name length, as RFC 5077 §4 recommends. */
    public static final int NAME_LENGTH = 16;

    private final byte[] name;
    private final SecretKey secret;

    /**
     * @param name   16 bytes, unique among the keys in use
     * @param secret 16 or 32 bytes (AES-128 or AES-256)
     */
    public TicketKey(byte[] name, byte[] secret) {
        if (name.length != NAME_LENGTH) {
            throw new IllegalArgumentException("a ticket key name is " + NAME_LENGTH + " bytes, got " + name.length);
        }
        if (secret.length != 16 && secret.length != 32) {
            throw new IllegalArgumentException("a ticket key is 16 or 32 bytes (AES-128 or AES-256), got " + secret.length);
        }
        this.name = name.clone();
        this.secret = new SecretKeySpec(secret, "AES");
    }

    /** A new AES-256 key with a random name. */
    public static TicketKey generate(SecureRandom random) {
        byte[] name = new byte[NAME_LENGTH];
        byte[] secret = new byte[32];
        random.nextBytes(name);
        random.nextBytes(secret);
        try {
            return new TicketKey(name, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public byte[] name() {
        return name.clone();
    }

    /** Whether this key is the one called {@code keyName}. Names are public: no need for constant time. */
    public boolean isNamed(byte[] keyName) {
        return Arrays.equals(name, keyName);
    }

    SecretKey secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "TicketKey[" + HexFormat.of().formatHex(name) + "]";
    }
}
