package io.brightcounter.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata the configuration processor writes at build time, which IDEs read to
 * complete and describe {@code bright-counter.*}: it names every setting of the records,
 * each with its description.
 */
class ConfigurationMetadataTests {

    private static final Pattern WORD_START = Pattern.compile("(?<=[a-z0-9])([A-Z])");

    @Test
    void everySettingOfTheRecordsIsDescribedInTheMetadata() throws Exception {
        Map<String, JsonNode> described = new TreeMap<>();
        for (JsonNode property : metadata().get("properties")) {
            described.put(property.get("name").asString(), property.get("description"));
        }
        Map<String, Class<?>> settings = new TreeMap<>();
        for (Class<?> record : new Class<?>[] { BrightCounterProperties.class, AdminProperties.class,
                EdgeProperties.class, Class.forName("io.brightcounter.readings.memory.JournalProperties") }) {
            collect(record.getAnnotation(ConfigurationProperties.class).value(), record, settings);
        }
        assertThat(settings).hasSizeGreaterThan(15).containsKey("bright-counter.journal.segment-size");
        assertThat(described).containsOnlyKeys(settings.keySet());
        assertThat(described).allSatisfy((name, description) -> assertThat(description).as(name).isNotNull());
        assertThat(described.get("bright-counter.max-request-bytes").asString())
            .startsWith("largest accepted request body");
    }

    /** Each component a setting, each nested record of this package a group of them. */
    private static void collect(String prefix, Class<?> record, Map<String, Class<?>> settings) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + WORD_START.matcher(component.getName()).replaceAll("-$1").toLowerCase();
            Class<?> type = component.getType();
            if (type.isRecord() && type.getPackageName().startsWith("io.brightcounter")) {
                collect(name, type, settings);
            }
            else {
                settings.put(name, type);
            }
        }
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            return JsonMapper.builder().build().readTree(in);
        }
    }

}
