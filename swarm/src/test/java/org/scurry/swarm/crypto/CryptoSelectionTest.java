package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.scurry.swarm.internal.crypto.Crypto;
import org.scurry.swarm.internal.crypto.Sodium;

/** How a choice and a library resolve to an engine (without changing this process's selection). */
class CryptoSelectionTest {
    private static final String BOGUS = "/nonexistent/scurry-test/libsodium.so.23";

    @Test
    void autoFallsBackToBouncyCastleNamingTheLibraryThatWouldNotLoad() {
        Crypto.Selection s = Crypto.resolveSelection(CryptoChoice.AUTO, BOGUS);

        assertThat(s.provider()).isEqualTo("bouncycastle");
        assertThat(s.name()).startsWith("BouncyCastle 1.");
        assertThat(s.fallbackReason()).contains(BOGUS);
        assertThat(s.describe()).contains("libsodium unavailable").contains(BOGUS);
    }

    @Test
    void sodiumForcedWithoutTheLibraryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> Crypto.resolveSelection(CryptoChoice.SODIUM, BOGUS))
                .isInstanceOf(SodiumUnavailableException.class)
                .hasMessageContaining("scurry.crypto=sodium")
                .hasMessageContaining(BOGUS);
    }

    @Test
    void bouncyCastleForcedNeverTouchesTheLibrary() {
        Crypto.Selection s = Crypto.resolveSelection(CryptoChoice.BOUNCYCASTLE, BOGUS);

        assertThat(s.provider()).isEqualTo("bouncycastle");
        assertThat(s.fallbackReason()).isEmpty();
    }

    @Test
    void autoPicksLibsodiumWhereItIsInstalled() {
        Engines.sodium(); // skips (or fails under CI) without libsodium
        Crypto.Selection s = Crypto.resolveSelection(CryptoChoice.AUTO, Sodium.DEFAULT_LIBRARY);

        assertThat(s.provider()).isEqualTo("libsodium");
        assertThat(s.name()).matches("libsodium 1\\.0\\.\\d+");
        assertThat(s.describe()).isEqualTo(s.name());
    }

    @Test
    void choicesParseFromTheirTextAndABadOneNamesItself() {
        assertThat(CryptoChoice.parse(" Sodium ")).isEqualTo(CryptoChoice.SODIUM);
        assertThat(CryptoChoice.parse("bouncycastle")).isEqualTo(CryptoChoice.BOUNCYCASTLE);
        assertThat(CryptoChoice.parse("")).isEqualTo(CryptoChoice.AUTO);
        assertThatThrownBy(() -> CryptoChoice.parse("openssl")).hasMessageContaining("openssl");
    }
}
