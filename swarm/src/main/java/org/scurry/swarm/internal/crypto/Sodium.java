package org.scurry.swarm.internal.crypto;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.HexFormat;
import org.scurry.swarm.crypto.SodiumUnavailableException;

/**
 * The system's libsodium (Debian: {@code libsodium23}) through JNA's direct mapping: the few
 * functions Scurry calls, and the loading that decides whether it can be used at all.
 *
 * <p>Arguments travel through a per-thread native buffer whose address is passed as a {@code long}
 * (so no Java array is pinned or copied back, and nothing is allocated per call): the caller writes
 * its bytes there, calls, and reads the result. Secret bytes written there are zeroed before the
 * call returns.
 */
public final class Sodium {
    /** The library name JNA resolves when none is configured: {@code libsodium.so*} on Linux. */
    public static final String DEFAULT_LIBRARY = "sodium";

    /** The first library that loaded: JNA binds a class's native methods once per process. */
    private static String boundLibrary;

    private final String version;

    private Sodium(String version) {
        this.version = version;
    }

    /**
     * Loads libsodium from {@code library} (a name JNA resolves, such as {@code sodium}, or a path),
     * initialises it and checks it against RFC 8032's first test vector. Throws {@link
     * SodiumUnavailableException} saying why when any of that fails: no such library, JNA cannot
     * load its own native part, a 32-bit platform, a missing function, a failed self-test.
     */
    static synchronized Sodium load(String library) {
        if (Native.POINTER_SIZE != 8) {
            throw new SodiumUnavailableException("libsodium is bound for 64-bit platforms only; this one has "
                    + (8 * Native.POINTER_SIZE) + "-bit pointers");
        }
        try {
            NativeLibrary lib = NativeLibrary.getInstance(library);
            if (boundLibrary == null) {
                Native.register(Functions.class, lib);
                boundLibrary = lib.getFile() == null ? library : lib.getFile().toString();
            }
            if (Functions.sodium_init() < 0) {
                throw new SodiumUnavailableException("sodium_init() failed in " + boundLibrary);
            }
            Sodium sodium = new Sodium(Functions.sodium_version_string().getString(0));
            sodium.selfTest();
            return sodium;
        } catch (LinkageError e) {
            // JNA lists every place it tried, one per line: one line here, for status and logs
            String why = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
            throw new SodiumUnavailableException("cannot load libsodium '" + library + "': " + why, e);
        }
    }

    /** The library's version string, e.g. {@code 1.0.18}. */
    String version() {
        return version;
    }

    /** Where the bound library lives (the first one loaded in this process). */
    static synchronized String boundLibrary() {
        return boundLibrary;
    }

    private void selfTest() {
        HexFormat hex = HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] expectedKey = hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] expectedSig = hex.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        byte[] key = new byte[32];
        publicKey(seed, key);
        byte[] sig = new byte[64];
        sign(seed, key, new byte[0], 0, 0, sig);
        boolean verifies = verify(sig, 0, key, new byte[0], 0, 0);
        sig[0] ^= 1;
        boolean refusesFlip = !verify(sig, 0, key, new byte[0], 0, 0);
        sig[0] ^= 1;
        if (!Arrays.equals(key, expectedKey) || !Arrays.equals(sig, expectedSig) || !verifies || !refusesFlip) {
            throw new SodiumUnavailableException(
                    "libsodium " + version + " in " + boundLibrary + " fails the RFC 8032 TEST 1 self-test");
        }
    }

    // ---- Ed25519 ---------------------------------------------------------------------------------

    void publicKey(byte[] seed, byte[] out) {
        Scratch s = Scratch.get(0);
        s.memory.write(Scratch.SECRET, seed, 0, 32);
        try {
            check(
                    Functions.crypto_sign_seed_keypair(
                            s.at(Scratch.KEY), s.at(Scratch.SECRET + 32), s.at(Scratch.SECRET)),
                    "crypto_sign_seed_keypair");
            s.memory.read(Scratch.KEY, out, 0, 32);
        } finally {
            s.memory.setMemory(Scratch.SECRET, 96, (byte) 0);
        }
    }

    void sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length, byte[] signature) {
        Scratch s = Scratch.get(length);
        s.memory.write(Scratch.SECRET, seed, 0, 32);
        s.memory.write(Scratch.SECRET + 32, publicKey, 0, 32);
        s.memory.write(Scratch.MESSAGE, message, offset, length);
        try {
            check(
                    Functions.crypto_sign_detached(
                            s.at(Scratch.SIGNATURE), 0L, s.at(Scratch.MESSAGE), length, s.at(Scratch.SECRET)),
                    "crypto_sign_detached");
            s.memory.read(Scratch.SIGNATURE, signature, 0, 64);
        } finally {
            s.memory.setMemory(Scratch.SECRET, 64, (byte) 0);
        }
    }

    boolean verify(byte[] signature, int signatureOffset, byte[] publicKey, byte[] message, int offset, int length) {
        Scratch s = Scratch.get(length);
        s.memory.write(Scratch.SIGNATURE, signature, signatureOffset, 64);
        s.memory.write(Scratch.KEY, publicKey, 0, 32);
        s.memory.write(Scratch.MESSAGE, message, offset, length);
        return Functions.crypto_sign_verify_detached(
                        s.at(Scratch.SIGNATURE), s.at(Scratch.MESSAGE), length, s.at(Scratch.KEY))
                == 0;
    }

    private static void check(int rc, String function) {
        if (rc != 0) {
            throw new IllegalStateException(function + " returned " + rc);
        }
    }

    /**
     * A thread's native buffer: signature at 0, public key at 64, secret key (seed ‖ public key) at
     * 96, message from 160. Grows (replaced by a larger one) for a longer message.
     */
    private static final class Scratch {
        static final int SIGNATURE = 0;
        static final int KEY = 64;
        static final int SECRET = 96;
        static final int MESSAGE = 160;
        /** Room for the largest entry's signed bytes and more. */
        private static final int INITIAL_MESSAGE = 20_000;

        private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(() -> new Scratch(INITIAL_MESSAGE));

        final Memory memory;
        final long base;
        final int capacity;

        private Scratch(int messageCapacity) {
            this.memory = new Memory(MESSAGE + (long) messageCapacity);
            this.base = Pointer.nativeValue(memory);
            this.capacity = messageCapacity;
        }

        static Scratch get(int messageLength) {
            Scratch s = CURRENT.get();
            if (s.capacity < messageLength) {
                s = new Scratch(Math.max(messageLength, 2 * s.capacity));
                CURRENT.set(s);
            }
            return s;
        }

        long at(int offset) {
            return base + offset;
        }
    }

    /** libsodium's functions; pointers are passed as addresses ({@code long}: 64-bit only). */
    private static final class Functions {
        static native int sodium_init();

        static native Pointer sodium_version_string();

        static native int crypto_sign_seed_keypair(long pk, long sk, long seed);

        static native int crypto_sign_detached(long sig, long siglenP, long m, long mlen, long sk);

        static native int crypto_sign_verify_detached(long sig, long m, long mlen, long pk);
    }
}
