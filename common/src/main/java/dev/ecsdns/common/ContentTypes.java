package dev.ecsdns.common;

import java.util.List;
import java.util.Locale;

/**
 * Reads a Content-Type header by the letter of the contract rather than through a charset lookup: the type must be the
 * one a route takes, and its only parameter, if any, {@code charset=utf-8}. A lookup would answer 500 for an unknown
 * charset and decode a known one (latin1, utf-16) that the stored text was never meant to come from.
 */
public final class ContentTypes {

    private ContentTypes() {
    }

    /** True when the one Content-Type sent is {@code type} (any letter case), with no parameter or charset=utf-8. */
    public static boolean isUtf8(List<String> headers, String type) {
        if (headers.size() != 1) {
            return false;
        }
        String[] parts = headers.get(0).split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(type)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (!parameter.isEmpty() && !parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }
}
