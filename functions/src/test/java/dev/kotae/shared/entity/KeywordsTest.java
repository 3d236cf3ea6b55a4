package dev.kotae.shared.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordsTest {

    @ParameterizedTest
    @CsvSource({
            "confirm, CONFIRM",
            "'  Confirm!! ', CONFIRM",
            "ＣＯＮＦＩＲＭ, CONFIRM",
            "'👍 yes 👍', YES",
            "'opt   out', OPT OUT",
            "はい。, はい",
            "「確認」, 確認",
    })
    void foldsWidthCaseSpacingAndOuterPunctuation(String typed, String keyword) {
        assertThat(Keywords.normalise(typed)).isEqualTo(keyword);
    }
}
