package org.dtls4j.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code openssl s_server}/{@code s_client -msg -msgfile FILE} wrote: every record
 * it sent ({@code >>>}) or received ({@code <<<}), as the 13-byte DTLS record header (RFC 6347
 * §4.1) followed by the record's plaintext, in hex.
 *
 * <p>OpenSSL 3.0 prints DTLS 1.2 records as {@code Not TLS data or unknown version
 * (version=65277, content_type=22) [length 0084]} with the body below; the header comes just
 * before as {@code content_type=256} (or {@code DTLS 1.0, RecordHeader}). Handshake bodies are
 * whole messages with their 12-byte DTLS handshake header (RFC 6347 §4.2.2), also for messages
 * that travelled in fragments: OpenSSL reports them reassembled.
 *
 * <p>This is how the tests see the wire from OpenSSL's side: which messages dtls4j sent, with
 * which record and hello versions, and what was inside (the certificate count, the suites).
 */
final class OpenSslMsgFile {

    private static final Pattern ENTRY = Pattern.compile("^(<<<|>>>) .*\\[length ([0-9a-fA-F]{4})\\]");
    private static final Pattern CONTENT_TYPE = Pattern.compile("content_type=(\\d+)");
    private static final int PSEUDO_HEADER = 256;

    /**
     * One record as OpenSSL logged it.
     *
     * @param sent        true for {@code >>>} (OpenSSL sent it), false for {@code <<<}
     * @param header      the 13-byte record header, or empty if none was logged before it
     * @param contentType the record's content type (RFC 5246 §6.2.1: 20 ChangeCipherSpec, 21
     *                    alert, 22 handshake, 23 application data)
     * @param body        the plaintext
     */
    record Entry(boolean sent, byte[] header, int contentType, byte[] body) {

        /** The record version from the header, e.g. {@code 0xFEFF} (DTLS 1.0) or {@code 0xFEFD} (DTLS 1.2); -1 if unknown. */
        int recordVersion() {
            return header.length >= 3 ? (header[1] & 0xFF) << 8 | (header[2] & 0xFF) : -1;
        }

        /** The epoch from the header; -1 if unknown. */
        int epoch() {
            return header.length >= 5 ? (header[3] & 0xFF) << 8 | (header[4] & 0xFF) : -1;
        }

        /** For a handshake record: the message type (RFC 5246 §7.4: 1 ClientHello, 3 HelloVerifyRequest, 11 Certificate, ...). */
        int handshakeType() {
            return contentType == 22 && body.length > 0 ? body[0] & 0xFF : -1;
        }

        /** For a handshake record: the message body after the 12-byte DTLS handshake header. */
        byte[] handshakeBody() {
            return Arrays.copyOfRange(body, Math.min(12, body.length), body.length);
        }
    }

    private OpenSslMsgFile() {
    }

    /** Every record in {@code file}, in order. */
    static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        byte[] pendingHeader = new byte[0];
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            boolean sent = m.group(1).equals(">>>");
            int length = Integer.parseInt(m.group(2), 16);
            Matcher ct = CONTENT_TYPE.matcher(lines.get(i));
            boolean header = lines.get(i).contains("RecordHeader") || (ct.find() && Integer.parseInt(ct.group(1)) == PSEUDO_HEADER);
            StringBuilder hex = new StringBuilder();
            while (i + 1 < lines.size() && lines.get(i + 1).startsWith("    ")) {
                hex.append(lines.get(++i).replace(" ", ""));
            }
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (bytes.length != length) {
                throw new IOException(file + ": entry announces " + length + " bytes but holds " + bytes.length);
            }
            if (header) {
                pendingHeader = bytes;
            } else {
                int contentType = ct.find(0) ? Integer.parseInt(ct.group(1)) : (pendingHeader.length > 0 ? pendingHeader[0] & 0xFF : -1);
                entries.add(new Entry(sent, pendingHeader, contentType, bytes));
                pendingHeader = new byte[0];
            }
        }
        return entries;
    }

    /** The handshake messages of type {@code type} that OpenSSL sent ({@code sent}) or received. */
    static List<Entry> handshakes(List<Entry> entries, boolean sent, int type) {
        return entries.stream().filter(e -> e.sent() == sent && e.handshakeType() == type).toList();
    }

    /** The number of certificates in a Certificate message body (RFC 5246 §7.4.2: {@code ASN.1Cert certificate_list<0..2^24-1>}). */
    static int certificateCount(byte[] certificateBody) {
        int listLength = u24(certificateBody, 0);
        int count = 0;
        for (int at = 3; at < 3 + listLength; count++) {
            at += 3 + u24(certificateBody, at);
        }
        return count;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
    }
}
