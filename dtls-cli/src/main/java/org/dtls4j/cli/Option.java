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
 * @param valueOptional whether the value may be left out ({@code --trace} or {@code --trace=records}):
 *                  then it is only ever given after {@code =}, never as the next word
 */
record Option(String name, String valueName, String help, List<String> aliases, boolean valueOptional) {

    Option {
        aliases = List.copyOf(aliases);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, help, List.of(), false);
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, help, List.of(), false);
    }

    /** {@code --name} alone (read as the empty value) or {@code --name=VALUE}. */
    static Option optionalValue(String name, String valueName, String help) {
        return new Option(name, valueName, help, List.of(), true);
    }

    /** This option, also answering to {@code names}. */
    Option alias(String... names) {
        return new Option(name, valueName, help, List.of(names), valueOptional);
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
        if (valueOptional) {
            return sb.append("[=").append(valueName).append(']').toString();
        }
        return sb.append(takesValue() ? " " + valueName : "").toString();
    }
}
