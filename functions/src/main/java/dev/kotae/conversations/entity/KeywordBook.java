package dev.kotae.conversations.entity;

import dev.kotae.shared.entity.Keywords;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keywords Kotae understands and the texts it answers with, in English and Japanese.
 *
 * <p>A message matches a keyword when, normalised ({@link Keywords#normalise}), it is the keyword,
 * or its first word is; a Japanese keyword also matches a message that begins with it, since
 * Japanese does not separate words with spaces. STOP outranks START, START outranks HELP, HELP
 * outranks JOIN, JOIN outranks CONFIRM.
 */
public record KeywordBook(
        Map<KeywordAction, List<String>> keywords,
        Map<ReplyKind, Map<Language, String>> replies,
        String brand,
        String helpContact) {

    public KeywordBook {
        var normalised = new EnumMap<KeywordAction, List<String>>(KeywordAction.class);
        keywords.forEach((action, words) -> normalised.put(action, words.stream().map(Keywords::normalise).toList()));
        for (var action : KeywordAction.values()) {
            if (normalised.getOrDefault(action, List.of()).isEmpty()) {
                throw new IllegalArgumentException("No keywords for " + action);
            }
        }
        for (var kind : ReplyKind.values()) {
            for (var language : Language.values()) {
                if (replies.getOrDefault(kind, Map.of()).getOrDefault(language, "").isBlank()) {
                    throw new IllegalArgumentException("No " + language + " text for the " + kind + " reply");
                }
            }
        }
        keywords = Map.copyOf(normalised);
        replies = Map.copyOf(replies);
    }

    /**
     * @param awaited keywords that open conversations wait for, beyond the CONFIRM synonyms
     */
    public Optional<KeywordMatch> match(String body, Collection<String> awaited) {
        var message = Keywords.normalise(body);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        // "Stop, please": the first word loses its punctuation as the whole message does.
        var firstWord = Keywords.normalise(message.split(" ", 2)[0]);
        for (var action : KeywordAction.values()) {
            var candidates = action == KeywordAction.CONFIRM
                    ? concat(keywords.get(action), awaited)
                    : keywords.get(action);
            for (var keyword : candidates) {
                if (matches(message, firstWord, keyword)) {
                    return Optional.of(new KeywordMatch(action, keyword, Language.of(keyword)));
                }
            }
        }
        return Optional.empty();
    }

    /** True when {@code keyword} is one of the CONFIRM synonyms (as opposed to a conversation's own keyword). */
    public boolean isConfirmSynonym(String keyword) {
        return keywords.get(KeywordAction.CONFIRM).contains(keyword);
    }

    /** The reply text, with {brand}, {contact}, {reference} and {keyword} filled in. */
    public String reply(ReplyKind kind, Language language, Optional<String> reference, Optional<String> keyword) {
        var fallbackReference = language == Language.JA ? "ご依頼" : "your request";
        return replies.get(kind).get(language)
                .replace("{brand}", brand)
                .replace("{contact}", helpContact)
                .replace("{reference}", reference.orElse(fallbackReference))
                .replace("{keyword}", keyword.orElse(keywords.get(KeywordAction.CONFIRM).get(0)));
    }

    private static boolean matches(String message, String firstWord, String keyword) {
        return message.equals(keyword) || firstWord.equals(keyword)
                || (Language.of(keyword) == Language.JA && message.startsWith(keyword));
    }

    private static List<String> concat(List<String> first, Collection<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).distinct().toList();
    }
}
