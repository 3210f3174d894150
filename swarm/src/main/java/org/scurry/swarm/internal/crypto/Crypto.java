package org.scurry.swarm.internal.crypto;

import org.scurry.swarm.crypto.CryptoChoice;
import org.scurry.swarm.crypto.SodiumUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which library computes Ed25519 in this process: libsodium (native, faster) or BouncyCastle (pure
 * Java). Chosen once at start-up ({@link #select}, which {@code Node} calls with its config) or, if
 * nothing selected, on first use from the system properties {@value #PROPERTY} ({@code
 * auto|sodium|bouncycastle}, default auto) and {@value #LIBRARY_PROPERTY} (the library's name or
 * path, default {@code sodium}). {@code auto} falls back to BouncyCastle, with a warning saying why,
 * when libsodium cannot load.
 *
 * <p>The choice changes speed only: both accept exactly the signatures of {@link Ed25519Rule}. It is
 * process-wide, since keys are shared between nodes of one process (the feed-id intern table).
 * Thread-safe.
 */
public final class Crypto {
    /** System property: {@code auto}, {@code sodium} or {@code bouncycastle}. */
    public static final String PROPERTY = "scurry.crypto";
    /** System property: the libsodium to load, a name JNA resolves or a path. */
    public static final String LIBRARY_PROPERTY = "scurry.crypto.sodium-library";

    private static final Logger LOG = LoggerFactory.getLogger(Crypto.class);

    /**
     * What a selection gave.
     *
     * @param choice what was asked for ({@code AUTO} when neither the config nor the property said)
     * @param provider {@code "libsodium"} or {@code "bouncycastle"}
     * @param name the library and its version, e.g. {@code "libsodium 1.0.18"}
     * @param fallbackReason why libsodium is not in use under {@code auto}; empty otherwise
     */
    public record Selection(CryptoChoice choice, String provider, String name, String fallbackReason) {
        /** One line for logs and status: the name, and the reason for a fallback. */
        public String describe() {
            return fallbackReason.isEmpty() ? name : name + " (libsodium unavailable: " + fallbackReason + ")";
        }

        public boolean sodium() {
            return provider.equals("libsodium");
        }
    }

    private record Active(Selection selection, Ed25519Engine engine) {}

    private static volatile Active active;

    private Crypto() {}

    /**
     * Selects the library for this process and logs it. {@code AUTO} keeps an earlier selection, else
     * reads {@value #PROPERTY}; an explicit choice replaces a different one (the same one is kept). Throws {@link
     * SodiumUnavailableException} when {@code SODIUM} is asked and libsodium cannot load.
     */
    public static Selection select(CryptoChoice choice) {
        return select(choice, System.getProperty(LIBRARY_PROPERTY, Sodium.DEFAULT_LIBRARY));
    }

    /** As {@link #select(CryptoChoice)}, loading libsodium from {@code sodiumLibrary} (a name or a path). */
    public static synchronized Selection select(CryptoChoice choice, String sodiumLibrary) {
        Active current = active;
        if (current != null
                && (choice == CryptoChoice.AUTO || choice == current.selection().choice())) {
            return current.selection();
        }
        CryptoChoice effective =
                choice == CryptoChoice.AUTO ? CryptoChoice.parse(System.getProperty(PROPERTY, "auto")) : choice;
        Active chosen = resolve(effective, sodiumLibrary);
        active = chosen;
        Selection s = chosen.selection();
        if (s.fallbackReason().isEmpty()) {
            LOG.info(
                    "crypto: {} for Ed25519 (scurry.crypto={})",
                    s.name(),
                    s.choice().text());
        } else {
            LOG.warn(
                    "crypto: {} for Ed25519, libsodium unavailable: {} (scurry.crypto={})",
                    s.name(),
                    s.fallbackReason(),
                    s.choice().text());
        }
        return s;
    }

    /** The current selection, selecting {@code AUTO} first if nothing has been. */
    public static Selection current() {
        return engineHolder().selection();
    }

    /** The engine in use (package-private: the key classes call it on every operation). */
    public static Ed25519Engine ed25519() {
        return engineHolder().engine();
    }

    /**
     * The libsodium engine when it loads from {@code library}, for tests and benchmarks that run
     * both paths side by side without changing the process's selection.
     */
    public static Ed25519Engine sodiumEngine(String library) {
        return new SodiumEd25519(Sodium.load(library));
    }

    /** What {@code choice} would select with {@code library}, without selecting it (tests). */
    public static Selection resolveSelection(CryptoChoice choice, String library) {
        return resolve(choice, library).selection();
    }

    public static Ed25519Engine bouncyCastleEngine() {
        return BouncyCastleEd25519.INSTANCE;
    }

    private static Active engineHolder() {
        Active a = active;
        if (a == null) {
            select(CryptoChoice.AUTO);
            a = active;
        }
        return a;
    }

    private static Active resolve(CryptoChoice choice, String library) {
        if (choice == CryptoChoice.BOUNCYCASTLE) {
            return bouncyCastle(choice, "");
        }
        try {
            SodiumEd25519 engine = new SodiumEd25519(Sodium.load(library));
            return new Active(new Selection(choice, "libsodium", engine.name(), ""), engine);
        } catch (SodiumUnavailableException e) {
            if (choice == CryptoChoice.SODIUM) {
                throw new SodiumUnavailableException("scurry.crypto=sodium but " + e.getMessage(), e);
            }
            return bouncyCastle(choice, e.getMessage());
        }
    }

    private static Active bouncyCastle(CryptoChoice choice, String reason) {
        Ed25519Engine engine = BouncyCastleEd25519.INSTANCE;
        return new Active(new Selection(choice, "bouncycastle", engine.name(), reason), engine);
    }
}
