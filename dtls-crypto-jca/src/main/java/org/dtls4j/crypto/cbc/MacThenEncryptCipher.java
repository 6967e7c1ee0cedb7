package org.dtls4j.crypto.cbc;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.dtls4j.crypto.BulkCipher;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * MAC-then-encrypt records (RFC 5246 §6.2.3.2), for a peer without encrypt_then_mac and only when
 * the application allowed it:
 *
 * <pre>
 *   fragment = IV || ENC(content || MAC || padding || padding_length)
 *   MAC      = HMAC(MAC_write_key, macHeader || content), the header's length that of the content
 * </pre>
 *
 * <p>The receiver must decrypt before it can find the MAC, and where the MAC ends depends on the
 * padding, which a forger controls. If the time to refuse a record depended on whether the padding
 * was well formed, or on how long it claims to be, the record would become a decryption oracle
 * (Vaudenay 2002; Lucky Thirteen, AlFardan and Paterson 2013). So {@link #open} does the same work
 * for every padding of a given record length, with no early exit:
 *
 * <ol>
 *   <li>decrypt the whole fragment;</li>
 *   <li>check the last min(256, length) bytes against padding_length with masks
 *       ({@code ConstantTime.paddingToRemove}); a bad padding is treated as if nothing were to be
 *       removed, and remembered;</li>
 *   <li>copy the MAC out of the bytes that could hold it, reading each of them once
 *       ({@code ConstantTime.copyMac});</li>
 *   <li>compute the HMAC over the content found, then feed filler blocks so that the hash
 *       compresses as many blocks as for the longest possible content ({@link BalancedMac});</li>
 *   <li>compare all MAC bytes, and refuse the record if the padding or the MAC was bad, with one
 *       exception for both (RFC 5246 §6.2.3.2: bad padding "MUST use the bad_record_mac alert").</li>
 * </ol>
 *
 * The loops run over counts that follow from the record's length, which the attacker knows.
 */
public final class MacThenEncryptCipher extends CbcRecordCipher {
    private final BalancedMac balancedMac;
    private final byte[] tail;
    private final byte[] rotatedMac;
    private final byte[] receivedMac;
    private final byte[] expectedMac;

    public MacThenEncryptCipher(BulkCipher cipher, byte[] key, MacAlgorithm mac, byte[] macKey,
                                SecureRandom random, JcaProviders providers) {
        super(cipher, key, mac, macKey, random, providers);
        this.balancedMac = new BalancedMac(this.mac, mac, macKey, providers);
        this.tail = new byte[macLength + BLOCK];
        this.rotatedMac = new byte[macLength];
        this.receivedMac = new byte[macLength];
        this.expectedMac = new byte[macLength];
    }

    @Override
    public boolean encryptThenMac() {
        return false;
    }

    @Override
    public int sealedLength(int contentLength) {
        return BLOCK + contentLength + macLength + paddingLength(contentLength + macLength) + 1;
    }

    /** IV || whole blocks of content || MAC || padding || padding_length: the blocks hold content + MAC + 1. */
    @Override
    public int maxContentLength(int sealedLength) {
        return ((sealedLength - BLOCK) & -BLOCK) - macLength - 1;
    }

    /** IV and the blocks holding at least the MAC and the padding length byte. */
    @Override
    public int minimumSealedLength() {
        return BLOCK + ((macLength + 1 + BLOCK - 1) & -BLOCK);
    }

    @Override
    public int seal(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkArgs(macHeader, in, inOff, inLen, out, outOff);
        setLength(macHeader, inLen);
        mac.update(macHeader);
        mac.update(in, inOff, inLen);
        mac.doFinal(tail, 0);
        int tailLength = macLength + writePadding(tail, macLength, paddingLength(inLen + macLength));
        return blocks.encrypt(in, inOff, inLen, tail, tailLength, out, outOff);
    }

    @Override
    public int open(byte[] macHeader, byte[] in, int inOff, int inLen, byte[] out, int outOff)
            throws GeneralSecurityException {
        checkArgs(macHeader, in, inOff, inLen, out, outOff);
        if (inLen < minimumSealedLength() || inLen % BLOCK != 0) {
            throw badRecord(); // the length is public: refusing it early tells nothing
        }
        int length = blocks.decrypt(in, inOff, inLen, out, outOff);
        int removed = ConstantTime.paddingToRemove(out, outOff, length, macLength);
        int good = ~ConstantTime.equal(removed, 0);
        int contentLength = length - macLength - removed;
        ConstantTime.copyMac(out, outOff, length, contentLength, rotatedMac, receivedMac);
        setLength(macHeader, contentLength);
        balancedMac.compute(macHeader, out, outOff, contentLength, length - macLength, expectedMac);
        good &= ConstantTime.equal(receivedMac, 0, expectedMac, 0, macLength);
        if (good == 0) {
            throw badRecord();
        }
        return contentLength;
    }
}
