package org.scurry.swarm.crypto;

import java.util.Locale;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Ed25519Rule;

/**
 * Which library does the Ed25519 arithmetic ({@code scurry.crypto}, {@link Crypto}). Every choice
 * accepts exactly the same signatures ({@link Ed25519Rule}); they differ only in speed.
 */
public enum CryptoChoice {
    /** libsodium when it loads, else BouncyCastle (the default). */
    AUTO,
    /** libsodium or nothing: starting fails, saying why, when the native library cannot load. */
    SODIUM,
    /** BouncyCastle, pure Java, even when libsodium is there. */
    BOUNCYCASTLE;

    /** Parses {@code auto}, {@code sodium} or {@code bouncycastle} (any case, surrounding blanks ignored). */
    public static CryptoChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto", "" -> AUTO;
            case "sodium", "libsodium" -> SODIUM;
            case "bouncycastle", "bc" -> BOUNCYCASTLE;
            default -> throw new IllegalArgumentException("crypto must be auto, sodium or bouncycastle: " + text);
        };
    }

    /** The text form {@link #parse} reads. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
