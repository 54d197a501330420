package io.brightcounter.readings;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one parameter's values from a raw query string. The device endpoints read the
 * query themselves rather than through the servlet's parameter map: Tomcat 11 parses at
 * most 1,000 parameters by default, one short of the {@code id=...&id=...} call that must
 * be refused with the contract's "more than 1000 devices" message, and a lookup needs
 * only two names of it.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * Every value of {@code name} in order, decoded as
     * {@code application/x-www-form-urlencoded} UTF-8. A name without {@code =} has the
     * empty value. A value with a malformed escape is returned as sent: it is then no
     * valid id or field name, and is refused as such.
     */
    static List<String> values(String query, String name) {
        if (query == null || query.isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(2);
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            int nameEnd = (equals >= 0 && equals < end) ? equals : end;
            if (decode(query.substring(start, nameEnd)).equals(name)) {
                values.add((nameEnd < end) ? decode(query.substring(nameEnd + 1, end)) : "");
            }
            start = end + 1;
        }
        return values;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return text;
        }
    }

}
