package org.scurry.routes.xmpp;

import java.util.Optional;
import org.scurry.swarm.util.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one chat message into the bot's answer: rate limit first (unknown JIDs too, so the bot
 * cannot be used to reflect a flood), then the sender's account (registering it when its domain is
 * allowed), then the command. Thread-safe.
 */
final class ChatInbound {
    private static final Logger LOG = LoggerFactory.getLogger(ChatInbound.class);

    private final XmppSettings settings;
    private final XmppAccounts accounts;
    private final ChatSession session;
    private final RateLimiter limiter;

    private final java.util.function.Consumer<String> refused;

    ChatInbound(XmppSettings settings, XmppAccounts accounts, ChatSession session, RateLimiter limiter) {
        this(settings, accounts, session, limiter, reason -> {});
    }

    /** As above, telling {@code refused} why a message was refused ({@code rate_limited}, {@code not_linked}). */
    ChatInbound(
            XmppSettings settings,
            XmppAccounts accounts,
            ChatSession session,
            RateLimiter limiter,
            java.util.function.Consumer<String> refused) {
        this.refused = refused;
        this.settings = settings;
        this.accounts = accounts;
        this.session = session;
        this.limiter = limiter;
    }

    /** The answer to send to {@code jid} (bare), or null to send none. */
    String answer(String jid, String body) {
        if (body == null || body.isBlank() || jid.equals(settings.botJid())) {
            return null; // chat states, receipts, our own echo
        }
        switch (limiter.check(jid)) {
            case DROP:
                refused.accept("rate_limited");
                return null;
            case REFUSE:
                refused.accept("rate_limited");
                LOG.info("XMPP rate limit: refusing messages from {} for now", LogText.of(jid));
                return ChatReplies.rateLimited(limiter.perMinute(), limiter.secondsUntilAllowed(jid));
            case ALLOW:
            default:
                break;
        }
        Optional<XmppAccount> account = accounts.byJid(jid);
        String welcome = "";
        if (account.isEmpty() && settings.mayAutoRegister(jid)) {
            try {
                XmppAccount created = accounts.register(jid);
                LOG.info("XMPP: registered account {} ({}) for {}", created.name(), created.feed(), LogText.of(jid));
                account = Optional.of(created);
                welcome = ChatReplies.welcome(created) + "\n\n";
            } catch (RuntimeException e) {
                LOG.warn("XMPP: could not register an account for {}: {}", LogText.of(jid), LogText.of(e.getMessage()));
                return "Could not make a Scurry account for " + jid + ": " + e.getMessage();
            }
        }
        if (account.isEmpty()) {
            refused.accept("not_linked");
            return ChatReplies.notLinked(jid);
        }
        ChatCommand command = ChatCommand.parse(body);
        if (!welcome.isEmpty() && command.verb() == ChatCommand.Verb.HELP) {
            return welcome.strip();
        }
        return welcome + session.handle(account.get(), command);
    }
}
