package org.dtls4j.cli;

import java.util.List;

/**
 * One {@code --name [VALUE]} option a command accepts, with the other names it answers to.
 *
 * <p>The canonical name is the one the code reads and the usage lists first; an alias is a
 * spelling that already shipped (or dtlspipe's), kept so that old command lines keep working.
 *
 * @param name      the canonical name without its leading dashes, e.g. {@code "psk-identity"}
 * @param valueName how the usage text names its value ({@code "HEX"}), or {@code null} for a flag
 * @param help      one line for the usage text
 * @param aliases   other names for the same option, e.g. {@code ["identity"]}
 */
record Option(String name, String valueName, String help, List<String> aliases) {

    Option {
        aliases = List.copyOf(aliases);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help, List.of());
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help, List.of());
    }

    /** This option, also answering to {@code names}. */
    Option alias(String... names) {
        return new Option(name, valueName, help, List.of(names));
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** How the option appears in the usage text: {@code --psk-identity, --identity ID}. */
    String synopsis() {
        StringBuilder sb = new StringBuilder("--").append(name);
        for (String alias : aliases) {
            sb.append(", --").append(alias);
        }
        return sb.append(takesValue() ? " " + valueName : "").toString();
    }
}
