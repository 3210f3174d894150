package org.scurry.gateway.accounts;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.scurry.swarm.crypto.Base64Url;

/**
 * Salted, slow password hashes: PBKDF2 with HMAC-SHA256 from the JDK, kept as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt 16 bytes, hash 32 bytes, both base64url), so the
 * cost can be raised later without breaking stored hashes (each hash names its own count).
 *
 * <p>Why 100,000 iterations and not OWASP's 600,000: the gateway generates every password itself
 * (24 random bytes, 192 bits), so no count makes guessing it feasible or infeasible; the slow hash
 * is a second line for a leaked file, and its cost is paid at every MQTT login (about 2 s for
 * 600,000 on the small test machines, which would stall a reconnect storm).
 */
final class PasswordHash {
    static final String SCHEME = "pbkdf2-sha256";
    static final int ITERATIONS = 100_000;

    private static final int SALT_LENGTH = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {}

    static String hash(String password) {
        return hash(password, ITERATIONS);
    }

    static String hash(String password, int iterations) {
        byte[] salt = Aead.random(SALT_LENGTH);
        return SCHEME + "$" + iterations + "$" + Base64Url.encode(salt) + "$"
                + Base64Url.encode(pbkdf2(password, salt, iterations));
    }

    /** True when {@code password} matches {@code stored}; false for a null password or a malformed hash. */
    static boolean verify(String password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (password == null || parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64Url.decode(parts[2]);
            byte[] expected = Base64Url.decode(parts[3]);
            return iterations > 0 && MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of checking against {@code dummy} (a hash of the same cost) and answers false. */
    static boolean verifyNothing(String password, String dummy) {
        verify(password == null ? "" : password, dummy);
        return false;
    }

    /** True when {@code stored} has the form this class writes (checked when a record is read). */
    static boolean wellFormed(String stored) {
        return stored != null && stored.matches(SCHEME + "\\$[1-9][0-9]{0,9}\\$[A-Za-z0-9_-]+\\$[A-Za-z0-9_-]+");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not usable in this JVM", e);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }
}
