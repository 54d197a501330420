package io.brightcounter.operations.errortracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import io.sentry.protocol.Message;
import io.sentry.protocol.SentryException;
import org.jspecify.annotations.Nullable;

/**
 * The last step before an event is queued for sending: takes out what must never leave
 * the service. Nothing in this setup attaches a request (its body, headers or URL), a
 * user or breadcrumbs, and they are dropped here all the same should a later change bring
 * them. What remains is text written by the service or its libraries (the log message,
 * exception messages, the logging context), which may quote a device id, a key or a URL;
 * in it:
 * <ul>
 * <li>a UUID, such as a device id, becomes {@code uuid#} and 12 hex digits of its SHA-256
 * (either hex case alike), so that repeats of one device still group and match;
 * <li>each configured API key (and admin key) becomes {@code [api key]}, and whatever
 * follows {@code Bearer} becomes {@code [redacted]};
 * <li>a query string after a path becomes {@code ?[query]}.
 * </ul>
 * The tags are the service's own (request id, trace id, route template, store) and are
 * left as they are.
 */
final class EventScrubber implements SentryOptions.BeforeSendCallback {

    private static final Pattern UUID = Pattern
        .compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[^\\s\"',;]+");

    private static final Pattern QUERY = Pattern.compile("(/[^\\s?#\"']*)\\?[^\\s#\"']+");

    private final List<String> secrets;

    EventScrubber(List<String> secrets) {
        // Longest first, so that a key that contains another is replaced whole.
        this.secrets = secrets.stream()
            .map(String::trim)
            .filter((secret) -> !secret.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    }

    @Override
    public SentryEvent execute(SentryEvent event, Hint hint) {
        event.setRequest(null);
        event.setUser(null);
        event.setBreadcrumbs(null);
        Message message = event.getMessage();
        if (message != null) {
            message.setMessage(scrub(message.getMessage()));
            message.setFormatted(scrub(message.getFormatted()));
            if (message.getParams() != null) {
                message.setParams(message.getParams().stream().map(this::scrub).toList());
            }
        }
        if (event.getExceptions() != null) {
            for (SentryException exception : event.getExceptions()) {
                exception.setValue(scrub(exception.getValue()));
            }
        }
        if (event.getExtras() != null) {
            event.setExtras(scrubValues(event.getExtras()));
        }
        for (String key : Collections.list(event.getContexts().keys())) {
            if (event.getContexts().get(key) instanceof Map<?, ?> values) {
                event.getContexts().put(key, scrubValues(values));
            }
        }
        return event;
    }

    private Map<String, Object> scrubValues(Map<?, ?> values) {
        Map<String, Object> scrubbed = new LinkedHashMap<>();
        values.forEach((key, value) -> scrubbed.put(String.valueOf(key),
                (value instanceof String text) ? scrub(text) : value));
        return scrubbed;
    }

    @Nullable String scrub(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String secret : this.secrets) {
            scrubbed = scrubbed.replace(secret, "[api key]");
        }
        scrubbed = BEARER.matcher(scrubbed).replaceAll("$1 [redacted]");
        scrubbed = QUERY.matcher(scrubbed).replaceAll("$1?[query]");
        Matcher uuids = UUID.matcher(scrubbed);
        return uuids.replaceAll((match) -> "uuid#" + sha256(match.group().toLowerCase(Locale.ROOT)).substring(0, 12));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java runtime has SHA-256", ex);
        }
    }

}
