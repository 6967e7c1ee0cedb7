package org.dtls4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code dtls4j} command, a toolkit around the DTLS 1.2 stack (RFC 6347): reads the first word, hands the rest to that {@link Command}, and
 * turns the outcome into an exit status: 0 success, 1 failure (for example a failed handshake,
 * with its cause), 2 bad arguments (a one-line error and the usage on stderr).
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_ARGUMENTS = 2;

    private Main() {
    }

    /** Runs the command line and exits the JVM with its status. */
    public static void main(String[] args) {
        System.exit(run(args, Terminal.system()));
    }

    /** The commands, in the order the overview lists them. */
    static List<Command> commands() {
        List<Command> all = new ArrayList<>();
        all.add(new DemoCommand());
        all.add(new ServerCommand());
        all.add(new ClientCommand());
        all.add(new PipeCommand());
        all.addAll(InfoCommands.all());
        return all;
    }

    /**
     * Runs the command line against the given terminal and returns the exit status; never calls
     * {@code System.exit}.
     */
    public static int run(String[] args, Terminal terminal) {
        List<Command> commands = commands();
        if (args.length == 0) {
            terminal.err().println("dtls4j: no command given");
            terminal.err().print(Usage.program(commands));
            return BAD_ARGUMENTS;
        }
        String name = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            return help(rest, commands, terminal);
        }
        if (name.equals("--version")) {
            name = "version";
        }
        Command command = find(commands, name);
        if (command == null) {
            terminal.err().println("dtls4j: unknown command '" + name + "'");
            terminal.err().print(Usage.program(commands));
            return BAD_ARGUMENTS;
        }
        if (asksForHelp(rest)) {
            terminal.out().print(Usage.command(command));
            return OK;
        }
        return execute(command, rest, terminal);
    }

    private static int execute(Command command, List<String> args, Terminal terminal) {
        try {
            return command.run(ParsedArgs.parse(command.name(), command.options(), args), terminal);
        } catch (UsageException e) {
            terminal.err().println("dtls4j " + command.name() + ": " + e.getMessage());
            terminal.err().print(Usage.command(command));
            return BAD_ARGUMENTS;
        } catch (CommandFailure e) {
            terminal.err().println("dtls4j " + command.name() + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminal.err().println("dtls4j " + command.name() + ": interrupted");
            return FAILED;
        }
    }

    private static int help(List<String> rest, List<Command> commands, Terminal terminal) {
        if (rest.isEmpty()) {
            terminal.out().print(Usage.program(commands));
            return OK;
        }
        Command command = find(commands, rest.get(0));
        if (command == null || rest.size() > 1) {
            terminal.err().println("dtls4j help: unknown command '" + String.join(" ", rest) + "'");
            terminal.err().print(Usage.program(commands));
            return BAD_ARGUMENTS;
        }
        terminal.out().print(Usage.command(command));
        return OK;
    }

    private static boolean asksForHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--help") || a.equals("-help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static Command find(List<Command> commands, String name) {
        for (Command c : commands) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
