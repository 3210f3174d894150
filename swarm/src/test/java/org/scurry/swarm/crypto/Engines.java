package org.scurry.swarm.crypto;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Ed25519Engine;
import org.scurry.swarm.internal.crypto.Sodium;

/**
 * The two Ed25519 engines, for tests that hold them to the same answers. libsodium missing is a
 * failure under {@code CI=true} (.ci/run installs it) and a skip, saying why, elsewhere.
 */
final class Engines {
    private Engines() {}

    static Ed25519Engine bouncyCastle() {
        return Crypto.bouncyCastleEngine();
    }

    static Ed25519Engine sodium() {
        try {
            return Crypto.sodiumEngine(System.getProperty(Crypto.LIBRARY_PROPERTY, Sodium.DEFAULT_LIBRARY));
        } catch (SodiumUnavailableException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "CI=true but libsodium is missing (apt-get install libsodium23): " + e.getMessage(), e);
            }
            Assumptions.abort("libsodium is not installed here: " + e.getMessage());
            throw e;
        }
    }

    static List<Ed25519Engine> both() {
        return List.of(bouncyCastle(), sodium());
    }
}
