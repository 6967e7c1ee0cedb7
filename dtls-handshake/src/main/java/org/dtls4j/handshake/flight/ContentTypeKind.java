package org.dtls4j.handshake.flight;

import org.dtls4j.record.ContentType;

/**
 * The two kinds of message a flight carries (RFC 6347 §4.2.4): handshake messages and the
 * ChangeCipherSpec, which RFC 6347 §4.2.5 counts as part of the flight although it is not a
 * handshake message: "As with TLS, the ChangeCipherSpec message is not technically a handshake
 * message but MUST be treated as part of the same flight as the associated Finished message for
 * the purposes of timeout and retransmission."
 */
public enum ContentTypeKind {
    /** A handshake message, sent as one or more fragments (RFC 6347 §4.2.3). */
    HANDSHAKE(ContentType.HANDSHAKE),
    /** The one-byte ChangeCipherSpec message (RFC 5246 §7.1), never fragmented. */
    CHANGE_CIPHER_SPEC(ContentType.CHANGE_CIPHER_SPEC);

    private final ContentType contentType;

    ContentTypeKind(ContentType contentType) {
        this.contentType = contentType;
    }

    /** The record content type the message travels in. */
    public ContentType contentType() {
        return contentType;
    }
}
