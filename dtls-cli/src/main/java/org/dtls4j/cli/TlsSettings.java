package org.dtls4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;
import org.dtls4j.handshake.SrtpProfile;

/**
 * The security options shared by {@code server}, {@code client} and {@code pipe}, checked for
 * consistency but not yet turned into a {@code DtlsConfig} (that reads files: see
 * {@link Configs}).
 *
 * @param psk              the pre-shared key, or {@code null}
 * @param certFile         PEM certificate chain (leaf first), or {@code null}
 * @param keyFile          PEM private key for {@code certFile}, or {@code null}
 * @param caFile           client: the CA to trust; server: the CA client certificates must chain to
 *                         (client authentication required); {@code null} for none
 * @param insecure         client: skip server certificate verification; pipe server: accept
 *                         clients without a certificate
 * @param serverName       the name the client asks for and checks (RFC 6066 §3), or {@code null}
 * @param ciphers          the suites to offer or accept, empty for defaults that fit the credentials
 * @param groups           the ECDHE groups, empty for the library's defaults
 * @param mtu              the largest datagram to send, 0 for the library's default
 * @param alpn             application protocols (RFC 7301), in preference order
 * @param keyLog           where to append NSS key log lines, or {@code null}
 * @param handshakeTimeout how long a handshake may take, or {@code null} for the library's default
 * @param lossyLink        retransmit every 500 ms without back-off, for a path whose loss is not
 *                         congestion (see {@link Configs})
 * @param cidLength        Connection IDs (RFC 9146): the length of ours, 0 for "none in the records
 *                         we receive, the peer's in those we send"; -1 when off
 * @param srtp             SRTP protection profiles for use_srtp (RFC 5764 §4.1.1), preferred first
 * @param exportLabel      the RFC 5705 exporter label to print keying material for, or {@code null}
 * @param exportLength     the number of bytes to export with {@code exportLabel}
 * @param exportContext    the exporter's context value, or {@code null} for none (RFC 5705 §4: no
 *                         context and an empty one give different output)
 * @param peerFingerprint  the peer certificate's pinned fingerprint in the SDP form (RFC 8122 §5),
 *                         {@code sha-256 AB:CD:...}, or {@code null}; a server then requires the
 *                         client's certificate
 * @param rpk              send the key of {@code certFile}/{@code keyFile} as a raw public key
 *                         (RFC 7250) instead of the certificate; {@code certFile} may then be a
 *                         PEM "PUBLIC KEY"
 * @param peerKeys         PEM file of the peers' raw public keys to trust (RFC 7250), or {@code null};
 *                         a server then requires the client's key
 * @param records          record sizes and CBC record order: see {@link RecordOptions}
 */
