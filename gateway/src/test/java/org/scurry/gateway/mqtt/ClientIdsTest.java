package org.scurry.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientIdsTest {
    @Test
    void anAccountUsesItsNameOrItsNameDotADevice() {
        assertThat(ClientIds.mayUse("ada", "ada")).isTrue();
        assertThat(ClientIds.mayUse("ada", "ada.kitchen-sensor")).isTrue();
        assertThat(ClientIds.mayUse("ada", "ada.phone:2")).isTrue();
        assertThat(ClientIds.mayUse("ada-b", "ada-b.x")).isTrue();
    }

    @Test
    void noAccountMayUseAnothersIds() {
        assertThat(ClientIds.mayUse("ada", "bob")).isFalse();
        assertThat(ClientIds.mayUse("ada", "bob.phone")).isFalse();
        // "ada-b" is another account's name, not a device of ada's: '-' is in the name alphabet
        assertThat(ClientIds.mayUse("ada", "ada-b")).isFalse();
        assertThat(ClientIds.mayUse("ada", "adab")).isFalse();
        assertThat(ClientIds.mayUse("ada-b", "ada")).isFalse();
        assertThat(ClientIds.mayUse("ada", "ada.")).isFalse();
        assertThat(ClientIds.mayUse("ada", "ada.a b")).isFalse();
        assertThat(ClientIds.mayUse("ada", "ada.x\nforged")).isFalse();
        assertThat(ClientIds.mayUse("ada", "ada." + "x".repeat(65))).isFalse();
        assertThat(ClientIds.mayUse("ada", "")).isFalse();
        assertThat(ClientIds.mayUse("ada", null)).isFalse();
    }

    @Test
    void anIdTheBrokerAssignsPassesTheLoginButAChosenOneIsCaughtAtConnect() {
        String assigned = "0123456789abcdef0123456789abcdef";
        assertThat(ClientIds.mayUse("ada", assigned)).isTrue();
        assertThat(ClientIds.mayUse("ada", assigned.toUpperCase())).isFalse();
        assertThat(ClientIds.isChosenButNotOwned("ada", ""))
                .as("sent empty: assigned by the broker")
                .isFalse();
        assertThat(ClientIds.isChosenButNotOwned("ada", assigned)).isTrue();
        assertThat(ClientIds.isChosenButNotOwned("ada", "ada.phone")).isFalse();
    }
}
