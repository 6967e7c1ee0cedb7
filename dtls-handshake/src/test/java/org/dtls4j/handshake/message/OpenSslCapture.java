package org.dtls4j.handshake.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A DTLS 1.2 handshake captured from OpenSSL 3, read from a fixture file under
 * {@code src/test/resources/org/dtls4j/handshake/message/}: one record per line, direction, the
 * 13-byte record header and the record's plaintext content, all as hex.
 */
public final class OpenSslCapture {
    /** One record of the capture. */
    public record Captured(boolean fromClient, byte[] recordHeader, byte[] content) {
        public int contentType() {
            return recordHeader[0] & 0xFF;
        }

        public int epoch() {
            return ((recordHeader[3] & 0xFF) << 8) | (recordHeader[4] & 0xFF);
        }

        /** The handshake type code (first content byte) of a handshake record. */
        public int handshakeType() {
            return content[0] & 0xFF;
        }

        /** The handshake body: the content after its 12-byte handshake header. */
        public byte[] body() {
            return Arrays.copyOfRange(content, 12, content.length);
        }

        /** The record as it was on the wire (epoch 0 records only: later ones were encrypted). */
        public byte[] datagram() {
            if (epoch() != 0) {
                throw new IllegalStateException("epoch " + epoch() + " was encrypted on the wire");
            }
            byte[] d = Arrays.copyOf(recordHeader, recordHeader.length + content.length);
            System.arraycopy(content, 0, d, recordHeader.length, content.length);
            return d;
        }
    }

    public static final String ECDHE_ECDSA = "openssl3-ecdhe-ecdsa.txt";
    public static final String PSK = "openssl3-psk.txt";
    public static final String ECDHE_PSK = "openssl3-ecdhe-psk.txt";

    private OpenSslCapture() {
    }

    public static List<Captured> load(String name) {
        try (InputStream in = OpenSslCapture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            List<Captured> records = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                records.add(new Captured(f[0].equals("C>S"), HexFormat.of().parseHex(f[1]), HexFormat.of().parseHex(f[2])));
            }
            return records;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The n-th (0-based) handshake message of this type sent in the given direction. */
    public static Captured find(List<Captured> capture, boolean fromClient, HandshakeType type, int n) {
        int seen = 0;
        for (Captured c : capture) {
            if (c.fromClient() == fromClient && c.contentType() == 22 && c.handshakeType() == type.code()) {
                if (seen++ == n) {
                    return c;
                }
            }
        }
        throw new IllegalStateException("no " + type + " #" + n + " in the capture");
    }
}