record TlsSettings(
        Psk psk,
        Path certFile,
        Path keyFile,
        Path caFile,
        boolean insecure,
        String serverName,
        List<CipherSuite> ciphers,
        List<NamedGroup> groups,
        int mtu,
        List<String> alpn,
        Path keyLog,
        Duration handshakeTimeout,
        boolean lossyLink,
        int cidLength,
        List<SrtpProfile> srtp,
        String exportLabel,
        int exportLength,
        byte[] exportContext,
        String peerFingerprint,
        boolean rpk,
        Path peerKeys,
        RecordOptions records) {

    TlsSettings {
        ciphers = List.copyOf(ciphers);
        groups = List.copyOf(groups);
        alpn = List.copyOf(alpn);
        srtp = List.copyOf(srtp);
    }

    /**
     * {@code --max-frag-len} (client: max_fragment_length, RFC 6066 §4), {@code --record-size-limit}
     * (record_size_limit, RFC 8449 §4), {@code --allow-mac-then-encrypt} (CBC suites with a peer
     * without encrypt_then_mac, RFC 7366); 0 and false when absent.
     */
    record RecordOptions(int maxFragmentLength, int recordSizeLimit, boolean allowMacThenEncrypt) {
        static RecordOptions read(ParsedArgs a) throws UsageException {
            int mfl = 0;
            if (a.has("max-frag-len")) {
                mfl = Values.integer("--max-frag-len", a.value("max-frag-len", ""), 512, 4096);
                if (Integer.bitCount(mfl) != 1) {
                    throw new UsageException("--max-frag-len: 512, 1024, 2048 or 4096 (RFC 6066 section 4), got " + mfl);
                }
            }
            int rsl = a.has("record-size-limit")
                    ? Values.integer("--record-size-limit", a.value("record-size-limit", ""), 64, 16384) : 0;
            return new RecordOptions(mfl, rsl, a.has("allow-mac-then-encrypt"));
        }

        /** The options; {@code client} adds {@code --max-frag-len}, which only a client can ask for. */
        static List<Option> options(boolean client) {
            List<Option> out = new java.util.ArrayList<>();
            if (client) {
                out.add(Option.value("max-frag-len", "N", "ask for records of at most N bytes both ways: 512, 1024,"
                        + " 2048 or 4096 (max_fragment_length, RFC 6066)"));
            }
            out.add(Option.value("record-size-limit", "N", "receive records of at most N bytes of plaintext,"
                    + " 64..16384 (record_size_limit, RFC 8449)"));
            out.add(Option.flag("allow-mac-then-encrypt", "accept CBC suites with a peer that lacks encrypt_then_mac"
                    + " (RFC 7366): MAC-then-encrypt, checked in constant time"));
            return out;
        }

        void apply(org.dtls4j.handshake.DtlsConfig.Builder b) {
            b.maxFragmentLength(maxFragmentLength).recordSizeLimit(recordSizeLimit).allowMacThenEncrypt(allowMacThenEncrypt);
        }
    }

    /** The environment variable {@code pipe} reads the PSK from when {@code --psk} is absent. */
    static final String PSK_VARIABLE = "DTLS4J_PSK";
    /** dtlspipe's name for {@link #PSK_VARIABLE}, read too so that a dtlspipe setup keeps working. */
    static final String DTLSPIPE_PSK_VARIABLE = "DTLSPIPE_PSK";

    /**
     * Reads the security options of {@code a}. Options the command does not accept are simply
     * absent from {@code a}.
     *
     * @param defaultIdentity    the PSK identity when none is given ({@code null}: any, on a server)
     * @param pskFromEnvironment whether {@code env} may give the PSK ({@link #PSK_VARIABLE} or
     *                           {@link #DTLSPIPE_PSK_VARIABLE}) when {@code --psk} is absent
     */
    static TlsSettings read(ParsedArgs a, boolean pskFromEnvironment, String defaultIdentity, Map<String, String> env)
            throws UsageException {
        String pskSource = a.has("psk") ? "--psk" : pskFromEnvironment ? pskVariable(env) : null;
        String pskHex = a.has("psk") ? a.value("psk", "") : pskSource != null ? env.get(pskSource) : null;
        Psk psk = null;
        if (pskHex != null) {
            psk = new Psk(Values.hex(pskSource, pskHex), a.value("psk-identity", defaultIdentity));
        } else if (a.has("psk-identity")) {
            throw new UsageException("--psk-identity needs --psk");
        }
        if (a.has("cert") != a.has("key")) {
            throw new UsageException("--cert and --key go together");
        }
        if (a.has("rpk") && !a.has("cert")) {
            throw new UsageException("--rpk sends the key of --cert and --key as a raw public key: give both"
                    + " (--cert may hold a PEM PUBLIC KEY)");
        }
        if (a.has("cafile") && a.has("insecure")) {
            throw new UsageException("--cafile and --insecure contradict each other");
        }
        String peerFingerprint = peerFingerprint(a);
        List<CipherSuite> ciphers = a.has("ciphers") ? Values.cipherSuites("--ciphers", a.value("ciphers", "")) : List.of();
        List<NamedGroup> groups = a.has("groups") ? Values.groups("--groups", a.value("groups", "")) : List.of();
        int mtu = a.has("mtu") ? Values.integer("--mtu", a.value("mtu", ""), 256, 65507) : 0;
        List<String> alpn = a.has("alpn") ? Values.list(a.value("alpn", ""), ",") : List.of();
        for (String p : alpn) {
            if (p.length() > 255) {
                throw new UsageException("--alpn: protocol names are at most 255 bytes");
            }
        }
        Duration timeout = a.has("timeout") ? Values.duration("--timeout", a.value("timeout", "")) : null;
        List<SrtpProfile> srtp = new java.util.ArrayList<>();
        for (String name : a.has("use-srtp") ? Values.list(a.value("use-srtp", ""), ":") : List.<String>of()) {
            try {
                srtp.add(SrtpProfile.fromName(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--use-srtp: unknown profile " + name + " (known: SRTP_AES128_CM_SHA1_80, "
                        + "SRTP_AES128_CM_SHA1_32, SRTP_AEAD_AES_128_GCM, SRTP_AEAD_AES_256_GCM)");
            }
        }
        if (a.has("use-srtp") && (srtp.isEmpty() || srtp.stream().distinct().count() != srtp.size())) {
            throw new UsageException("--use-srtp: a colon-separated list of distinct profiles");
        }
        String export = a.value("export").orElse(null);
        String exportLabel = null;
        int exportLength = 0;
        byte[] exportContext = null;
        if (export != null) {
            // LABEL:LENGTH[:CONTEXT]; exporter labels (RFC 5705 §4, the TLS registry) hold no colon.
            String[] parts = export.split(":", 3);
            if (parts.length < 2 || parts[0].isEmpty()) {
                throw new UsageException("--export: LABEL:LENGTH[:CONTEXT-HEX], e.g. EXTRACTOR-dtls_srtp:60");
            }
            exportLabel = parts[0];
            exportLength = Values.integer("--export", parts[1], 1, 65535);
            if (parts.length == 3) {
                exportContext = Values.hex("--export context", parts[2]);
            }
        }
        return new TlsSettings(psk, path(a, "cert"), path(a, "key"), path(a, "cafile"), a.has("insecure"),
                a.value("servername").orElse(null), ciphers, groups, mtu, alpn, path(a, "keylog"), timeout,
                a.has("lossy-link"), a.has("cid") ? Values.integer("--cid", a.value("cid", ""), 0, 255) : -1,
                srtp, exportLabel, exportLength, exportContext, peerFingerprint, a.has("rpk"), path(a, "peer-keys"),
                RecordOptions.read(a));
    }

    /**
     * Which variable of {@code env} holds the PSK: {@link #PSK_VARIABLE}, else dtlspipe's
     * {@link #DTLSPIPE_PSK_VARIABLE}; {@code null} if neither is set (an empty value counts as
     * unset, as in dtlspipe). Both set to different keys is refused rather than guessed.
     */
    private static String pskVariable(Map<String, String> env) throws UsageException {
        String ours = env.getOrDefault(PSK_VARIABLE, "");
        String dtlspipe = env.getOrDefault(DTLSPIPE_PSK_VARIABLE, "");
        if (!ours.isEmpty() && !dtlspipe.isEmpty() && !ours.equals(dtlspipe)) {
            throw new UsageException(PSK_VARIABLE + " and " + DTLSPIPE_PSK_VARIABLE + " hold different keys: unset one"
                    + " or give --psk");
        }
        return !ours.isEmpty() ? PSK_VARIABLE : !dtlspipe.isEmpty() ? DTLSPIPE_PSK_VARIABLE : null;
    }

    /** DTLS-SRTP (RFC 5764); server and client offer it. */
    static Option srtpOption() {
        return Option.value("use-srtp", "PROFILES", "colon-separated SRTP profiles, OpenSSL names (RFC 5764)");
    }

    /** Certificate pinning by SDP fingerprint (RFC 8122 §5, RFC 8842 §5); server and client offer it. */
    static Option peerFingerprintOption(String whose) {
        return Option.value("peer-fingerprint", "'sha-256 AB:..'", "accept exactly the " + whose
                + " certificate with this fingerprint, self-signed or not (RFC 8122); see fingerprint");
    }

    /** {@code --peer-fingerprint}, checked and put in the canonical SDP form; {@code null} when absent. */
    private static String peerFingerprint(ParsedArgs a) throws UsageException {
        if (!a.has("peer-fingerprint")) {
            return null;
        }
        for (String other : new String[] {"cafile", "insecure"}) {
            if (a.has(other)) {
                throw new UsageException("--peer-fingerprint and --" + other + " contradict each other");
            }
        }
        try {
            return org.dtls4j.crypto.Fingerprint.parse(a.value("peer-fingerprint", "")).toSdp();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--peer-fingerprint: " + e.getMessage());
        }
    }

    /** Our key as a raw public key (RFC 7250); server and client offer it. */
    static Option rpkOption() {
        return Option.flag("rpk", "send the public key of --cert/--key as a raw public key (RFC 7250), not the certificate");
    }

    /** The peers' raw public keys we trust (RFC 7250); server and client offer it. */
    static Option peerKeysOption(String whose) {
        return Option.value("peer-keys", "FILE", "accept " + whose + " with these raw public keys: PEM PUBLIC KEY blocks (RFC 7250)");
    }

    /** The keying material exporter (RFC 5705); server and client offer it. */
    static Option exportOption() {
        return Option.value("export", "LABEL:LENGTH[:CONTEXT]",
                "print LENGTH bytes of keying material for LABEL and an optional hex CONTEXT (RFC 5705)");
    }

    /** The option that turns on Connection IDs; every command that makes a handshake offers it. */
    static Option cidOption() {
        return Option.value("cid", "N", "Connection IDs (RFC 9146): ours N bytes long, 0 = send the peer's, ask for none");
    }

    /** The option that selects the lossy-link timer; every command that makes a handshake offers it. */
    static Option lossyLinkOption() {
        return Option.flag("lossy-link", "retransmit every 500ms without back-off: only on a link whose loss is not congestion");
    }

    private static Path path(ParsedArgs a, String option) throws UsageException {
        if (!a.has(option)) {
            return null;
        }
        String v = a.value(option, "");
        if (v.isBlank()) {
            throw new UsageException("--" + option + ": empty file name");
        }
        return Path.of(v);
    }

    boolean hasCertificate() {
        return certFile != null;
    }

    /** A copy with another MTU (the pipe has its own default). */
    TlsSettings withMtu(int newMtu) {
        return new TlsSettings(psk, certFile, keyFile, caFile, insecure, serverName, ciphers, groups, newMtu, alpn,
                keyLog, handshakeTimeout, lossyLink, cidLength, srtp, exportLabel, exportLength, exportContext, peerFingerprint,
                rpk, peerKeys, records);
    }

    /** A copy with another server name. */
    TlsSettings withServerName(String name) {
        return new TlsSettings(psk, certFile, keyFile, caFile, insecure, name, ciphers, groups, mtu, alpn,
                keyLog, handshakeTimeout, lossyLink, cidLength, srtp, exportLabel, exportLength, exportContext, peerFingerprint,
                rpk, peerKeys, records);
    }
}
