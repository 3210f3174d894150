package org.scurry.routes.xmpp;

/** The fixed texts the bot answers with. */
final class ChatReplies {
    private ChatReplies() {}

    static final String HELP =
            """
            Scurry bot. Write to me:
              TEXT               posts TEXT (or: post TEXT, for a text that starts with a command word)
              follow ID|NAME     follow a feed by its id (@...) or display name
              unfollow ID|NAME   stop following it
              following          the feeds you follow
              timeline [N]       your N newest timeline posts (default 5, at most 20)
              since              the posts since your previous message to me (catching up)
              whoami             your account and feed id
              protect on|off     only approved followers read what you post while on
              requests           pending follow requests to you
              approve ID|NAME    let a requester (or any feed) read your protected posts
              deny ID|NAME       refuse a pending request
              revoke ID|NAME     take a follower's access away (later posts only)
              followers          your approved followers
              request ID|NAME [NOTE]   ask a protected feed's owner to let you read it
              whois NAME|ID      a feed's profile: name, bio, link, counts (names are not unique)
              thread ENTRY_ID    the thread an entry is part of, indented by depth
              search WORDS       the newest posts with WORDS ("a phrase", #tag, @name, -word)
              help               this text
            Updates of the feeds you follow arrive here as messages.""";

    static String notLinked(String jid) {
        return "This address (" + jid + ") is not linked to a Scurry account; ask the operator to run"
                + " `./scurry account link NAME --jid " + jid + "`.";
    }

    static String rateLimited(int perMinute, long waitSeconds) {
        return "Slow down: at most " + perMinute + " messages a minute. Messages you send in the next " + waitSeconds
                + " s are dropped unanswered.";
    }

    static String mistyped(String typed, String meant) {
        return "Did you mean `" + meant + "`? Nothing was posted. To post \"" + typed + "…\" as it is, write `post "
                + typed + " …`.";
    }

    static String unknown(String typed) {
        return "Unknown command " + typed + ". Nothing was posted.\n" + HELP;
    }

    static String welcome(XmppAccount account) {
        return "Welcome! I made the Scurry account " + account.name() + " (" + account.feed()
                + ") for you. Plain text you send me is posted.\n" + HELP;
    }
}
