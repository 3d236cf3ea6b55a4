package dev.kotae.messages.entity;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SendRequestTest {

    @Test
    void fingerprintsDifferWhenAnyMemberDiffers() {
        var base = SendRequest.of("+819012345678", "code 1234");

        assertThat(base.fingerprint()).isEqualTo(SendRequest.of("+819012345678", "code 1234").fingerprint());
        assertThat(base.fingerprint()).isNotEqualTo(SendRequest.of("+819012345678", "code 1235").fingerprint());
        assertThat(base.fingerprint()).isNotEqualTo(SendRequest.of("+819012345679", "code 1234").fingerprint());
        var dryRun = new SendRequest(base.to(), base.body(), base.type(), Optional.empty(), Optional.empty(),
                new TreeMap<>(), true, Optional.empty(), Optional.empty());
        assertThat(base.fingerprint()).isNotEqualTo(dryRun.fingerprint());
    }

    @Test
    void fingerprintsCannotBeForgedByMovingTextBetweenMembers() {
        var context = new TreeMap<String, String>();
        context.put("a", "b\ncontext.c=1:d");
        var one = new SendRequest("+819012345678", "x", MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                context, false, Optional.empty(), Optional.empty());
        var two = new SendRequest("+819012345678", "x", MessageType.TRANSACTIONAL, Optional.empty(), Optional.empty(),
                new TreeMap<>(java.util.Map.of("a", "b", "c", "d")), false, Optional.empty(), Optional.empty());

        assertThat(one.fingerprint()).isNotEqualTo(two.fingerprint());
    }
}
