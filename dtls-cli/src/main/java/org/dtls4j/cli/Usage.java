package org.dtls4j.cli;

import java.util.List;

/** The usage texts: one for the program, one per command, built from the commands themselves. */
final class Usage {
    private Usage() {
    }

    /** The overview {@code dtls4j help} prints. */
    static String program(List<Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: dtls4j COMMAND [options]\n\n");
        sb.append("A DTLS 1.2 (RFC 6347) toolkit in pure Java.\n\n");
        sb.append("Commands:\n");
        for (Command c : commands) {
            sb.append(String.format("  %-9s %s%n", c.name(), firstLine(c.description())));
        }
        sb.append(String.format("  %-9s %s%n", "help", "Show this text, or 'help COMMAND' for one command."));
        sb.append("\nRun 'dtls4j COMMAND --help' for the options of a command.\n");
        return sb.toString();
    }

    /** The usage of one command: synopsis, description, options. */
    static String command(Command c) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: dtls4j ").append(c.name());
        if (!c.synopsis().isEmpty()) {
            sb.append(' ').append(c.synopsis());
        }
        sb.append("\n\n").append(c.description()).append('\n');
        if (!c.options().isEmpty()) {
            sb.append("\nOptions:\n");
            int width = 0;
            for (Option o : c.options()) {
                width = Math.max(width, o.synopsis().length());
            }
            for (Option o : c.options()) {
                sb.append("  ").append(pad(o.synopsis(), width)).append("  ").append(o.help()).append('\n');
            }
            sb.append("\nEvery option also takes one dash (-name), and a flag =true or =false.\n");
        }
        return sb.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
