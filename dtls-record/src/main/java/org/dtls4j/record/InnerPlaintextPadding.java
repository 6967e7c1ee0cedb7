package org.dtls4j.record;

/**
 * How many zeros a sender puts after real_type in the {@link DTLSInnerPlaintext} of a record with
 * a connection ID. RFC 9146 §4: "This provides an opportunity for senders to pad any DTLS record
 * by a chosen amount as long as the total stays within record size limits." The receiver needs no
 * setting: it skips whatever zeros arrive.
 *
 * <p>Padding hides the exact length of what a record carries and costs bytes on the wire; the
 * default, {@link #NONE}, sends none. {@link #toMultipleOf(int)} rounds the inner plaintext up to a
 * multiple of a block size, which also keeps block-oriented AEAD implementations on their whole-block
 * path (JDK AES-GCM, for one, is slower for an input that is not a multiple of 16 bytes).
 *
 * <p>Records without a CID have no inner plaintext and are never padded.
 */
public interface InnerPlaintextPadding {
    /** No padding: content and real_type only. */
    InnerPlaintextPadding NONE = new InnerPlaintextPadding() {
        @Override
        public int padding(ContentType realType, int innerLength) {
            return 0;
        }

        @Override
        public int maxPadding() {
            return 0;
        }
    };

    /**
     * Zeros to add after real_type, 0 to {@link #maxPadding()}.
     *
     * @param realType    the record's real content type
     * @param innerLength content plus the real_type byte, before padding
     */
    int padding(ContentType realType, int innerLength);

    /**
     * The most {@link #padding} ever returns. {@link RecordLayer#recordOverhead} counts it, so that
     * a caller who sizes records by the overhead never overruns its datagram.
     */
    int maxPadding();

    /**
     * Pads the inner plaintext up to the next multiple of {@code blockSize} bytes.
     *
     * @param blockSize 1 (no padding) to 256
     */
    static InnerPlaintextPadding toMultipleOf(int blockSize) {
        if (blockSize < 1 || blockSize > 256) {
            throw new IllegalArgumentException("block size must be 1 to 256, not " + blockSize);
        }
        return new InnerPlaintextPadding() {
            @Override
            public int padding(ContentType realType, int innerLength) {
                return Math.floorMod(-innerLength, blockSize);
            }

            @Override
            public int maxPadding() {
                return blockSize - 1;
            }

            @Override
            public String toString() {
                return "InnerPlaintextPadding.toMultipleOf(" + blockSize + ")";
            }
        };
    }
}
