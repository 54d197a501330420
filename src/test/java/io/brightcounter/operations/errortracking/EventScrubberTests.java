package io.brightcounter.operations.errortracking;

import java.util.List;
import java.util.Map;

import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.User;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventScrubberTests {

    private static final String DEVICE = "063c5957-8905-45f9-bfe3-960713788919";

    private final EventScrubber scrubber = new EventScrubber(List.of("short-key", "short-key-but-longer", " "));

    @Test
    void aDeviceIdBecomesTheSameHashInEitherHexCase() {
        String lower = this.scrubber.scrub("device " + DEVICE);
        String upper = this.scrubber.scrub("device " + DEVICE.toUpperCase());
        assertThat(lower).matches("device uuid#[0-9a-f]{12}").isEqualTo(upper);
        assertThat(this.scrubber.scrub("device 4f8b6d2e-1c3a-4e5f-8a7b-9c0d1e2f3a4b")).isNotEqualTo(lower);
    }

    @Test
    void configuredKeysAreReplacedWholeAndBearerTokensWhateverThey() {
        assertThat(this.scrubber.scrub("keys short-key-but-longer and short-key"))
            .isEqualTo("keys [api key] and [api key]");
        assertThat(this.scrubber.scrub("Authorization: Bearer abc.def-123, then"))
            .isEqualTo("Authorization: Bearer [redacted], then");
        assertThat(this.scrubber.scrub("authorization: bearer x")).isEqualTo("authorization: bearer [redacted]");
    }

    @Test
    void queryStringsAreCutAndTheRestOfTheTextIsLeftAlone() {
        assertThat(this.scrubber.scrub("GET http://host:9000/api/devices?id=a,b&fields=x failed"))
            .isEqualTo("GET http://host:9000/api/devices?[query] failed");
        assertThat(this.scrubber.scrub("Is /data full? No.")).isEqualTo("Is /data full? No.");
        assertThat(this.scrubber.scrub("Journal write failed in /data; creates are refused with 503"))
            .isEqualTo("Journal write failed in /data; creates are refused with 503");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTextOfTheEventIsScrubbedAndRequestUserAndBreadcrumbsAreDropped() {
        SentryEvent event = new SentryEvent();
        Message message = new Message();
        message.setMessage("Store failed for " + DEVICE);
        message.setFormatted("Store failed for " + DEVICE);
        message.setParams(List.of(DEVICE));
        event.setMessage(message);
        SentryException exception = new SentryException();
        exception.setValue("Key (device_id)=(" + DEVICE + ") short-key");
        event.setExceptions(List.of(exception));
        event.setExtra("detail", DEVICE);
        event.getContexts().put("MDC", Map.of("spanId", "00f067aa0ba902b7", "other", DEVICE));
        event.setRequest(new Request());
        event.setUser(new User());
        event.setBreadcrumbs(List.of(new Breadcrumb("GET /api/devices/" + DEVICE)));
        event.setTag("requestId", "kept-as-is");

        SentryEvent scrubbed = this.scrubber.execute(event, new Hint());

        assertThat(scrubbed.getMessage().getMessage()).doesNotContain(DEVICE).contains("uuid#");
        assertThat(scrubbed.getMessage().getFormatted()).doesNotContain(DEVICE);
        assertThat(scrubbed.getMessage().getParams()).singleElement().asString().startsWith("uuid#");
        assertThat(scrubbed.getExceptions().get(0).getValue()).doesNotContain(DEVICE, "short-key");
        assertThat(scrubbed.getExtra("detail")).asString().startsWith("uuid#");
        assertThat((Map<String, Object>) scrubbed.getContexts().get("MDC")).containsEntry("spanId", "00f067aa0ba902b7")
            .doesNotContainValue(DEVICE);
        assertThat(scrubbed.getRequest()).isNull();
        assertThat(scrubbed.getUser()).isNull();
        assertThat(scrubbed.getBreadcrumbs()).isNullOrEmpty();
        assertThat(scrubbed.getTag("requestId")).isEqualTo("kept-as-is");
    }

}
