package org.dtls4j.handshake.protocol;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import org.dtls4j.crypto.JcaProviders;
import org.dtls4j.crypto.PrfHash;

/**
 * The handshake transcript: every handshake message sent and received, in order.
 *
 * <p>RFC 6347 §4.2.6: "the handshake messages are hashed ... as if each handshake message had been
 * sent as a single fragment": callers append the reassembled form (offset 0, fragment_length =
 * length), never a re-encoding of a parsed message. RFC 6347 §4.2.1: the first ClientHello and the
 * HelloVerifyRequest are left out ("the initial ClientHello and HelloVerifyRequest MUST NOT be
 * included"), so the client resets the transcript when it answers a HelloVerifyRequest.
 *
 * <p>The raw bytes are kept (a few kilobytes for the length of a handshake) because the hash is not
 * known until the suite is chosen, and TLS 1.2's CertificateVerify signs the messages themselves.
 */
public final class Transcript {
    private ByteArrayOutputStream messages = new ByteArrayOutputStream(4096);

    /** Appends one whole handshake message (12-byte DTLS header with offset 0, then body). */
    public void append(byte[] wholeMessage) {
        messages.writeBytes(wholeMessage);
    }

    /** All messages so far, concatenated (what TLS 1.2 CertificateVerify signs, RFC 5246 §7.4.8). */
    public byte[] bytes() {
        return messages.toByteArray();
    }

    /** Hash of all messages so far with the suite's PRF hash (RFC 5246 §7.4.9 handshake_messages). */
    public byte[] hash(PrfHash hash, JcaProviders providers) {
        MessageDigest md = providers.messageDigest(hash.digestAlgorithm());
        return md.digest(messages.toByteArray());
    }

    /** Lets go of the buffer for good: the handshake is over and nothing will be hashed again. */
    public void release() {
        messages = new ByteArrayOutputStream(0);
    }

    /** Forgets everything (client, after a HelloVerifyRequest). */
    public void reset() {
        messages.reset();
    }

    public int length() {
        return messages.size();
    }
}
