package org.scurry.routes.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scurry.routes.xmpp.ChatCommand.Verb;

class ChatCommandTest {

    @ParameterizedTest
    @CsvSource({
        "hello world,               POST,      hello world",
        "follow @abc,               FOLLOW,    @abc",
        "FOLLOW   Ada Lovelace,     FOLLOW,    Ada Lovelace",
        "Unfollow bea,              UNFOLLOW,  bea",
        "following,                 FOLLOWING, ''",
        "timeline 7,                TIMELINE,  7",
        "/help,                     HELP,      ''",
        "WhoAmI,                    WHOAMI,    ''",
        "post follow me please,     POST,      follow me please",
        "'  padded post  ',         POST,      padded post",
    })
    void theFirstWordPicksTheCommandInAnyCase(String body, Verb verb, String argument) {
        ChatCommand c = ChatCommand.parse(body);
        assertThat(c.verb()).isEqualTo(verb);
        assertThat(c.argument()).isEqualTo(argument);
    }

    @ParameterizedTest
    @CsvSource({
        "hepl,          help",
        "folow @abc,    follow",
        "folow bob,     follow",
        "unfolow Alice, unfollow",
        "unfolow @abc,  unfollow",
        "folowing,      following",
        "timelin 5,     timeline",
        "whomai,        whoami",
    })
    void aMistypedCommandIsAnsweredNotPosted(String body, String meant) {
        ChatCommand c = ChatCommand.parse(body);
        assertThat(c.verb()).isEqualTo(Verb.MISTYPED);
        assertThat(c.suggestion()).isEqualTo(meant);
    }

    @ParameterizedTest
    @CsvSource({"hello", "hell yeah", "folow the white rabbit", "timelines are great", "helpful tip: drink water"})
    void textThatMerelyResemblesACommandIsPosted(String body) {
        assertThat(ChatCommand.parse(body).verb()).isEqualTo(Verb.POST);
    }

    @Test
    void anUnknownSlashWordIsAnUnknownCommand() {
        ChatCommand c = ChatCommand.parse("/dance now");
        assertThat(c.verb()).isEqualTo(Verb.UNKNOWN);
        assertThat(c.argument()).isEqualTo("/dance");
    }

    @Test
    void oneEditMeansOneInsertionDeletionSubstitutionOrSwap() {
        assertThat(ChatCommand.oneEditApart("folow", "follow")).isTrue();
        assertThat(ChatCommand.oneEditApart("follows", "follow")).isTrue();
        assertThat(ChatCommand.oneEditApart("fellow", "follow")).isTrue();
        assertThat(ChatCommand.oneEditApart("fololw", "follow")).isTrue();
        assertThat(ChatCommand.oneEditApart("follow", "follow")).isFalse();
        assertThat(ChatCommand.oneEditApart("hello", "help")).isFalse();
    }
}
