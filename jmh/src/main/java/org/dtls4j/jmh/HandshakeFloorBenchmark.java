package org.dtls4j.jmh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor under a handshake (issue item 2): each JCA operation a DTLS 1.2 handshake needs, as
 * its own benchmark, with every engine object made once and reused, the cheapest way JCA allows.
 * A side's floor is the sum of its operations, for example an ECDHE-ECDSA P-256 server:
 * {@code p256KeyGen + ecdsaP256Sign + p256Agree + prfAndFinished}; the client:
 * {@code p256KeyGen + p256Agree + 2 x ecdsaP256Verify} (ServerKeyExchange and the leaf
 * certificate) {@code + prfAndFinished}. {@code summarize.py} adds them up.
 *
 * <p>Decoding the peer's public key from the wire and checking certificate chains are not in the
 * floor, so the floor is a little lower than what any implementation can reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandshakeFloorBenchmark {
    @Param({"JDK", "BC"})
    public Providers provider;

    private final SecureRandom random = new SecureRandom();
    /** What a ServerKeyExchange signs: two randoms and the ECDHE parameters. */
    private final byte[] signed = new byte[32 + 32 + 4 + 65];
    private Signature ecdsaSigner;
    private Signature ecdsaVerifier;
    private byte[] ecdsaSignature;
    private Signature rsaSigner;
    private Signature rsaVerifier;
    private byte[] rsaSignature;
    private KeyPairGenerator p256;
    private KeyPairGenerator x25519;
    private KeyAgreement ecdh;
    private KeyAgreement xdh;
    private PrivateKey p256Private;
    private PublicKey p256Peer;
    private PrivateKey x25519Private;
    private PublicKey x25519Peer;
    private Mac hmac;
    private MessageDigest sha256;
    private final byte[] transcript = new byte[1500];
    private final byte[] premaster = new byte[32];

    @Setup
    public void setUp() throws GeneralSecurityException {
        Provider p = provider.provider();
        random.nextBytes(signed);
        random.nextBytes(transcript);
        random.nextBytes(premaster);
        KeyExchange ecdsa = KeyExchange.ECDHE_ECDSA_P256;
        ecdsaSigner = signature("SHA256withECDSA", p);
        ecdsaSigner.initSign(Peers.pki(ecdsa).leaf().privateKey(), random);
        ecdsaVerifier = signature("SHA256withECDSA", p);
        ecdsaVerifier.initVerify(Peers.pki(ecdsa).leaf().leaf().getPublicKey());
        ecdsaSignature = ecdsaP256Sign(new CpuTime());
        KeyExchange rsa = KeyExchange.ECDHE_RSA;
        PSSParameterSpec pss = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
        rsaSigner = signature("RSASSA-PSS", p);
        rsaSigner.setParameter(pss);
        rsaSigner.initSign(Peers.pki(rsa).leaf().privateKey(), random);
        rsaVerifier = signature("RSASSA-PSS", p);
        rsaVerifier.setParameter(pss);
        rsaVerifier.initVerify(Peers.pki(rsa).leaf().leaf().getPublicKey());
        rsaSignature = rsa2048PssSign(new CpuTime());

        p256 = p == null ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", p);
        p256.initialize(new ECGenParameterSpec("secp256r1"), random);
        x25519 = p == null ? KeyPairGenerator.getInstance("X25519") : KeyPairGenerator.getInstance("X25519", p);
        x25519.initialize(255, random);
        ecdh = p == null ? KeyAgreement.getInstance("ECDH") : KeyAgreement.getInstance("ECDH", p);
        xdh = p == null ? KeyAgreement.getInstance("X25519") : KeyAgreement.getInstance("X25519", p);
        KeyPair mine = p256.generateKeyPair();
        p256Private = mine.getPrivate();
        p256Peer = p256.generateKeyPair().getPublic();
        KeyPair myX = x25519.generateKeyPair();
        x25519Private = myX.getPrivate();
        x25519Peer = x25519.generateKeyPair().getPublic();
        hmac = p == null ? Mac.getInstance("HmacSHA256") : Mac.getInstance("HmacSHA256", p);
        sha256 = p == null ? MessageDigest.getInstance("SHA-256") : MessageDigest.getInstance("SHA-256", p);
        if (!ecdsaP256Verify(new CpuTime()) || !rsa2048PssVerify(new CpuTime())) {
            throw new IllegalStateException("signatures do not verify");
        }
    }

    private static Signature signature(String algorithm, Provider p) throws GeneralSecurityException {
        return p == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, p);
    }

    @Benchmark
    public byte[] ecdsaP256Sign(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        ecdsaSigner.update(signed);
        return ecdsaSigner.sign();
    }

    @Benchmark
    public boolean ecdsaP256Verify(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        ecdsaVerifier.update(signed);
        return ecdsaVerifier.verify(ecdsaSignature);
    }

    @Benchmark
    public byte[] rsa2048PssSign(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        rsaSigner.update(signed);
        return rsaSigner.sign();
    }

    @Benchmark
    public boolean rsa2048PssVerify(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        rsaVerifier.update(signed);
        return rsaVerifier.verify(rsaSignature);
    }

    @Benchmark
    public KeyPair p256KeyGen(CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        return p256.generateKeyPair();
    }

    @Benchmark
    public byte[] p256Agree(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        ecdh.init(p256Private);
        ecdh.doPhase(p256Peer, true);
        return ecdh.generateSecret();
    }

    @Benchmark
    public KeyPair x25519KeyGen(CpuTime cpu) {
        cpu.tick(CpuTime.EVERY);
        return x25519.generateKeyPair();
    }

    @Benchmark
    public byte[] x25519Agree(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        xdh.init(x25519Private);
        xdh.doPhase(x25519Peer, true);
        return xdh.generateSecret();
    }

    /**
     * One side's symmetric handshake work: the transcript hash (1,500 bytes, three snapshots), the
     * extended master secret (RFC 7627 §4), a 40-byte key block (RFC 5246 §6.3) and both Finished
     * verify_data values (RFC 5246 §7.4.9), each PRF run with HMAC-SHA256 (RFC 5246 §5).
     */
    @Benchmark
    public byte[] prfAndFinished(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.EVERY);
        sha256.reset();
        sha256.update(transcript, 0, 1400);
        byte[] sessionHash = ((MessageDigest) clone(sha256)).digest();
        byte[] master = prf(premaster, "extended master secret", sessionHash, 48);
        byte[] keyBlock = prf(master, "key expansion", signed, 40);
        sha256.update(transcript, 1400, 50);
        byte[] clientHash = ((MessageDigest) clone(sha256)).digest();
        byte[] clientFinished = prf(master, "client finished", clientHash, 12);
        sha256.update(transcript, 1450, 50);
        byte[] serverFinished = prf(master, "server finished", sha256.digest(), 12);
        keyBlock[0] ^= clientFinished[0] ^ serverFinished[0];
        return keyBlock;
    }

    private static Object clone(MessageDigest md) throws GeneralSecurityException {
        try {
            return md.clone();
        } catch (CloneNotSupportedException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** P_SHA256(secret, label + seed) truncated to {@code length} (RFC 5246 §5). */
    private byte[] prf(byte[] secret, String label, byte[] seed, int length) throws GeneralSecurityException {
        hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] labelBytes = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = new byte[length];
        hmac.update(labelBytes);
        hmac.update(seed);
        byte[] a = hmac.doFinal();
        for (int done = 0; done < length; ) {
            hmac.update(a);
            hmac.update(labelBytes);
            hmac.update(seed);
            byte[] block = hmac.doFinal();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
            if (done < length) {
                a = hmac.doFinal(a);
            }
        }
        return out;
    }
}
