package org.dtls4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's run as a message-sequence diagram: the client on the left, the server on the right,
 * one arrow per datagram with the records it carried, in the order they were sent; a lost datagram
 * ends in an {@code X} short of its receiver. Drawn for the terminal, or written as a Mermaid
 * {@code sequenceDiagram} (where a lost datagram is an arrow ending in a cross, {@code -x}).
 */
final class Ladder {
    private static final int WIDTH = 70;

    private Ladder() {
    }

    /** Prints the diagram: a column of simulated times, then the ladder. */
    static void terminal(PrintStream out, List<DemoLink.Sent> history, List<DemoLink.Note> notes) {
        out.println("   t (s)  client" + " ".repeat(WIDTH - 4) + "server");
        int n = 0;
        for (DemoLink.Sent s : history) {
            for (DemoLink.Note note : notes) {
                if (note.before() == s.number()) {
                    String text = (note.side() == null ? "" : note.side().word() + ": ") + note.text();
                    out.println(String.format(java.util.Locale.ROOT, "%8s    |  %-" + (WIDTH - 2) + "s|",
                            DemoLink.time(note.time()), "(" + text + ")"));
                }
            }
            out.println(String.format(java.util.Locale.ROOT, "%8s    %s", DemoLink.time(s.time()), arrow(s)));
            n++;
        }
        out.println("   " + n + " datagrams, " + history.stream().filter(DemoLink.Sent::lost).count() + " lost");
    }

    /** One line: {@code |--#4 ServerHello Certificate ... -->|}, or mirrored, or lost ({@code X}). */
    static String arrow(DemoLink.Sent s) {
        String label = "#" + s.number() + " " + label(s);
        int room = WIDTH - 6;
        if (label.length() > room) {
            label = label.substring(0, room - 3) + "...";
        }
        String end = s.lost() ? "X  " : "->";
        String start = s.lost() ? "  X" : "<-";
        if (s.from() == DemoLink.Side.CLIENT) {
            return "|-" + label + " " + "-".repeat(WIDTH - 2 - label.length() - end.length()) + end + "|";
        }
        return "|" + start + "-".repeat(WIDTH - 2 - label.length() - start.length()) + " " + label + "-|";
    }

    /** The records of a datagram by name, repeats of the same name (fragments) collapsed. */
    static String label(DemoLink.Sent s) {
        List<String> names = new ArrayList<>();
        for (DatagramView.Rec r : s.records()) {
            String name = s.flight() > 0 ? inFlight(r.shortName()) : r.shortName();
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        return String.join(" ", names);
    }

    /**
     * The name of a record inside a handshake flight: an encrypted record there can only be the
     * Finished message (the first message of epoch 1, RFC 5246 §7.4.9), whatever its outer type.
     */
    static String inFlight(String shortName) {
        return shortName.equals("tls12_cid") ? "Finished" : shortName;
    }

    /** The diagram as a Markdown file with one Mermaid block. */
    static String mermaidMarkdown(List<DemoLink.Sent> history, List<DemoLink.Note> notes) {
        return "# dtls4j demo: the datagrams of one run\n\nTime is simulated (seconds since the start).\n\n"
                + "```mermaid\n" + mermaid(history, notes) + "```\n";
    }

    /** The diagram as a Mermaid {@code sequenceDiagram}. */
    static String mermaid(List<DemoLink.Sent> history, List<DemoLink.Note> notes) {
        StringBuilder sb = new StringBuilder("sequenceDiagram\n");
        sb.append("    participant C as client\n");
        sb.append("    participant S as server\n");
        for (DemoLink.Sent s : history) {
            for (DemoLink.Note note : notes) {
                if (note.before() == s.number()) {
                    String over = note.side() == null ? "C,S" : note.side() == DemoLink.Side.CLIENT ? "C" : "S";
                    sb.append("    Note over ").append(over).append(": t=").append(DemoLink.time(note.time()))
                            .append(" s ").append(note.text()).append('\n');
                }
            }
            boolean fromClient = s.from() == DemoLink.Side.CLIENT;
            sb.append("    ").append(fromClient ? "C" : "S").append(s.lost() ? "-x" : "->>").append(fromClient ? "S" : "C")
                    .append(": #").append(s.number()).append(" t=").append(DemoLink.time(s.time())).append(' ')
                    .append(label(s)).append(s.lost() ? " (lost)" : "").append('\n');
        }
        return sb.toString();
    }
}
