package org.dtls4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.dtls4j.crypto.CipherSuite;
import org.dtls4j.crypto.NamedGroup;

/** The small commands that print something and exit: genpsk, fingerprint, ciphers, groups, version. */
final class InfoCommands {
    private InfoCommands() {
    }

    static List<Command> all() {
        return List.of(new GenPsk(), new TicketKeysCommand(), new FingerprintCommand(), new Ciphers(), new Groups(),
                new Version());
    }

    /** {@code genpsk [--length N]}: a fresh random key, in hex, for {@code --psk}. */
    static final class GenPsk implements Command {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override public String name() { return "genpsk"; }
        @Override public String synopsis() { return "[--length N]"; }
        @Override public String description() { return "Print a fresh random pre-shared key in hex."; }
        @Override public List<Option> options() {
            return List.of(Option.value("length", "N", "key length in bytes, 1..256 (default 16)").alias("key-length"));
        }

        @Override
        public int run(ParsedArgs args, Terminal terminal) throws UsageException {
            args.expectPositionals();
            int length = Values.integer("--length", args.value("length", "16"), 1, 256);
            byte[] key = new byte[length];
            RANDOM.nextBytes(key);
            terminal.out().println(HexFormat.of().formatHex(key));
            return 0;
        }
    }

    /**
     * {@code ciphers}: the suite table, in preference order, and whether each is used without
     * {@code --ciphers}: the AEAD suites are, the CBC suites (RFC 5246 §6.2.3.2, encrypt-then-MAC
     * per RFC 7366) only when listed.
     */
    static final class Ciphers implements Command {
        @Override public String name() { return "ciphers"; }
        @Override public String synopsis() { return ""; }
        @Override public String description() {
            return "List the cipher suites, in preference order: IANA name, OpenSSL name, id, and whether used"
                    + " without --ciphers (the CBC suites only when listed).";
        }
        @Override public List<Option> options() { return List.of(); }

        @Override
        public int run(ParsedArgs args, Terminal terminal) throws UsageException {
            args.expectPositionals();
            String format = "%-46s %-30s %-7s %s%n";
            terminal.out().printf(format, "IANA name", "OpenSSL name", "id", "default");
            for (CipherSuite s : CipherSuite.all()) {
                terminal.out().printf(format, s.ianaName(), s.opensslName().orElse("-"), String.format("0x%04X", s.id()),
                        CipherSuite.defaults().contains(s) ? "yes" : "no");
            }
            return 0;
        }
    }

    /** {@code groups}: the ECDHE groups. */
    static final class Groups implements Command {
        @Override public String name() { return "groups"; }
        @Override public String synopsis() { return ""; }
        @Override public String description() { return "List the ECDHE groups: name and code point."; }
        @Override public List<Option> options() { return List.of(); }

        @Override
        public int run(ParsedArgs args, Terminal terminal) throws UsageException {
            args.expectPositionals();
            String format = "%-12s %s%n";
            terminal.out().printf(format, "name", "id");
            for (NamedGroup g : NamedGroup.values()) {
                terminal.out().printf(format, g.tlsName(), g.code());
            }
            return 0;
        }
    }

    /** {@code version}: the program's version and the Java it runs on. */
    static final class Version implements Command {
        @Override public String name() { return "version"; }
        @Override public String synopsis() { return ""; }
        @Override public String description() { return "Print the version."; }
        @Override public List<Option> options() { return List.of(); }

        @Override
        public int run(ParsedArgs args, Terminal terminal) throws UsageException {
            args.expectPositionals();
            terminal.out().println("dtls4j " + version() + " (DTLS 1.2, RFC 6347) on Java " + Runtime.version());
            return 0;
        }

        /** The Maven project version, written into a resource at build time. */
        static String version() {
            Properties p = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }
}
