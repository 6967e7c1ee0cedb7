package org.dtls4j.jmh;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.aead.AesCcm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor under record protection (issue item 1): seal and open one payload with raw JCA, the
 * best way JCA allows. One {@link Cipher} per direction is made once and re-initialised for each
 * record with a fresh 12-byte nonce and the 13 bytes of additional data a DTLS record has
 * (RFC 5246 §6.2.3.3); nothing else happens, no header, no replay window.
 *
 * <p>JCA has no CCM mode, so for AES-128-CCM_8 the "floor" is dtls4j's own {@link AesCcm} over
 * JCA's AES block cipher, called directly; compare it with the AES-128-GCM row to see what CCM
 * itself costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordFloorBenchmark {
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM_8"})
    public BulkCipher cipher;

    @Param({"64", "512", "1200", "16000"})
    public int payload;

    private SecretKeySpec key;
    private Cipher sealer;
    private Cipher opener;
    private AesCcm ccm;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private byte[] plaintext;
    private byte[] sealed;
    private byte[] opened;
    private long seq;

    @Setup
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        byte[] k = new byte[cipher.keyLength()];
        random.nextBytes(k);
        random.nextBytes(nonce);
        plaintext = new byte[payload];
        random.nextBytes(plaintext);
        sealed = new byte[payload + cipher.tagLength()];
        opened = new byte[payload];
        switch (cipher) {
            case AES_128_GCM:
            case AES_256_GCM:
                key = new SecretKeySpec(k, "AES");
                sealer = Cipher.getInstance("AES/GCM/NoPadding");
                opener = Cipher.getInstance("AES/GCM/NoPadding");
                break;
            case CHACHA20_POLY1305:
                key = new SecretKeySpec(k, "ChaCha20");
                sealer = Cipher.getInstance("ChaCha20-Poly1305");
                opener = Cipher.getInstance("ChaCha20-Poly1305");
                break;
            case AES_128_CCM_8:
                ccm = new AesCcm(k, 12, 8, org.dtls4j.crypto.JcaProviders.defaults());
                break;
            default:
                throw new IllegalArgumentException("not benchmarked: " + cipher);
        }
        if (sealAndOpen() != payload) {
            throw new IllegalStateException("round trip lost bytes");
        }
    }

    /** Seal then open one payload; returns the opened length. */
    @Benchmark
    public int sealAndOpen(CpuTime cpu) throws GeneralSecurityException {
        cpu.tick(CpuTime.FAST);
        return sealAndOpen();
    }

    /** The operation itself, also used by the setup and the tests. */
    int sealAndOpen() throws GeneralSecurityException {
        nextNonce();
        int n;
        switch (cipher) {
            case AES_128_CCM_8:
                n = ccm.seal(nonce, aad, plaintext, 0, payload, sealed, 0);
                return ccm.open(nonce, aad, sealed, 0, n, opened, 0);
            case CHACHA20_POLY1305:
                sealer.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
                sealer.updateAAD(aad);
                n = sealer.doFinal(plaintext, 0, payload, sealed, 0);
                opener.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
                opener.updateAAD(aad);
                return opener.doFinal(sealed, 0, n, opened, 0);
            default:
                sealer.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                sealer.updateAAD(aad);
                n = sealer.doFinal(plaintext, 0, payload, sealed, 0);
                opener.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                opener.updateAAD(aad);
                return opener.doFinal(sealed, 0, n, opened, 0);
        }
    }

    /** A distinct nonce and matching additional data per record, as a record layer makes them. */
    private void nextNonce() {
        long s = ++seq;
        for (int i = 0; i < 8; i++) {
            byte b = (byte) (s >>> (56 - 8 * i));
            nonce[4 + i] = b;
            aad[i] = b;
        }
        aad[8] = 23;
        aad[9] = (byte) 0xFE;
        aad[10] = (byte) 0xFD;
        aad[11] = (byte) (payload >>> 8);
        aad[12] = (byte) payload;
    }
}
