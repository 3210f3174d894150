package org.scurry.swarm.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Base64UrlTest {
    @Test
    void roundTripsWithoutPadding() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x00, 0x3e};

        assertThat(Base64Url.encode(bytes)).isEqualTo("-_8APg");
        assertThat(Base64Url.decode("-_8APg")).containsExactly(bytes);
    }

    @Test
    void eachByteStringHasExactlyOneTextForm() {
        // 43 characters carry 258 bits for 256: the last character's two low bits must be zero
        String zeros = Base64Url.encode(new byte[32]);
        String sameBytesOtherText = zeros.substring(0, 42) + "B";

        assertThatThrownBy(() -> Base64Url.decode(sameBytesOtherText))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(sameBytesOtherText);
    }

    @Test
    void paddingAndStandardAlphabetAreRefused() {
        assertThatThrownBy(() -> Base64Url.decode("-_8APg==")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Base64Url.decode("+/8APg")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The definition: text is accepted exactly when encoding what it decodes to gives it back. */
    @Test
    void acceptsExactlyTheTextsThatEncodingGivesBack() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int checked = 0;
        for (int length = 0; length <= 34; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64Url.encode(bytes);
            String stem = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
            for (char last : alphabet.toCharArray()) {
                String candidate = stem + last;
                byte[] decoded;
                try {
                    decoded = java.util.Base64.getUrlDecoder().decode(candidate);
                } catch (IllegalArgumentException e) {
                    continue; // the JDK refuses it too (a length no byte string has)
                }
                boolean expected = Base64Url.encode(decoded).equals(candidate);
                boolean accepted;
                try {
                    Base64Url.decode(candidate);
                    accepted = true;
                } catch (IllegalArgumentException e) {
                    accepted = false;
                }
                assertThat(accepted).as(candidate).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }
}
