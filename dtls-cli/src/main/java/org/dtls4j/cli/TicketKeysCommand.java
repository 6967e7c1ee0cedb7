package org.dtls4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.dtls4j.transport.tickets.FileTicketKeys;

/**
 * {@code ticket-keys rotate FILE [--keep N]}: makes or rotates the session ticket key file that
 * {@code server --ticket-key-file} reads (RFC 5077 §4): a new key first, the newest {@code N - 1}
 * old ones after it, written to a temporary file and renamed over FILE. Servers pick it up
 * within a second; docs/SCALING.md has the schedule.
 */
final class TicketKeysCommand implements Command {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override public String name() { return "ticket-keys"; }
    @Override public String synopsis() { return "rotate FILE [--keep N]"; }
    @Override public String description() {
        return "Make or rotate a session ticket key file shared by servers (--ticket-key-file):\n"
                + "a new key seals new tickets, the previous ones still open old tickets.";
    }
    @Override public List<Option> options() {
        return List.of(Option.value("keep", "N", "keys kept, the new one included, 1.." + FileTicketKeys.MAX_KEYS
                + " (default 2: the new and the previous)"));
    }

    @Override
    public int run(ParsedArgs args, Terminal terminal) throws UsageException, CommandFailure {
        List<String> words = args.positionals();
        if (words.size() != 2 || !words.get(0).equals("rotate")) {
            throw new UsageException("expected: rotate FILE");
        }
        int keep = Values.integer("--keep", args.value("keep", "2"), 1, FileTicketKeys.MAX_KEYS);
        Path file = Path.of(words.get(1));
        try {
            FileTicketKeys.rotate(file, keep, RANDOM);
        } catch (IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot rotate " + file + ": " + e.getMessage(), e);
        }
        terminal.out().println("rotated " + file + ": a new key seals new tickets; at most " + keep + " keys kept");
        return Main.OK;
    }
}
