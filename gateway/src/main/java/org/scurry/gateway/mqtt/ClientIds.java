package org.scurry.gateway.mqtt;

import java.util.regex.Pattern;

/**
 * Which MQTT client ids an account may use on the embedded broker, so that no account can reach
 * another's session: a client id names its session, and a broker hands a session (its queued
 * messages and its live connection) to whoever connects with that id next.
 *
 * <ul>
 *   <li>{@code ACCOUNT}: the account's name itself, or
 *   <li>{@code ACCOUNT.DEVICE}: the name, a dot and 1–64 of {@code A-Z a-z 0-9 _ - . :} (a dot
 *       cannot be in an account name, so the owner of such an id is never ambiguous), or
 *   <li>an empty id: the broker then assigns 32 random hex digits, for a clean session only
 *       (MQTT 3.1.1 §3.1.3.1). Such an id cannot be told from a chosen one when the login is
 *       checked, so 32 lowercase hex digits pass that check, and a client that <em>chose</em> one
 *       is disconnected and its session dropped as soon as the broker reports the connection
 *       ({@link #isChosenButNotOwned}).
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class ClientIds {
    static final char SEPARATOR = '.';
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_\\-.:]{1,64}");
    private static final Pattern ASSIGNED = Pattern.compile("[0-9a-f]{32}");

    private ClientIds() {}

    /** True when {@code account} may log in with {@code clientId} (possibly assigned by the broker). */
    static boolean mayUse(String account, String clientId) {
        return owns(account, clientId) || looksAssigned(clientId);
    }

    /** True when {@code clientId} is {@code account} or {@code account.DEVICE}. */
    static boolean owns(String account, String clientId) {
        if (account == null || clientId == null || !clientId.startsWith(account)) {
            return false;
        }
        if (clientId.length() == account.length()) {
            return true;
        }
        return clientId.charAt(account.length()) == SEPARATOR
                && DEVICE.matcher(clientId)
                        .region(account.length() + 1, clientId.length())
                        .matches();
    }

    /**
     * True when the client sent {@code sentId} itself (not empty) and it is not one of {@code
     * account}'s: it passed the login check only because it looks like an id the broker assigns.
     */
    static boolean isChosenButNotOwned(String account, String sentId) {
        return sentId != null && !sentId.isEmpty() && !owns(account, sentId);
    }

    private static boolean looksAssigned(String clientId) {
        return clientId != null && ASSIGNED.matcher(clientId).matches();
    }
}
