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
}
