package dev.kotae.conversations.entity;

/** The language a reply is written in: the language of the keyword (or text) it answers. */
public enum Language {
    EN,
    JA;

    /** Japanese when the text holds kana or kanji, English otherwise. */
    public static Language of(String text) {
        return text.codePoints().anyMatch(Language::isJapanese) ? JA : EN;
    }

    private static boolean isJapanese(int codePoint) {
        var script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA
                || script == Character.UnicodeScript.HAN;
    }
}
