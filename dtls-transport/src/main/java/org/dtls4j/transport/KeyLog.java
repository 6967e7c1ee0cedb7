package org.dtls4j.transport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dtls4j.handshake.DtlsConfig;

/**
 * Applies the {@code SSLKEYLOGFILE} convention: a configuration without a key log sink of its own
 * gets one that appends to the file the environment variable names.
 */
final class KeyLog {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private KeyLog() {
    }

    /** {@code config}, or a copy of it that logs keys to {@code $SSLKEYLOGFILE}. */
    static DtlsConfig fromEnvironment(DtlsConfig config) {
        return withEnvironment(config, System.getenv());
    }

    static DtlsConfig withEnvironment(DtlsConfig config, Map<String, String> env) {
        if (config.keyLogSink() != null) {
            return config;
        }
        KeyLogFile file = KeyLogFile.fromEnvironment(env);
        if (file == null) {
            return config;
        }
        if (WARNED.compareAndSet(false, true)) {
            System.getLogger(KeyLog.class.getName()).log(System.Logger.Level.WARNING,
                    "writing DTLS session secrets to " + file.path() + " (" + KeyLogFile.ENVIRONMENT_VARIABLE + " is set)");
        }
        return config.toBuilder().keyLogSink(file).build();
    }
}
