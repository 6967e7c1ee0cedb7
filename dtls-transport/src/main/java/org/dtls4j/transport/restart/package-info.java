/**
 * Graceful restart: the file in which a server hands its established connections to the process
 * that replaces it ({@link org.dtls4j.transport.restart.SavedConnections}), and the exception that
 * refuses one that cannot be trusted. The server's side is
 * {@code DtlsServer.saveConnections} and {@code DtlsServer.restoreConnections}; docs/SCALING.md,
 * "Graceful restart", puts it in context.
 */
package org.dtls4j.transport.restart;
