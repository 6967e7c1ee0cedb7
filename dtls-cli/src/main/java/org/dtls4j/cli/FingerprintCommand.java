package org.dtls4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dtls4j.crypto.Fingerprint;
import org.dtls4j.credentials.Pem;

/**
 * {@code fingerprint CERT.pem}: the SHA-256 fingerprint of the first certificate in the file, in
 * the SDP form of RFC 8122 §5 ({@code sha-256 AB:CD:...}), as {@code a=fingerprint} carries it and
 * {@code --peer-fingerprint} takes it. It is {@code openssl x509 -noout -fingerprint -sha256} with
 * SDP's spelling.
 */
final class FingerprintCommand implements Command {
    @Override public String name() { return "fingerprint"; }
    @Override public String synopsis() { return "CERT.pem"; }
    @Override public String description() {
        return "Print the SHA-256 fingerprint of a PEM certificate as SDP writes it (RFC 8122): sha-256 AB:CD:...";
    }
    @Override public List<Option> options() { return List.of(); }

    @Override
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure {
        args.expectPositionals("CERT.pem");
        Path file = Path.of(args.positionals().get(0));
        List<X509Certificate> certs;
        try {
            certs = Pem.readCertificates(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandFailure("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CommandFailure(e.getMessage(), e); // Pem names the file and what it found
        }
        if (certs.isEmpty()) {
            throw new CommandFailure(file + " holds no certificate");
        }
        terminal.out().println(Fingerprint.sha256(certs.get(0)).toSdp());
        return 0;
    }
}
