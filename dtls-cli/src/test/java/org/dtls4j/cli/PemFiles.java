package org.dtls4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.dtls4j.credentials.CaAndLeaf;
import org.dtls4j.credentials.Credentials;
import org.dtls4j.credentials.Pem;
import org.dtls4j.credentials.ThrowawayCredentials;

/**
 * A throwaway PKI written as PEM files, the way an operator would hand them to the command: a CA,
 * a server leaf for localhost and 127.0.0.1, and a client leaf from the same CA.
 */
record PemFiles(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    static PemFiles create(Path dir, String kind) throws IOException {
        CaAndLeaf pki = ThrowawayCredentials.caAndLeaf(kind, "localhost", "localhost", "127.0.0.1");
        Credentials client = pki.issue(kind, "dtls4j test client");
        PemFiles files = new PemFiles(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"),
                dir.resolve("client.pem"), dir.resolve("client.key"));
        Files.writeString(files.ca, Pem.encode(pki.ca()));
        writeChain(files.serverCert, pki.leaf());
        Files.writeString(files.serverKey, Pem.encode(pki.leaf().privateKey()));
        writeChain(files.clientCert, client);
        Files.writeString(files.clientKey, Pem.encode(client.privateKey()));
        return files;
    }

    /** Another CA, which trusts none of the above. */
    static Path strangerCa(Path dir) throws IOException {
        Path p = dir.resolve("stranger-ca.pem");
        Files.writeString(p, Pem.encode(ThrowawayCredentials.caAndLeaf("P-256", "elsewhere").ca()));
        return p;
    }

    private static void writeChain(Path file, Credentials c) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate cert : c.chain()) {
            sb.append(Pem.encode(cert));
        }
        Files.writeString(file, sb.toString());
    }
}
