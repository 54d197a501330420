package io.brightcounter.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@code Authorization} headers carry one of the keys: the scheme in any case, the
 * key exactly, any of several keys.
 */
class BearerKeysTests {

    private final BearerKeys keys = new BearerKeys(List.of("first-key", "second-key", "third-key"));

    @Test
    void noKeysIsEmptyAndAuthorizesNothing() {
        BearerKeys none = new BearerKeys(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.authorizes("Bearer ")).isFalse();
        assertThat(none.authorizes("Bearer anything")).isFalse();
    }

    @Test
    void keysAreNotEmpty() {
        assertThat(this.keys.isEmpty()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Bearer first-key", "Bearer second-key", "Bearer third-key", "bearer first-key",
            "BEARER third-key", "Bearer  second-key ", "Bearer first-key\t" })
    void everyKeyIsAcceptedWithTheSchemeInAnyCase(String authorization) {
        assertThat(this.keys.authorizes(authorization)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "first-key", "Bearer", "Bearer ", "Bearerfirst-key", "Basic first-key",
            "Token first-key", "Bearer first-ke", "Bearer first-keyy", "Bearer First-Key", "Bearer first key",
            "xBearer first-key", "Bearer second-key third-key" })
    void anythingElseIsRefused(String authorization) {
        assertThat(this.keys.authorizes(authorization)).isFalse();
    }

    @Test
    void aSingleKeyIsMatchedWhetherItIsFirstOrLast() {
        assertThat(new BearerKeys(List.of("only")).authorizes("Bearer only")).isTrue();
        BearerKeys two = new BearerKeys(List.of("a-key", "b-key"));
        assertThat(two.authorizes("Bearer a-key")).isTrue();
        assertThat(two.authorizes("Bearer b-key")).isTrue();
        assertThat(two.authorizes("Bearer c-key")).isFalse();
    }

    @Test
    void aHeaderOfBytesOutsideAsciiIsComparedAsThoseBytes() {
        // Tomcat hands header bytes over as ISO-8859-1 characters; such a header never
        // matches an ASCII key, whatever a lossy decoding would make of it.
        BearerKeys question = new BearerKeys(List.of("k?y"));
        assertThat(question.authorizes("Bearer k\u00e9y")).isFalse();
        assertThat(question.authorizes("Bearer k?y")).isTrue();
    }

}
