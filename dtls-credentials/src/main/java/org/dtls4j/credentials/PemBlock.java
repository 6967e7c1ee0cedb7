package org.dtls4j.credentials;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One textual encoding (RFC 7468 §2): a label, the optional RFC 1421 headers that legacy OpenSSL
 * files carry ("Proc-Type: 4,ENCRYPTED"), and the DER bytes.
 *
 * <pre>
 * -----BEGIN CERTIFICATE-----
 * MIIBszCCAVmgAwIBAgIIR...   (base64, 64 characters a line)
 * -----END CERTIFICATE-----
 * </pre>
 *
 * @param label the label between "BEGIN " and the closing dashes, for example "PRIVATE KEY"
 * @param headers RFC 1421 header fields in file order (usually empty)
 * @param der the decoded bytes (copied on the way in and out)
 */
record PemBlock(String label, Map<String, String> headers, byte[] der) {
    /** Larger inputs are refused before parsing: no certificate or key file comes near this. */
    static final int MAX_TEXT_CHARS = 16 * 1024 * 1024;

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^-]*(?:-[^-]+)*)-----");
    private static final Pattern END = Pattern.compile("-----END ([^-]*(?:-[^-]+)*)-----");
    private static final Pattern HEADER = Pattern.compile("([A-Za-z0-9-]+):\\s*(.*)");

    PemBlock {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** True when the RFC 1421 headers say the body is encrypted. */
    boolean isEncrypted() {
        String procType = headers.get("Proc-Type");
        return procType != null && procType.toUpperCase(Locale.ROOT).contains("ENCRYPTED");
    }

    /**
     * Every block in {@code text}, in order.
     *
     * <p>RFC 7468 §2: "Data before the encapsulation boundaries are permitted, and parsers MUST NOT
     * malfunction when processing such data. Furthermore, parsers SHOULD ignore whitespace and
     * other non-base64 characters and MUST handle different newline conventions." Text outside the
     * blocks is skipped; lines end at CRLF, CR or LF. Inside a block we are stricter than "ignore
     * non-base64 characters": a stray character there means a damaged file, and saying so is kinder
     * than decoding garbage.
     *
     * @param source names the input in error messages (a file name, or "PEM text")
     */
    static List<PemBlock> parseAll(String text, String source) throws IOException {
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IOException(source + ": larger than " + MAX_TEXT_CHARS + " characters; not a PEM file");
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<PemBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            Matcher begin = BEGIN.matcher(lines[i].strip());
            if (!begin.matches()) {
                i++;
                continue;
            }
            String label = begin.group(1);
            int endLine = findEnd(lines, i, label, source);
            blocks.add(decodeBody(label, List.of(lines).subList(i + 1, endLine), i + 1, source));
            i = endLine + 1;
        }
        return blocks;
    }

    /** The index of the line closing the block that {@code beginLine} opens. */
    private static int findEnd(String[] lines, int beginLine, String label, String source) throws IOException {
        for (int i = beginLine + 1; i < lines.length; i++) {
            Matcher end = END.matcher(lines[i].strip());
            if (end.matches()) {
                // RFC 7468 §2: the post-encapsulation boundary repeats the label of the pre-encapsulation one.
                if (!end.group(1).equals(label)) {
                    throw new IOException(source + ": block opened as " + label + " on line " + (beginLine + 1)
                            + " is closed as " + end.group(1) + " on line " + (i + 1));
                }
                return i;
            }
        }
        throw new IOException(source + ": " + label + " block opened on line " + (beginLine + 1)
                + " has no -----END " + label + "----- line");
    }

    /**
     * The lines between the boundaries: optional RFC 1421 §4.4 header fields ("Name: value", a
     * value continued on lines that start with whitespace) ended by a blank line, then base64.
     */
    private static PemBlock decodeBody(String label, List<String> body, int lineNumber, String source)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 0;
        if (!body.isEmpty() && HEADER.matcher(body.get(0).strip()).matches()) {
            String last = null;
            for (; i < body.size() && !body.get(i).isBlank(); i++) {
                String raw = body.get(i);
                Matcher header = HEADER.matcher(raw.strip());
                if (last != null && Character.isWhitespace(raw.charAt(0))) {
                    headers.put(last, headers.get(last) + " " + raw.strip());
                } else if (header.matches()) {
                    last = header.group(1);
                    headers.put(last, header.group(2));
                } else {
                    throw new IOException(source + ": " + label + " block on line " + lineNumber
                            + " has a malformed header line: " + raw.strip());
                }
            }
        }
        StringBuilder base64 = new StringBuilder();
        for (; i < body.size(); i++) {
            base64.append(body.get(i).replaceAll("\\s+", ""));
        }
        return new PemBlock(label, headers, decodeBase64(base64, label, lineNumber, source));
    }

    private static byte[] decodeBase64(CharSequence base64, String label, int lineNumber, String source)
            throws IOException {
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + label + " block on line " + lineNumber
                    + " is not valid base64: " + e.getMessage(), e);
        }
    }

    /**
     * The textual encoding of {@code der}. RFC 7468 §2: "Generators MUST wrap the base64-encoded
     * lines so that each line consists of exactly 64 characters except for the final line, which
     * will encode the remainder of the data (within the 64-character line boundary), and they MUST
     * NOT emit extraneous whitespace."
     */
    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        StringBuilder out = new StringBuilder(body.length() + 2 * label.length() + 40);
        out.append("-----BEGIN ").append(label).append("-----\n");
        if (!body.isEmpty()) {
            out.append(body).append('\n');
        }
        out.append("-----END ").append(label).append("-----\n");
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PemBlock b && b.label.equals(label) && b.headers.equals(headers)
                && Arrays.equals(b.der, der);
    }

    @Override
    public int hashCode() {
        return label.hashCode() * 31 + Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "PemBlock[" + label + ", " + der.length + " bytes]";
    }
}
