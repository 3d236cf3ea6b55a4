package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.KeywordAction;
import dev.kotae.conversations.entity.KeywordBook;
import dev.kotae.conversations.entity.Language;
import dev.kotae.conversations.entity.ReplyKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeywordBooksTest {

    private static final KeywordBook DEFAULTS = KeywordBooks.load("Brand", "help@example.com", Optional.empty());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "STOP, STOP",
            "'stop.', STOP",
            "'Stop sending these', STOP",
            "'Stop, please', STOP",
            "'HELP STOP', HELP",
            "'STOP HELP', STOP",
            "'START, HELP', START",
            "'停止します', STOP",
            "'ヘルプお願いします', HELP",
            "'確認しました', CONFIRM",
            "ＨＥＬＰ, HELP",
    })
    void readsTheKeywordWithItsPrecedence(String text, KeywordAction action) {
        assertThat(DEFAULTS.match(text, List.of())).hasValueSatisfying(match -> assertThat(match.action()).isEqualTo(action));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Don't stop", "Can we move it to 11?", "yesterday", "", "   ", "🙂"})
    void leavesOtherTextAlone(String text) {
        assertThat(DEFAULTS.match(text, List.of())).isEmpty();
    }

    @Test
    void aConversationsOwnKeywordIsReadAsAnAnswer() {
        assertThat(DEFAULTS.match("reschedule please", List.of("RESCHEDULE")))
                .hasValueSatisfying(match -> {
                    assertThat(match.action()).isEqualTo(KeywordAction.CONFIRM);
                    assertThat(match.keyword()).isEqualTo("RESCHEDULE");
                });
        assertThat(DEFAULTS.match("reschedule please", List.of())).isEmpty();
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        var book = KeywordBooks.load("Brand", "help@example.com", Optional.of(
                "{\"keywords\": {\"HELP\": [\"SUPPORT\"]}, \"replies\": {\"HELP\": {\"EN\": \"{brand} support: {contact}\"}}}"));

        assertThat(book.match("support", List.of())).hasValueSatisfying(m -> assertThat(m.action()).isEqualTo(KeywordAction.HELP));
        assertThat(book.match("help", List.of())).isEmpty();
        assertThat(book.reply(ReplyKind.HELP, Language.EN, Optional.empty(), Optional.empty()))
                .isEqualTo("Brand support: help@example.com");
        assertThat(book.reply(ReplyKind.HELP, Language.JA, Optional.empty(), Optional.empty())).contains("お問い合わせ");
        assertThat(book.match("STOP", List.of())).isPresent();
    }

    @Test
    void refusesAnOverrideThatEmptiesAKeywordList() {
        assertThatThrownBy(() -> KeywordBooks.load("Brand", "c", Optional.of("{\"keywords\": {\"STOP\": []}}")))
                .hasMessageContaining("STOP");
    }
}
