package org.dtls4j.crypto.cbc;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * Encrypt-then-MAC records (RFC 7366 §3):
 *
 * <pre>
 *   fragment = IV || ENC(content || padding || padding_length) || MAC
 *   MAC      = HMAC(MAC_write_key, macHeader || IV || ENC(...))
 *              where the header's length is that of IV || ENC(...) (erratum 4212)
 * </pre>
 *
 * <p>Opening checks the MAC over public bytes first, in constant time, and decrypts only a record
 * that passed: a forged record never reaches the padding check, so the padding cannot serve as an
 * oracle (RFC 7366 §1). A genuine record with bad padding (a broken peer) is refused as well.
 */
public final class EncryptThenMacCipher extends CbcRecordCipher {
    private final byte[] padding = new byte[BLOCK];
    private final byte[] expectedMac;

    public EncryptThenMacCipher(BulkCipher cipher, byte[] key, MacAlgorithm mac, byte[] macKey,
                                SecureRandom random, JcaProviders providers) {
        super(cipher, key, mac, macKey, random, providers);
        this.expectedMac = new byte[macLength];
    }

    @Override
    public boolean encryptThenMac() {
        return true;
    }

    @Override
    public int sealedLength(int contentLength) {
        return BLOCK + contentLength + paddingLength(contentLength) + 1 + macLength;
    }

    /** IV || whole blocks of content || padding || padding_length || MAC: the blocks hold content + 1. */
    @Override
    public int maxContentLength(int sealedLength) {
        return ((sealedLength - BLOCK - macLength) & -BLOCK) - 1;
    }

    /** IV, one block holding at least the padding length byte, and the MAC. */
    @Override
    public int minimumSealedLength() {
        return BLOCK + BLOCK + macLength;
    }

    @Override
    public int seal(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkArgs(macHeader, in, inOff, inLen, out, outOff);
        int tail = writePadding(padding, 0, paddingLength(inLen));
        int encrypted = blocks.encrypt(in, inOff, inLen, padding, tail, out, outOff);
        setLength(macHeader, encrypted);
        mac.update(macHeader);
        mac.update(out, outOff, encrypted);
        mac.doFinal(out, outOff + encrypted);
        return encrypted + macLength;
    }

    @Override
    public int open(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkArgs(macHeader, in, inOff, inLen, out, outOff);
        int encrypted = inLen - macLength;
        if (inLen < minimumSealedLength() || encrypted % BLOCK != 0) {
            throw badRecord();
        }
        setLength(macHeader, encrypted);
        mac.update(macHeader);
        mac.update(in, inOff, encrypted);
        mac.doFinal(expectedMac, 0);
        if (ConstantTime.equal(expectedMac, 0, in, inOff + encrypted, macLength) == 0) {
            throw badRecord();
        }
        int length = blocks.decrypt(in, inOff, encrypted, out, outOff);
        int removed = ConstantTime.paddingToRemove(out, outOff, length, 0);
        if (removed == 0) {
            throw badRecord();
        }
        return length - removed;
    }
}
