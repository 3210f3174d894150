package org.scurry.routes.xmpp;

import java.util.Locale;

/** Account names made from JIDs: {@code [a-z0-9_-]{1,32}}, as the gateway's accounts require. */
final class AccountNames {
    static final int MAX = 32;

    private AccountNames() {}

    /** {@code Ann.Lee+x@example.org} → {@code ann-lee-x}; {@code xmpp} when nothing usable is left. */
    static String fromJid(String bareJid) {
        int at = bareJid.indexOf('@');
        String local = (at > 0 ? bareJid.substring(0, at) : bareJid).toLowerCase(Locale.ROOT);
        String name = local.replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (name.isEmpty()) {
            name = "xmpp";
        }
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }

    /** {@code base} with {@code -n} appended, shortened to stay within {@value #MAX} characters. */
    static String withSuffix(String base, int n) {
        String suffix = "-" + n;
        String head = base.length() + suffix.length() > MAX ? base.substring(0, MAX - suffix.length()) : base;
        return head + suffix;
    }
}
