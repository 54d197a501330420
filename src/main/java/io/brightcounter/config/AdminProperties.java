package io.brightcounter.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code bright-counter.*} for what changes or removes stored data, kept
 * apart from the keys that read and write readings.
 *
 * @param adminApiKeys keys that may delete devices, as {@code Authorization: Bearer
 * <key>}; none (the default) means deleting is off. With API keys configured, an admin
 * key is accepted wherever an API key is.
 */
@ConfigurationProperties("bright-counter")
public record AdminProperties(@DefaultValue List<String> adminApiKeys) {

    public AdminProperties {
        adminApiKeys = BrightCounterProperties.keys(adminApiKeys, "bright-counter.admin-api-keys");
    }

    /** Keys are secrets: never printed, whatever logs this record. */
    @Override
    public String toString() {
        return "AdminProperties[adminApiKeys=" + this.adminApiKeys.size() + " keys]";
    }

}
