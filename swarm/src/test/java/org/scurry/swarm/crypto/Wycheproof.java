package org.scurry.swarm.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Project Wycheproof's vector files (test resources {@code vectors/wycheproof/}, copied from
 * C2SP/wycheproof {@code testvectors_v1/} at dac1dd4, Apache License 2.0).
 */
final class Wycheproof {
    /** One test case with the group it belongs to (keys, sizes). */
    record Case(JsonNode group, JsonNode test) {
        String result() {
            return test.path("result").asText();
        }

        byte[] hex(String field) {
            return Hex.bytes(test.path(field).asText());
        }

        @Override
        public String toString() {
            return "tcId " + test.path("tcId").asInt() + " (" + result() + ", " + test.path("flags") + "): "
                    + test.path("comment").asText();
        }
    }

    private Wycheproof() {}

    static List<Case> cases(String file) {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/vectors/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vectors/wycheproof/" + file);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode g : root.path("testGroups")) {
                for (JsonNode t : g.path("tests")) {
                    cases.add(new Case(g, t));
                }
            }
            if (cases.size() != root.path("numberOfTests").asInt()) {
                throw new IllegalStateException(file + ": read " + cases.size() + " cases, the file says "
                        + root.path("numberOfTests").asInt());
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
