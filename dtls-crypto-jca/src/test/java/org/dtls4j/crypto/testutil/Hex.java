package org.dtls4j.crypto.testutil;

import java.util.HexFormat;

/** Hex for test vectors; spaces are ignored so vectors can be typed as the RFCs print them. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    public static String string(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
