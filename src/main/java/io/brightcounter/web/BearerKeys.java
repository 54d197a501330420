package io.brightcounter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Keys presented as {@code Authorization: Bearer <key>}, compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing of how much of a key
 * matched, nor of its length. Keys are never logged.
 */
public final class BearerKeys {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keyDigests;

    public BearerKeys(List<String> keys) {
        this.keyDigests = keys.stream().map((key) -> sha256(key.getBytes(StandardCharsets.US_ASCII))).toList();
    }

    public boolean isEmpty() {
        return this.keyDigests.isEmpty();
    }

    /** Whether the {@code Authorization} header carries one of the keys. */
    public boolean authorizes(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Tomcat hands header bytes over as ISO-8859-1 characters: back to those very
        // bytes, the way the (visible ASCII) keys are hashed too, so no decoding choice
        // can make a key differ.
        byte[] presented = sha256(
                authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.ISO_8859_1));
        boolean matched = false;
        for (byte[] key : this.keyDigests) {
            // No early exit: every key is compared, whichever matches.
            matched |= MessageDigest.isEqual(key, presented);
        }
        return matched;
    }

    private static byte[] sha256(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-256", ex);
        }
    }

}
