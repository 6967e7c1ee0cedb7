package org.dtls4j.crypto.cbc;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.MacAlgorithm;

/**
 * HMAC over a content whose length is secret, in a time that depends only on the longest length
 * it could have had: the defence against Lucky Thirteen (AlFardan and Paterson, 2013), whose timing
 * signal is the number of SHA compressions the MAC of a MAC-then-encrypt record costs.
 *
 * <p>HMAC (RFC 2104) hashes {@code (K XOR ipad) || macHeader || content}, that is 64 +
 * {@code macHeader.length} + {@code contentLength} bytes, in
 * {@link MacAlgorithm#compressions(int)} compressions, then two more for the outer hash. JCA's
 * {@code Mac} hides the hash state, so the content cannot be padded to a fixed length inside it;
 * instead a second {@code Mac} of the same algorithm, from the same provider and so with the same
 * compression function, is fed the difference, in whole blocks of filler:
 *
 * <pre>
 *   real:   compressions(64 + h + contentLength)            + 2
 *   filler: compressions(64 + h + maxContentLength)
 *           - compressions(64 + h + contentLength)          + 1   (its own ipad block)
 *   total:  compressions(64 + h + maxContentLength)         + 3   whatever contentLength is
 * </pre>
 *
 * The filler count is computed with shifts and subtraction ({@link MacAlgorithm#compressions}).
 * What is left to vary with the content length is copying under a block into the hash's buffer,
 * nanoseconds against the microseconds of a compression (measured in {@code docs/SECURITY.md}).
 */
final class BalancedMac {
    private final Mac mac;
    private final Mac filler;
    /** Filler blocks: the content lengths in question span at most 256 bytes, so at most five blocks differ. */
    private final byte[] fillerBlocks =
            new byte[(ConstantTime.MAX_PADDING_WITH_LENGTH / MacAlgorithm.HASH_BLOCK_LENGTH + 2) * MacAlgorithm.HASH_BLOCK_LENGTH];

    BalancedMac(Mac mac, MacAlgorithm algorithm, byte[] macKey, JcaProviders providers) {
        this.mac = mac;
        this.filler = CbcRecordCipher.keyedMac(algorithm, macKey, providers);
    }

    /**
     * Writes HMAC(macHeader || content[off, off+contentLength)) to {@code out[0...]}.
     *
     * @param maxContentLength the longest content the record could hold; at most 256 bytes more
     *                         than {@code contentLength}
     */
    void compute(byte[] macHeader, byte[] content, int off, int contentLength, int maxContentLength, byte[] out)
            throws ShortBufferException {
        mac.update(macHeader);
        mac.update(content, off, contentLength);
        mac.doFinal(out, 0);
        int prefix = MacAlgorithm.HASH_BLOCK_LENGTH + macHeader.length;
        int extra = MacAlgorithm.compressions(prefix + maxContentLength) - MacAlgorithm.compressions(prefix + contentLength);
        // The first update of a fresh HMAC also hashes its ipad block, so even zero filler bytes cost one compression.
        filler.update(fillerBlocks, 0, extra * MacAlgorithm.HASH_BLOCK_LENGTH);
        filler.reset();
    }
}
